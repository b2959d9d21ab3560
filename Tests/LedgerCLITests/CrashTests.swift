import LedgerSample
import Foundation
import Testing
import LedgerTestSupport
import TransferLedger

/// `ledger record` killed with SIGKILL at arbitrary moments: a batch lands whole or not at all, every
/// receipt a writer printed names an entry that is in the file with that hash, and the next writer
/// carries on from a ledger that verifies. The same on an SQLite file and a PostgreSQL database, where
/// the kill drops the writer's connection in the middle of its transaction.
@Suite("Writers killed mid-append")
struct CrashTests {
    static let batchSize = 1_500

    /// Starts `ledger record --db path` on `input` and kills it after `delay`, unless it finished
    /// first; returns its exit status (nil when killed) and what it printed.
    static func recordKilled(after delay: Duration, input: [UInt8], path: String, in directory: TemporaryDirectory) async throws -> (status: Int32?, stdout: String) {
        let writer = try RunningLedger(["record", "--db", path], input: input, in: directory)
        try await writer.kill(after: delay)
        let outcome = writer.finish()
        return (outcome.status, outcome.stdout)
    }

    static func ndjson(_ transfers: [Transfer]) -> [UInt8] {
        Array(transfers.map { $0.jsonValue.canonicalText + "\n" }.joined().utf8)
    }

    @Test(arguments: Backend.allCases)
    func aKilledBatchLandsWholeOrNotAtAll(_ backend: Backend) async throws {
        let scratch = try backend.makeLocation("crash.ledger")
        defer { scratch.remove() }
        let directory = scratch.directory, path = scratch.path
        _ = try Ledger.create(at: path).register(SampleGroup.registryFacts())
        let delays: [Duration] = [.milliseconds(40), .milliseconds(150), .milliseconds(400), .milliseconds(900), .seconds(3)]
        var expected = try Ledger(path: path, readOnly: true).entryCount()
        for (round, delay) in delays.enumerated() {
            let transfers = SampleGroup.transfers(count: Self.batchSize, endingAt: SampleGroup.yearEnd, seed: UInt64(100 + round))
            let outcome = try await Self.recordKilled(after: delay, input: Self.ndjson(transfers), path: path, in: directory)
            // A killed client's server process may still be finishing its commit or rollback.
            try await scratch.awaitOtherTransactionsEnded()

            let ledger = try Ledger(path: path, readOnly: true)
            let count = try ledger.entryCount()
            #expect(count == expected || count == expected + UInt64(Self.batchSize), "round \(round): \(count) entries after \(expected)")
            if outcome.status != nil {
                // It finished: every receipt was printed after the commit.
                #expect(count == expected + UInt64(Self.batchSize))
            }
            try Self.expectReceiptsRecorded(outcome.stdout, in: ledger)
            let report = try ledger.verify()
            #expect(report.isIntact, "round \(round): \(report.problems)")
            expected = count
        }
        // The file is still a ledger that appends.
        let after = try await LedgerProcess.run(["record", "--db", path], input: Self.ndjson(
            SampleGroup.transfers(count: 3, endingAt: SampleGroup.yearEnd, seed: 999)), in: directory.path)
        #expect(after.stdout.split(separator: "\n").count == 3, "stderr: \(after.stderr)")
    }

    @Test(arguments: Backend.allCases)
    func everyPrintedReceiptSurvivesTheKill(_ backend: Backend) async throws {
        let scratch = try backend.makeLocation("crash.ledger")
        defer { scratch.remove() }
        let directory = scratch.directory, path = scratch.path
        _ = try Ledger.create(at: path).register(SampleGroup.registryFacts())
        let transfers = SampleGroup.transfers(count: 12, endingAt: SampleGroup.yearEnd, seed: 7)
        var acknowledged = 0
        for (index, transfer) in transfers.enumerated() {
            // Every third writer is killed somewhere between start-up and its commit.
            let delay: Duration = index % 3 == 2 ? .milliseconds(2 + 9 * (index % 5)) : .seconds(30)
            let outcome = try await Self.recordKilled(after: delay, input: Self.ndjson([transfer]), path: path, in: directory)
            try await scratch.awaitOtherTransactionsEnded()
            try Self.expectReceiptsRecorded(outcome.stdout, in: try Ledger(path: path, readOnly: true))
            acknowledged += outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().count
        }
        #expect(acknowledged >= 8)
        #expect(try Ledger(path: path, readOnly: true).verify().isIntact)
    }

    /// Every complete receipt line in `stdout` names an entry of `ledger` with the receipt's hash (a
    /// kill may cut the last line short; that receipt was never delivered).
    static func expectReceiptsRecorded(_ stdout: String, in ledger: Ledger) throws {
        let lines = stdout.split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines.dropLast() {
            let receipt = try #require(try JSONParser.parse(String(line)).objectValue, "not a receipt: \(line)")
            guard case .integer(let seq)? = receipt["seq"], case .string(let hash)? = receipt["hash"] else {
                Issue.record("a receipt without seq and hash: \(line)")
                continue
            }
            #expect(try ledger.entry(at: UInt64(seq)).hash.hex == hash, "receipt for entry \(seq)")
        }
    }
}
