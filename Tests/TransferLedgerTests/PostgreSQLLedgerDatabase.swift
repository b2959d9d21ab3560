import LedgerTestSupport
@testable import LedgerPostgreSQL
@testable import TransferLedger

/// A migrated PostgreSQL ledger with the documented role layout: an owner that applied the schema,
/// a writer and an auditor granted by `ledger_grant_roles`, each able to log in.
struct PostgreSQLLedgerDatabase {
    let database: PostgresTestDatabase
    let ownerURI: String
    let writerURI: String
    let auditorURI: String

    init() throws {
        database = try PostgresServer.database()
        let owner = try database.createRole("owner")
        let writer = try database.createRole("writer")
        let auditor = try database.createRole("auditor")
        // The owner owns the database, hence (PostgreSQL 15) may create in its public schema.
        try database.admin().execute("ALTER DATABASE \(database.name) OWNER TO \(owner.name)")
        ownerURI = try database.uri(user: owner.name, password: owner.password)
        writerURI = try database.uri(user: writer.name, password: writer.password)
        auditorURI = try database.uri(user: auditor.name, password: auditor.password)
        let connection = try PostgresConnection(uri: ownerURI)
        try PostgresSchema.migrate(connection)
        try PostgresSchema.grantRoles(writer: writer.name, auditor: auditor.name, on: connection)
    }

    func drop() {
        database.drop()
    }

    static let zeroHash = "decode(repeat('00', 32), 'hex')"

    /// The 32-byte hash written `byte` repeated, as SQL.
    static func hash(_ byte: Int) -> String {
        "decode(repeat('\(String(format: "%02x", byte))', 32), 'hex')"
    }

    /// SQL inserting entry `seq` with hash `hash(seq + 1)` linked to `hash(seq)` (or zeros for 0).
    static func entry(_ seq: Int, kind: String = "transfer") -> String {
        "INSERT INTO entry VALUES (\(seq), '\(kind)', '2027-01-01T00:00:00Z', \(seq == 0 ? zeroHash : hash(seq)), \(hash(seq + 1)), '{}')"
    }

    /// A row in every chained table: entries 0–6 and the projection rows that point at them.
    static let oneOfEach = [
        entry(0), entry(1, kind: "registry"), entry(2, kind: "checkpoint"), entry(3, kind: "correction"),
        entry(4, kind: "govAccessRequest"), entry(5, kind: "referenceData"), entry(6, kind: "erasure"),
        "INSERT INTO transfer VALUES (0, 'key-0', 1, 'A', 'controller', 'B', 'processor', 'IN', 'ADEQUATE', 'adequacy', 1, 0, 'compliant')",
        "INSERT INTO transfer_private VALUES (0, '{}')",
        "INSERT INTO transfer_rule VALUES ('R1', 0)",
        "INSERT INTO registry_fact VALUES (1)",
        "INSERT INTO checkpoint VALUES (2)",
        "INSERT INTO node VALUES (1, 0, \(hash(9)))",
        "INSERT INTO correction VALUES (3, 0, 'compliant')",
        "INSERT INTO gov_access_request VALUES (4, 'req-1', 1, 'US', 'received')",
        "INSERT INTO reference_data VALUES (5, 'abc', '2027-01-01')",
        // Names entry 3, not 0: entry 0's private document stays undeletable.
        "INSERT INTO erasure_item VALUES (6, 3, 'private', repeat('a', 64))",
    ].joined(separator: ";\n")

    /// Every table whose rows are part of the ledger, each with a column to try to update.
    static let chainedTables: [(table: String, column: String)] = [
        ("entry", "kind"), ("transfer", "status"), ("transfer_private", "document"), ("transfer_rule", "rule"),
        ("registry_fact", "seq"), ("node", "hash"), ("checkpoint", "seq"), ("correction", "status"),
        ("gov_access_request", "status"), ("reference_data", "effective_from"), ("erasure_item", "digest"),
    ]
}
