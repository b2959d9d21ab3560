import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import LedgerPostgreSQL
@testable import LedgerSQLite
@testable import LedgerStorage
@testable import TransferLedger

/// The libpq wrapper against a real server: binding, binary results, streaming, transactions.
@Suite struct PostgreSQLConnectionTests {
    @Test func roundTripsEveryValueKind() throws {
        let database = try PostgresServer.database()
        defer { database.drop() }
        let connection = try PostgresConnection(uri: database.uri)
        try connection.execute("CREATE TABLE sample (n bigint, i integer, s smallint, t text, b bytea, j text)")
        let hash = (0..<32).map { UInt8($0 * 7 & 0xFF) }
        let payload = Array(#"{"a":"é ✓ \u0000-free","n":1}"#.utf8)
        let insert = try connection.statement("INSERT INTO sample VALUES ($1, $2, $3, $4, $5, $6)")
        #expect(try insert.run(.integer(Int64.min), .integer(-7), .integer(300), .text("héllo"), .bytea(hash), .utf8(payload)) == 1)
        #expect(try insert.run(.null, .null, .null, .text(""), .bytea([]), .null) == 1)

        let select = try connection.statement("SELECT n, i, s, t, b, j FROM sample ORDER BY n NULLS LAST")
        var rows: [[String]] = []
        try select.forEachRow { row in
            rows.append([row.isNull(0) ? "null" : String(row.int64(0)), String(row.int64(1)), String(row.int64(2)),
                         row.text(3), row.bytes(4).map { String($0) }.joined(separator: ","), row.isNull(5) ? "null" : row.text(5)])
        }
        #expect(rows == [
            [String(Int64.min), "-7", "300", "héllo", hash.map { String($0) }.joined(separator: ","), String(decoding: payload, as: UTF8.self)],
            ["null", "0", "0", "", "", "null"],
        ])
        let bytesInPlace = try select.firstRow { row in row.withBytes(4) { Array($0) } }
        #expect(bytesInPlace == hash)
    }

    @Test func preparesEachStatementOnceAndBindsByResolvedType() throws {
        let database = try PostgresServer.database()
        defer { database.drop() }
        let connection = try PostgresConnection(uri: database.uri)
        let first = try connection.statement("SELECT $1::int4 + 1, $2::numeric, $3::timestamptz IS NOT NULL")
        #expect(try connection.statement("SELECT $1::int4 + 1, $2::numeric, $3::timestamptz IS NOT NULL") === first)
        #expect(first.parameterTypes == [PostgresType.int4, 1700, 1184])
        let values = try first.firstRow(.integer(41), .integer(12), .text("2027-01-01T00:00:00Z")) { ($0.int64(0), $0.text(1), $0.bool(2)) }
        #expect(values?.0 == 42)
        #expect(values?.2 == true)
        // An integer too wide for int4 and bytes for a non-bytea parameter are refused before sending.
        #expect(throws: PostgresError.self) { try first.firstRow(.integer(1 << 40), .integer(1), .null) { _ in () } }
        let text = try connection.statement("SELECT length($1::text)")
        let mismatch = #expect(throws: PostgresError.self) { try text.firstRow(.bytea([1, 2])) { _ in () } }
        #expect(mismatch?.code == .datatypeMismatch)
    }

    /// 200,000 rows of 1 KiB come one at a time; the sum of their lengths proves each was read.
    @Test func streamsALargeResultRowByRow() throws {
        let database = try PostgresServer.database()
        defer { database.drop() }
        let connection = try PostgresConnection(uri: database.uri)
        let rows = 200_000
        let scan = try connection.statement("SELECT g, decode(lpad(to_hex(g), 64, '0'), 'hex'), repeat('x', 1024) FROM generate_series(1, $1) AS g")
        var count = 0
        var total = 0
        var lastKey: [UInt8] = []
        try scan.forEachRow(.integer(Int64(rows))) { row in
            count += 1
            #expect(row.int64(0) == Int64(count))
            total += row.withBytes(2) { $0.count }
            lastKey = row.bytes(1)
        }
        #expect(count == rows)
        #expect(total == rows * 1024)
        #expect(lastKey.suffix(3) == [0x03, 0x0D, 0x40])
        // The connection is ready for the next statement.
        #expect(try connection.statement("SELECT 1").firstRow { $0.int64(0) } == 1)
    }

    @Test func stoppingAStreamEarlyLeavesTheConnectionUsable() throws {
        let database = try PostgresServer.database()
        defer { database.drop() }
        let connection = try PostgresConnection(uri: database.uri)
        struct Enough: Error {}
        let scan = try connection.statement("SELECT g FROM generate_series(1, 10000) AS g")
        #expect(throws: Enough.self) { try scan.forEachRow { row in if row.int64(0) == 10 { throw Enough() } } }
        #expect(try connection.statement("SELECT 2").firstRow { $0.int64(0) } == 2)
    }

    @Test func transactionsCommitOrRollBackWhole() throws {
        let database = try PostgresServer.database()
        defer { database.drop() }
        let connection = try PostgresConnection(uri: database.uri)
        try connection.execute("CREATE TABLE item (id bigint PRIMARY KEY)")
        let insert = try connection.statement("INSERT INTO item VALUES ($1)")
        let count = try connection.statement("SELECT count(*) FROM item")
        try connection.transaction { try insert.run(.integer(1)); try insert.run(.integer(2)) }
        let duplicate = #expect(throws: PostgresError.self) {
            try connection.transaction { try insert.run(.integer(3)); try insert.run(.integer(1)) }
        }
        #expect(duplicate?.code == .uniqueViolation)
        #expect(duplicate?.constraint == "item_pkey")
        #expect(!connection.isInTransaction)
        #expect(try count.firstRow { $0.int64(0) } == 2)

        // A failure swallowed inside the body still fails the commit: PostgreSQL answers COMMIT of a
        // failed transaction with ROLLBACK, which must not pass for success.
        let swallowed = #expect(throws: PostgresError.self) {
            try connection.transaction { _ = try? insert.run(.integer(1)); try insert.run(.integer(9)) }
        }
        #expect(swallowed?.code == .inFailedSQLTransaction)
        try connection.transaction { _ = try? insert.run(.integer(1)) } catchingCommit: { error in
            #expect(error.code == .inFailedSQLTransaction)
        }
        #expect(try count.firstRow { $0.int64(0) } == 2)
    }

    @Test func sessionsNeverCompileQueries() throws {
        let database = try PostgresServer.database()
        defer { database.drop() }
        // A DBA's database default (JIT on, and set off only past a cost no ledger statement reaches)
        // must not decide: a compilation would cost a sequencing round, holding the tip, tens of ms.
        try database.admin().execute("ALTER DATABASE \(database.name) SET jit = on")
        try database.admin().execute("ALTER DATABASE \(database.name) SET jit_above_cost = 0")
        let connection = try PostgresConnection(uri: database.uri)
        #expect(try connection.statement("SELECT current_setting('jit')").firstRow { $0.text(0) } == "off")
    }

    @Test func snapshotsAreReadOnlyAndCommitsAreSynchronous() throws {
        let database = try PostgresServer.database()
        defer { database.drop() }
        // A database default that would make commits asynchronous, as a DBA might set for speed.
        try database.admin().execute("ALTER DATABASE \(database.name) SET synchronous_commit = off")
        let connection = try PostgresConnection(uri: database.uri)
        #expect(try connection.statement("SELECT current_setting('synchronous_commit')").firstRow { $0.text(0) } == "on")
        try connection.execute("CREATE TABLE item (id bigint)")
        try connection.execute("SET synchronous_commit = off")
        try connection.transaction {
            // The write transaction sets it back for itself, whatever the session says.
            let setting = try connection.statement("SELECT current_setting('synchronous_commit')").firstRow { $0.text(0) }
            #expect(setting == "on")
        }
        let refused = #expect(throws: PostgresError.self) {
            try connection.transaction(.readOnlySnapshot) { try connection.statement("INSERT INTO item VALUES (1)").run() }
        }
        #expect(refused?.code == .readOnlySQLTransaction)
        let isolation = try connection.transaction(.readOnlySnapshot) {
            try connection.statement("SELECT current_setting('transaction_isolation')").firstRow { $0.text(0) }
        }
        #expect(isolation == "repeatable read")
    }
}

private extension PostgresConnection {
    /// Runs a transaction whose commit is expected to fail, handing the failure to `check`.
    func transaction(_ body: () throws -> Void, catchingCommit check: (PostgresError) -> Void) throws {
        do {
            try transaction(.readWrite, body)
            Issue.record("the commit of a failed transaction succeeded")
        } catch let error as PostgresError {
            check(error)
        }
    }
}
