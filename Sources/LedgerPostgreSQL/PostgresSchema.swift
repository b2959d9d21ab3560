/// The ledger's PostgreSQL schema: recognising a database as a ledger, migrating it, granting the
/// roles. The SQL is Schema/postgres/, embedded (`PostgresEmbeddedResources`).
enum PostgresSchema {
    /// `ledger_schema.application_id` of every ledger: "TLGR" in ASCII, as the SQLite file's
    /// application_id.
    static let applicationID: Int64 = 0x544C_4752
    /// The schema version this build creates and reads: the number of PostgreSQL migrations.
    static var version: Int { PostgresEmbeddedResources.migrations.count }

    /// The first key of the ledger's advisory locks (`pg_advisory_xact_lock(key, lock)`).
    static let lockKey: Int64 = applicationID
    /// The advisory lock migrations take, so two `init`s cannot both migrate.
    static let migrationLock: Int64 = 0
    /// The advisory lock appenders take before reading the chain tip (FORMAT.md §6.1).
    static let tipLock: Int64 = 1
    /// The session-level advisory lock the intake's sequencer holds (FORMAT.md §6.2).
    static let sequencerLock: Int64 = 2

    /// What a database holds, as far as the ledger is concerned.
    enum State: Equatable {
        /// No tables in the current schema: a ledger can be created here.
        case empty
        /// A ledger at this schema version.
        case ledger(version: Int)
        /// Tables that are not a ledger's (or a ledger_schema row that is not ours).
        case notALedger
    }

    /// Why a database cannot be opened or migrated as a ledger.
    enum Problem: Error, Equatable, CustomStringConvertible {
        case notALedger
        case newerVersion(found: Int, supported: Int)
        case encoding(String)

        var description: String {
            switch self {
            case .notALedger: "the database is not a TransferLedger ledger"
            case .newerVersion(let found, let supported):
                "the ledger's schema version is \(found); this build reads up to version \(supported)"
            case .encoding(let encoding):
                "the database's encoding is \(encoding); a ledger needs UTF8 so that canonical bytes are stored as they are"
            }
        }
    }

    static let tablesInSchema = "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = pg_catalog.current_schema()"
    static let identity = "SELECT application_id, version FROM ledger_schema"
    static let hasIdentityTable = "SELECT pg_catalog.to_regclass('ledger_schema') IS NOT NULL"
    static let serverEncoding = "SELECT pg_catalog.current_setting('server_encoding')"
    static let lock = "SELECT pg_catalog.pg_advisory_xact_lock($1, $2)"
    static let grant = "SELECT ledger_grant_roles($1, $2)"

    /// What the connected database holds, in its current schema.
    static func state(of connection: PostgresConnection) throws -> State {
        let hasIdentity = try connection.statement(hasIdentityTable).firstRow { $0.bool(0) } ?? false
        guard hasIdentity else {
            let tables = try connection.statement(tablesInSchema).firstRow { $0.int64(0) } ?? 0
            return tables == 0 ? .empty : .notALedger
        }
        // Only now: a statement that names ledger_schema cannot even be prepared without the table.
        let row = try connection.statement(identity).firstRow { ($0.int64(0), $0.int64(1)) }
        guard let (application, version) = row, application == applicationID else { return .notALedger }
        return .ledger(version: Int(version))
    }

    /// Creates the ledger in an empty database or brings an older one up to `version`, in one
    /// transaction under the migration lock; returns the version before. Run as the owner role.
    @discardableResult
    static func migrate(_ connection: PostgresConnection) throws -> Int {
        try connection.transaction {
            try connection.statement(lock).firstRow(.integer(lockKey), .integer(migrationLock)) { _ in () }
            let encoding = try connection.statement(serverEncoding).firstRow { $0.text(0) } ?? ""
            guard encoding == "UTF8" else { throw Problem.encoding(encoding) }
            let current: Int
            switch try state(of: connection) {
            case .empty: current = 0
            case .ledger(let found) where found <= version: current = found
            case .ledger(let found): throw Problem.newerVersion(found: found, supported: version)
            case .notALedger: throw Problem.notALedger
            }
            for (index, migration) in PostgresEmbeddedResources.migrations.enumerated().dropFirst(current) {
                try connection.execute(migration)
                // Each migration sets its own number; a mismatch means the files are out of order.
                guard case .ledger(index + 1) = try state(of: connection) else { throw Problem.notALedger }
            }
            return current
        }
    }

    /// Grants the writer role SELECT and INSERT on every ledger table and the auditor role SELECT
    /// (`ledger_grant_roles` in Schema/postgres/001-ledger.sql). Run as the owner.
    static func grantRoles(writer: String, auditor: String, on connection: PostgresConnection) throws {
        try connection.transaction {
            try connection.statement(grant).firstRow(.text(writer), .text(auditor)) { _ in () }
        }
    }
}
