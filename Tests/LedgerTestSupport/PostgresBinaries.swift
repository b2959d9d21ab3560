import Foundation

/// Where the PostgreSQL server binaries (initdb, postgres, pg_ctl) are.
enum PostgresBinaries {
    /// `LEDGER_TEST_POSTGRES_BIN`, else Debian's /usr/lib/postgresql/<newest>/bin, else the PATH.
    static func find() throws -> String {
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["LEDGER_TEST_POSTGRES_BIN"] { candidates.append(override) }
        let debian = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: debian)) ?? []).compactMap(Int.init).sorted(by: >)
        candidates += versions.map { "\(debian)/\($0)/bin" }
        candidates += (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let found = candidates.first { directory in
            ["initdb", "postgres", "pg_ctl"].allSatisfy { FileManager.default.isExecutableFile(atPath: directory + "/" + $0) }
        }
        guard let found else {
            throw PostgresCluster.Failure("""
                The PostgreSQL tests need a server: initdb, postgres and pg_ctl were not found (looked in \
                \(candidates.prefix(4).joined(separator: ", ")), …). Install the postgresql package \
                (apt-get install postgresql; .ci/run does), set LEDGER_TEST_POSTGRES_BIN to their directory, \
                or set \(PostgresServer.environmentVariable) to an existing server's URI.
                """)
        }
        return found
    }
}
