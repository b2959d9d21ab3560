import LedgerSample
import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import LedgerPostgreSQL
@testable import LedgerSQLite
@testable import LedgerStorage
@testable import TransferLedger

/// The write path's pipeline mode: statements sent without waiting keep their meaning — a failure is
/// reported precisely and undoes the whole transaction, reads see what was sent before them, and a
/// ledger's batches stay all or nothing, idempotent, and verifiable.
@Suite struct PostgreSQLPipelineTests {
    @Test func sentStatementsCommitTogetherAndReadsSeeThem() throws {
        let database = try PostgresServer.database()
        defer { database.drop() }
        let connection = try PostgresConnection(uri: database.uri)
        try connection.execute("CREATE TABLE item (n bigint PRIMARY KEY, t text NOT NULL)")
        let insert = try connection.statement("INSERT INTO item VALUES ($1, $2)")
        let count = try connection.statement("SELECT count(*) FROM item")
        // More than one window, so results are collected while sending too.
        let total = PostgresConnection.pipelineWindow * 2 + 7
        let seen = try connection.transaction {
            for n in 0..<total { try insert.send(.integer(Int64(n)), .text("row \(n)")) }
            // The read joins the pipeline and sees every row sent before it.
            return try count.firstRow { $0.int64(0) }
        }
        #expect(seen == Int64(total))
        #expect(!connection.hasPendingResults)
        #expect(try count.firstRow { $0.int64(0) } == Int64(total))
    }

    @Test func theFirstFailureIsReportedAndNothingIsKept() throws {
        let database = try PostgresServer.database()
        defer { database.drop() }
        let connection = try PostgresConnection(uri: database.uri)
        try connection.execute("CREATE TABLE item (n bigint PRIMARY KEY, t text NOT NULL)")
        let insert = try connection.statement("INSERT INTO item VALUES ($1, $2)")
        let other = try connection.statement("INSERT INTO item (t, n) VALUES ($1, $2)")
        let error = #expect(throws: PostgresError.self) {
            try connection.transaction {
                try insert.send(.integer(1), .text("one"))
                try other.send(.text("again"), .integer(1))  // the duplicate: the first failure
                try insert.send(.integer(2), .text("two"))    // skipped by the server
                try insert.send(.integer(2), .text("two"))
            }
        }
        #expect(error?.code == .uniqueViolation)
        #expect(error?.sql == "INSERT INTO item (t, n) VALUES ($1, $2)")
        #expect(!connection.hasPendingResults)
        #expect(!connection.isInTransaction)
        // Nothing of the transaction is kept, and the connection works on.
        #expect(try connection.statement("SELECT count(*) FROM item").firstRow { $0.int64(0) } == 0)
        try connection.transaction { try insert.send(.integer(1), .text("one")) }
        #expect(try connection.statement("SELECT count(*) FROM item").firstRow { $0.int64(0) } == 1)
    }

    @Test func aBodyThatThrowsAfterSendingRollsBack() throws {
        struct Refused: Error {}
        let database = try PostgresServer.database()
        defer { database.drop() }
        let connection = try PostgresConnection(uri: database.uri)
        try connection.execute("CREATE TABLE item (n bigint PRIMARY KEY)")
        let insert = try connection.statement("INSERT INTO item VALUES ($1)")
        #expect(throws: Refused.self) {
            try connection.transaction {
                for n in 0..<10 { try insert.send(.integer(Int64(n))) }
                throw Refused()
            }
        }
        #expect(!connection.isInTransaction)
        #expect(try connection.statement("SELECT count(*) FROM item").firstRow { $0.int64(0) } == 0)
    }

    @Test func aLedgerBatchIsWholeIdempotentAndVerifies() throws {
        let database = try PostgresServer.database()
        defer { database.drop() }
        let ledger = try Ledger.create(at: .postgres(database.uri))
        let facts = try ledger.register(SampleGroup.registryFacts()).count
        let transfers = SampleGroup.transfers(count: 300, endingAt: Timestamp(microseconds: 1_780_000_000_000_000), seed: 5)
        let first = try ledger.record(contentsOf: Array(transfers[..<200]))
        #expect(first.allSatisfy { !$0.duplicate })
        // Keys already recorded: the unique index refuses them in the pipeline, and the batch is
        // appended again with every key looked up.
        let second = try ledger.record(contentsOf: Array(transfers[100...]))
        let duplicates = second.map(\.duplicate)
        #expect(duplicates == Array(repeating: true, count: 100) + Array(repeating: false, count: 100))
        #expect(zip(first[100...], second[..<100]).allSatisfy { $0.seq == $1.seq && $0.hash == $1.hash })
        let report = try Ledger(location: .postgres(database.uri), readOnly: true).verify()
        #expect(report.isIntact)
        #expect(report.entriesChecked == UInt64(facts + 300))
    }
}
