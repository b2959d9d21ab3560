/// The two storage backends a ledger can live in. Behavioural tests take `Backend.allCases` as
/// arguments, so that what they assert holds for both and the backends cannot drift apart.
public enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
    /// One SQLite file in a scratch directory.
    case sqlite
    /// A fresh database of its own on the tests' PostgreSQL server (`PostgresServer`).
    case postgres

    public var description: String { rawValue }

    /// A new place for one test's ledger, empty: a file path that does not exist yet, or the URI of a
    /// new, empty database. Call `remove()` when done (from `defer`).
    public func makeLocation(_ name: String = "test.ledger") throws -> ScratchLedger {
        let directory = try TemporaryDirectory()
        switch self {
        case .sqlite:
            return ScratchLedger(backend: self, path: directory.file(name), directory: directory, database: nil)
        case .postgres:
            do {
                let database = try PostgresServer.database()
                return ScratchLedger(backend: self, path: database.uri, directory: directory, database: database)
            } catch {
                directory.remove()
                throw error
            }
        }
    }
}

/// Where one test keeps its ledger, on either backend, with a scratch directory for its other files.
public struct ScratchLedger: Sendable {
    public let backend: Backend
    /// What `Ledger(path:)`, `Ledger.create(at:)` and `--db` take: a file path or a `postgresql://` URI.
    public let path: String
    /// A scratch directory of the test's own, for exports, keys and the like.
    public let directory: TemporaryDirectory
    /// The database, on PostgreSQL.
    public let database: PostgresTestDatabase?

    /// The path of `name` in the scratch directory.
    public func file(_ name: String) -> String {
        directory.file(name)
    }

    /// A connection that bypasses the library: RawSQLite on the file, the superuser on the database.
    public func raw() throws -> RawLedger {
        try RawLedger(location: path)
    }

    /// Runs `change` in one transaction with every guard of the ledger's tables off (triggers, CHECK
    /// constraints and, on PostgreSQL, foreign keys), as an attacker with write access to the storage
    /// would, then puts them back exactly, so that only the change itself is left to be found.
    public func tamper(_ change: (RawLedger) throws -> Void) throws {
        try raw().tamper(change)
    }

    /// Runs SQL statements (no parameters) with every guard off; see `tamper(_:)`.
    public func tamper(sql: String) throws {
        try tamper { try $0.execute(sql) }
    }

    /// Waits until no other connection to the database is inside a statement or a transaction (at once
    /// for a file), so that a killed writer's transaction has ended, committed or rolled back, before a
    /// test looks at the ledger. Idle connections, such as the test's own, do not count.
    public func awaitOtherTransactionsEnded() async throws {
        guard let database else { return }
        let admin = try database.admin()
        let deadline = ContinuousClock.now + .seconds(60)
        while try !admin.rows("""
            SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'
            """).isEmpty {
            guard ContinuousClock.now < deadline else { throw PostgresCluster.Failure("a transaction on \(database.name) did not end within 60 s") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Deletes the file and its directory, or drops the database.
    public func remove() {
        database?.drop()
        directory.remove()
    }
}
