import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import LedgerPostgreSQL
@testable import TransferLedger

/// The PostgreSQL schema: embedded as written, applied to an empty database, recognised after.
@Suite struct PostgreSQLSchemaTests {
    @Test func embeddedMigrationsMatchSchemaFolder() {
        let names = SchemaFile.migrations(in: "postgres")
        #expect(!names.isEmpty, "Schema/postgres/ was not found")
        #expect(PostgresEmbeddedResources.migrations.count == names.count, "run Tools/embed-resources.py")
        for (index, name) in names.enumerated() where index < PostgresEmbeddedResources.migrations.count {
            #expect(PostgresEmbeddedResources.migrations[index] == trimmed(SchemaFile.text("postgres/" + name)), "\(name) differs from the embedded copy: run Tools/embed-resources.py")
        }
        #expect(PostgresEmbeddedResources.roles == trimmed(SchemaFile.text("postgres/roles.sql")))
    }

    @Test func migratesAnEmptyDatabaseAndRecognisesIt() throws {
        let database = try PostgresServer.database()
        defer { database.drop() }
        let connection = try PostgresConnection(uri: database.uri)
        #expect(try PostgresSchema.state(of: connection) == .empty)
        #expect(try PostgresSchema.migrate(connection) == 0)
        #expect(try PostgresSchema.state(of: connection) == .ledger(version: PostgresSchema.version))
        // Migrating again is a no-op, from another connection too.
        #expect(try PostgresSchema.migrate(PostgresConnection(uri: database.uri)) == PostgresSchema.version)

        let tables = try database.admin().rows("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").compactMap { $0[0] }
        // subject_link is not chained: its rows can be erased (FORMAT.md §4.7).
        #expect(tables == (PostgreSQLLedgerDatabase.chainedTables.map(\.table) + ["intake", "intake_outcome", "ledger_schema", "subject_link"]).sorted())
        let indexes = try database.admin().rows("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%pkey' AND indexname NOT LIKE '%_key' ORDER BY 1").compactMap { $0[0] }
        #expect(indexes == ["erasure_item_by_erasure", "gov_access_request_by_id", "subject_link_by_seq", "transfer_by_destination", "transfer_by_exporter", "transfer_by_importer",
                            "transfer_by_mechanism", "transfer_by_region", "transfer_by_status", "transfer_by_time", "transfer_rule_by_rule"])
        // Canonical bytes are never stored as json or jsonb, which would normalise them.
        let jsonColumns = try database.admin().rows("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('json', 'jsonb')")
        #expect(jsonColumns == [["0"]])
    }

    @Test func refusesADatabaseThatIsNotALedger() throws {
        let database = try PostgresServer.database()
        defer { database.drop() }
        try database.admin().execute("CREATE TABLE customers (id bigint)")
        let connection = try PostgresConnection(uri: database.uri)
        #expect(try PostgresSchema.state(of: connection) == .notALedger)
        #expect(throws: PostgresSchema.Problem.notALedger) { try PostgresSchema.migrate(connection) }
        #expect(try database.admin().rows("SELECT to_regclass('entry') IS NULL") == [["t"]])
    }

    @Test func refusesASchemaNewerThanThisBuild() throws {
        let database = try PostgresServer.database()
        defer { database.drop() }
        let connection = try PostgresConnection(uri: database.uri)
        try PostgresSchema.migrate(connection)
        try database.admin().execute("UPDATE ledger_schema SET version = 99")
        #expect(try PostgresSchema.state(of: connection) == .ledger(version: 99))
        #expect(throws: PostgresSchema.Problem.newerVersion(found: 99, supported: PostgresSchema.version)) { try PostgresSchema.migrate(connection) }
    }

    @Test func theWriterMayAppendAndReadAndTheAuditorMayRead() throws {
        let ledger = try PostgreSQLLedgerDatabase()
        defer { ledger.drop() }
        let writer = try PostgresConnection(uri: ledger.writerURI)
        let insert = try writer.statement("INSERT INTO entry VALUES ($1, $2, $3, $4, $5, $6)")
        var previous = [UInt8](repeating: 0, count: 32)
        try writer.transaction {
            try writer.statement("SELECT pg_advisory_xact_lock($1, $2)").firstRow(.integer(PostgresSchema.lockKey), .integer(PostgresSchema.tipLock)) { _ in () }
            for seq in 0..<100 {
                let hash = (0..<32).map { UInt8((seq + $0) & 0xFF) }
                try insert.run(.integer(Int64(seq)), .text("transfer"), .text("2027-01-01T00:00:00Z"), .bytea(previous), .bytea(hash), .utf8(Array("{}".utf8)))
                previous = hash
            }
        }
        let auditor = try PostgresConnection(uri: ledger.auditorURI)
        let tip = try auditor.transaction(.readOnlySnapshot) {
            try auditor.statement("SELECT seq, hash FROM entry ORDER BY seq DESC LIMIT 1").firstRow { ($0.int64(0), $0.bytes(1)) }
        }
        #expect(tip?.0 == 99)
        #expect(tip?.1 == previous)
        #expect(try PostgresSchema.state(of: auditor) == .ledger(version: PostgresSchema.version))
    }

    private func trimmed(_ text: String) -> String {
        var text = text
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
