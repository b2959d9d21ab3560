import Foundation
import Synchronization

/// A throwaway PostgreSQL cluster for one test process: initdb in a scratch directory, the server on
/// a Unix socket in it (no TCP), with `fsync=on` like a real one.
///
/// A watchdog (`setsid sh`, in a session of its own so a Ctrl-C to the test's process group does
/// not kill it) runs initdb and the server as its children and, once the test process's pid is gone
/// (exit, crash or kill -9), stops the server with `pg_ctl stop -m immediate`, reaps it and removes
/// the directory. On a normal exit an atexit handler stops the server before the process
/// ends, so nothing is left running when `swift test` returns. As root (CI), initdb and the server
/// run as the `postgres` user through `runuser`, since both refuse to run as root.
struct PostgresCluster {
    let directory: String
    let adminURI: String

    /// The data directory's postmaster.pid, for the atexit handler; nil until a server runs.
    private static let running = Mutex<String?>(nil)

    static func start() throws -> PostgresCluster {
        let binaries = try PostgresBinaries.find()
        var template = Array("/tmp/tlpg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw Failure("cannot create a scratch directory in /tmp") }
        let directory = String(cString: made)
        var prefix: [String] = []
        if geteuid() == 0 {
            guard let user = getpwnam("postgres") else {
                throw Failure("the tests run as root and there is no `postgres` user to run PostgreSQL as (initdb refuses root); install the postgresql package")
            }
            guard chown(directory, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else { throw Failure("cannot chown \(directory) to postgres") }
            prefix = ["/usr/sbin/runuser", "-u", "postgres", "--"]
        }
        chmod(directory, 0o700)
        let watchdog = try startWatchdog(directory: directory, binaries: binaries, prefix: prefix)
        running.withLock { $0 = directory + "/data/postmaster.pid" }
        atexit { PostgresCluster.stopAtExit() }

        let adminURI = "postgresql://postgres@/postgres?host=\(directory)"
        let deadline = Date().addingTimeInterval(120)
        while !PostgresAdminConnection.ping(adminURI) {
            if FileManager.default.fileExists(atPath: directory + "/failed") {
                throw Failure("initdb failed for the test server:\n" + tail(directory + "/initdb.log"))
            }
            guard watchdog.poll() == nil, Date() < deadline else {
                throw Failure("the test server did not start within 120 s; its log:\n" + tail(directory + "/log"))
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        try PostgresAdminConnection(adminURI).execute("CREATE ROLE \(PostgresTestDatabase.passwordGroup) NOLOGIN")
        return PostgresCluster(directory: directory, adminURI: adminURI)
    }

    /// The watchdog, started before anything is written so that nothing outlives the test process:
    /// it creates the cluster, starts the server as its child, waits for the test process to go,
    /// then stops the server, waits for it and removes the directory.
    ///
    /// initdb -N: its own fsyncs only make a scratch cluster slower to create; the server runs with
    /// fsync on. pg_hba.conf gains a first line asking members of the password group for a
    /// password (rewritten in place, so it keeps its owner), so password handling can be tested.
    private static func startWatchdog(directory: String, binaries: String, prefix: [String]) throws -> Spawn.Child {
        let script = #"""
            parent=$1; dir=$2; bin=$3; group=$4; shift 4
            if "$@" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C -N >"$dir/initdb.log" 2>&1 \
                && kill -0 "$parent" 2>/dev/null; then
                hba=$(cat "$dir/data/pg_hba.conf")
                printf 'local all +%s scram-sha-256\n%s\n' "$group" "$hba" >"$dir/data/pg_hba.conf"
                "$@" "$bin/postgres" -D "$dir/data" -k "$dir" -c listen_addresses= -c fsync=on \
                    -c max_connections=200 >"$dir/log" 2>&1 </dev/null &
                server=$!
            else
                touch "$dir/failed"
            fi
            while kill -0 "$parent" 2>/dev/null; do sleep 0.2; done
            if [ -n "${server:-}" ]; then
                "$@" "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1
                wait "$server"
            fi
            rm -rf "$dir"
            """#
        // Not the test process's stdout or stderr: `swift test` reads those until they close. In "/",
        // which the `postgres` user can enter too, rather than wherever the tests were started.
        return try Spawn.start("/usr/bin/setsid", ["sh", "-c", script, "tl-postgres-watchdog", String(getpid()), directory, binaries,
                                                   PostgresTestDatabase.passwordGroup] + prefix,
                               environment: ProcessInfo.processInfo.environment, directory: "/",
                               input: "/dev/null", output: "/dev/null", errors: "/dev/null")
    }

    /// Stops the server on a normal exit: SIGQUIT is PostgreSQL's immediate shutdown (what
    /// `pg_ctl stop -m immediate` sends); the postmaster removes its pid file once every backend has
    /// gone. The watchdog removes the directory after the process has ended.
    private static func stopAtExit() {
        guard let pidFile = running.withLock({ $0 }),
              let contents = try? String(contentsOfFile: pidFile, encoding: .utf8),
              let line = contents.split(separator: "\n").first, let pid = pid_t(line) else { return }
        kill(pid, SIGQUIT)
        for _ in 0..<600 where FileManager.default.fileExists(atPath: pidFile) {
            usleep(50_000)
        }
    }

    private static func tail(_ path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "(no log)"
        return text.split(separator: "\n").suffix(20).joined(separator: "\n")
    }

    /// Why the test server could not start.
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
