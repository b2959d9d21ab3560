import LedgerTestSupport
import Foundation
import TransferLedger

/// A temporary working directory with a ledger location in it (a file path, or a PostgreSQL database
/// of the session's own), and `ledger` run inside it.
struct CLISession {
    let scratch: ScratchLedger
    var directory: TemporaryDirectory { scratch.directory }
    /// The default ledger location of the session's commands: a path, or a `postgresql://` URI.
    var db: String { scratch.path }

    init(_ backend: Backend = .sqlite) throws {
        scratch = try backend.makeLocation("cli.ledger")
    }

    func remove() {
        scratch.remove()
    }

    /// Runs `ledger arguments…` in the session's directory.
    func run(_ arguments: String..., input: [UInt8] = [], environment: [String: String] = [:]) async throws -> LedgerProcess.Result {
        try await LedgerProcess.run(arguments, input: input, environment: environment, in: directory.path)
    }

    /// Runs `ledger arguments…` with stdout to `standardOutput` and through `launcher` (see `LedgerProcess.run`).
    func run(_ arguments: [String], input: [UInt8] = [], standardOutput: String? = nil, launcher: [String] = []) async throws -> LedgerProcess.Result {
        try await LedgerProcess.run(arguments, input: input, standardOutput: standardOutput, launcher: launcher, in: directory.path)
    }

    /// A launcher that runs the binary with a file size limit of 0: every write that would grow a file
    /// fails (EFBIG) as on a full disk, with SIGXFSZ ignored (an ignored signal stays so across exec).
    static let fullDisk = ["/bin/sh", "-c", "trap '' XFSZ; ulimit -f 0; exec \"$@\"", "sh"]

    /// The names in the session's directory, hidden ones included, but not the runner's own files.
    func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".std") }.sorted()
    }

    /// Runs `ledger arguments…` on hostile input: killed if it hangs, so the test fails rather than waits.
    func runGuarded(_ arguments: [String], input: [UInt8] = []) async throws -> LedgerProcess.Result {
        try await LedgerProcess.run(arguments, input: input, in: directory.path, watchdogSeconds: 60)
    }

    /// The number of entries in the ledger at `db`.
    func entryCount() throws -> UInt64 {
        try Ledger(path: db, readOnly: true).entryCount()
    }

    /// Writes `bytes` to `name` in the session's directory and returns its path.
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let path = directory.file(name)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// Builds a demo ledger of `count` transfers in the session's directory through the CLI; its path
    /// and what demo printed.
    func demo(count: Int, name: String = "demo.ledger") async throws -> (path: String, output: LedgerProcess.Result) {
        let path = directory.file(name)
        let demo = try await run("demo", "--count", String(count), "--db", path)
        guard demo.status == 0 else { throw Failure("demo failed (\(demo.status)): \(demo.stderr)") }
        return (path, demo)
    }

    /// Creates the ledger at `db` and registers `CLIFixture.registryLines`, through the CLI.
    /// Records the group's identity (`CLIFixture.groupLine`), which `export` requires.
    func registerGroup() async throws {
        let registered = try await run("registry", "add", "--db", db, input: Array((CLIFixture.groupLine + "\n").utf8))
        guard registered.status == 0 else { throw Failure("registry add (group) failed: \(registered.stderr)") }
    }

    func initWithRegistry() async throws {
        let created = try await run("init", "--db", db)
        guard created.status == 0 else { throw Failure("init failed: \(created.stderr)") }
        let registered = try await run("registry", "add", "--db", db, input: CLIFixture.registry)
        guard registered.status == 0 else { throw Failure("registry add failed: \(registered.stderr)") }
    }

    /// A ledger at `db` holding the fixture registry then `transfers` (compliant ones: `record` must exit 0),
    /// recorded through the CLI; returns the transfers' receipts as JSON objects.
    @discardableResult
    func ledger(with transfers: [Transfer] = CLIFixture.three) async throws -> [JSONObject] {
        try await initWithRegistry()
        let recorded = try await run("record", "--db", db, input: CLIFixture.ndjson(transfers))
        guard recorded.status == 0 else { throw Failure("record failed (\(recorded.status)): \(recorded.stderr)") }
        return try recorded.stdout.split(separator: "\n").map { line in
            guard let object = try JSONParser.parse(String(line)).objectValue else { throw Failure("receipt is not an object: \(line)") }
            return object
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

extension LedgerProcess.Result {
    /// Stdout split into lines, without the final empty one.
    var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
}
