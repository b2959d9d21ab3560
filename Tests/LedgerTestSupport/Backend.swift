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
        if let database { try RawLedger(postgres: database.admin()) } else { try RawLedger(sqlite: RawSQLite(path)) }
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

    /// Deletes the file and its directory, or drops the database.
    public func remove() {
        database?.drop()
        directory.remove()
    }
}
