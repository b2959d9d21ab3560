import Foundation
import Testing
import LedgerTestSupport
import TransferLedger

/// Many `ledger` processes on one PostgreSQL ledger at once, each with its own connection, and
/// writers whose connection the server drops in the middle of a batch.
@Suite("ledger processes sharing a PostgreSQL database")
struct PostgreSQLConcurrencyCLITests {
    /// Compliant transfers with keys `prefix-0`, `prefix-1`, …, as NDJSON.
    static func input(_ count: Int, prefix: String) -> [UInt8] {
        CLIFixture.ndjson((0..<count).map { CLIFixture.transfer(key: "\(prefix)-\($0)") })
    }

    /// The receipts printed by `record` runs, as (seq, hash, status).
    static func receipts(_ result: LedgerProcess.Result) throws -> [(seq: Int64, hash: String, status: String)] {
        try result.lines.map { line in
            let receipt = try #require(try JSONParser.parse(line).objectValue, "not a receipt: \(line)")
            guard case .integer(let seq)? = receipt["seq"], case .string(let hash)? = receipt["hash"],
                  case .string(let status)? = receipt["status"] else { throw CLISession.Failure("receipt without seq, hash or status: \(line)") }
            return (seq, hash, status)
        }
    }

    /// Eight writers (four appending batches, four appending one transfer per process) while verify,
    /// checkpoint and export run: every receipt is in the chain with its hash, the receipts and the
    /// checkpoints cover every entry after the registry exactly once, and the chain verifies.
    @Test func eightWritersWithVerifyCheckpointAndExportMeanwhile() async throws {
        let session = try CLISession(.postgres)
        defer { session.remove() }
        try await session.initWithRegistry()
        try await session.registerGroup()
        #expect(try await session.run("keygen", "--name", "example.com/pg-race", "--out", "log").status == 0)
        let db = session.db
        let batchWriters = 4, batches = 3, batchSize = 40, singleWriters = 4, singles = 8

        enum Outcome { case record(LedgerProcess.Result), other([String], LedgerProcess.Result) }
        let outcomes = try await withThrowingTaskGroup(of: [Outcome].self) { group in
            for writer in 0..<batchWriters {
                group.addTask {
                    var results: [Outcome] = []
                    for batch in 0..<batches {
                        results.append(.record(try await session.run("record", "--db", db, input: Self.input(batchSize, prefix: "b\(writer)-\(batch)"))))
                    }
                    return results
                }
            }
            for writer in 0..<singleWriters {
                group.addTask {
                    var results: [Outcome] = []
                    for single in 0..<singles {
                        results.append(.record(try await session.run("record", "--db", db, input: Self.input(1, prefix: "s\(writer)-\(single)"))))
                    }
                    return results
                }
            }
            group.addTask {
                var results: [Outcome] = []
                for round in 0..<3 {
                    for command in [["verify", "--db", db], ["checkpoint", "--key", "log.key", "--db", db],
                                    ["export", "--db", db, "--from", "2026-01-01", "--to", "2026-12-31", "--report-id", "R\(round)",
                                     "--addressee", "Audit", "--key", "log.key", "--out", "bundle-\(round)"]] {
                        results.append(.other(command, try await LedgerProcess.run(command, in: session.directory.path)))
                    }
                }
                return results
            }
            var all: [Outcome] = []
            for try await results in group { all += results }
            return all
        }

        var receipted: [Int64: String] = [:]
        var checkpointCommands = 0
        for outcome in outcomes {
            switch outcome {
            case .record(let result):
                #expect(result.status == 0, "record: \(result.stderr)")
                for receipt in try Self.receipts(result) {
                    #expect(receipt.status == "recorded")
                    #expect(receipted.updateValue(receipt.hash, forKey: receipt.seq) == nil, "two receipts for entry \(receipt.seq)")
                }
            case .other(let command, let result):
                #expect(result.status == 0, "\(command[0]): \(result.stdout) \(result.stderr)")
                if command[0] == "checkpoint" && result.status == 0 { checkpointCommands += 1 }
            }
        }
        #expect(receipted.count == batchWriters * batches * batchSize + singleWriters * singles)

        // After the registry, every entry is a receipted transfer with the receipt's hash, or a
        // checkpoint (`checkpoint`'s, or one `export` signed and recorded to cover the newest entries).
        let ledger = try Ledger(path: db, readOnly: true)
        let count = try ledger.entryCount()
        let registry = Int64(CLIFixture.firstTransferSeq) + 1  // and the group's identity, which export needs
        #expect(receipted.keys.allSatisfy { (registry..<Int64(count)).contains($0) })
        var checkpoints = 0
        for seq in registry..<Int64(count) {
            let entry = try ledger.entry(at: UInt64(seq))
            if let hash = receipted[seq] {
                #expect(entry.hash.hex == hash && entry.kind == .transfer, "entry \(seq)")
            } else {
                #expect(entry.kind == .checkpoint, "entry \(seq) is neither receipted nor a checkpoint")
                checkpoints += 1
            }
        }
        #expect(count == UInt64(Int(registry) + receipted.count + checkpoints))
        #expect(checkpoints >= checkpointCommands && checkpointCommands == 3)
        let report = try ledger.verify()
        #expect(report.isIntact, "\(report.problems)")
        // Every bundle exported meanwhile still checks out offline.
        for round in 0..<3 {
            let bundle = try await session.run("verify-report", "bundle-\(round)", "--key", "log.pub")
            #expect(bundle.status == 0, "bundle-\(round): \(bundle.stdout) \(bundle.stderr)")
        }
    }

    /// The server drops the writer's connection (`pg_terminate_backend`) inside its batch's transaction: the batch is absent (never partial), the writer says so in one
    /// `Error:` line with status 74, and sending the same input again records it exactly once.
    @Test func aConnectionDroppedMidBatchLeavesTheBatchWholeOrAbsent() async throws {
        let session = try CLISession(.postgres)
        defer { session.remove() }
        try await session.initWithRegistry()
        let admin = try #require(session.scratch.database).admin()
        let before = try session.entryCount()
        let batch = 1_500
        let input = Self.input(batch, prefix: "cut")

        // The test holds the chain tip's lock (FORMAT.md §6.1) as another writer would, so the batch's
        // transaction is open and waiting on it, whatever the machine's load, when its connection is
        // dropped; polling for a running transaction instead missed a fast batch under a full suite.
        try admin.execute("SELECT pg_advisory_lock(1414285138, 1)")
        let writer = try RunningLedger(["record", "--db", session.db], input: input, in: session.directory)
        let waiting = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND xact_start IS NOT NULL"
        var terminated: [[String?]] = []
        let caught = try await writer.poll {
            terminated = try admin.rows("SELECT pg_terminate_backend(pid, 10000) FROM (\(waiting)) AS w")
            return terminated == [["t"]]
        }
        try admin.execute("SELECT pg_advisory_unlock(1414285138, 1)")
        let outcome = writer.finish()
        try #require(caught && terminated == [["t"]], "the batch ended before its connection could be dropped: \(String(describing: outcome.status)), \(outcome.stdout.count) bytes out, \(outcome.stderr)")
        #expect(outcome.status == 74, "\(outcome.stderr)")
        #expect(outcome.stderr.hasPrefix("Error: ") && outcome.stderr.filter { $0 == "\n" }.count == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty, "no receipt before the commit")

        try await session.scratch.awaitOtherTransactionsEnded()
        let after = try session.entryCount()
        #expect(after == before, "\(after - before) of \(batch) entries")
        #expect(try Ledger(path: session.db, readOnly: true).verify().isIntact)

        let retry = try await session.run("record", "--db", session.db, input: input)
        #expect(retry.status == 0, "\(retry.stderr)")
        let receipts = try Self.receipts(retry)
        #expect(receipts.count == batch)
        #expect(Set(receipts.map(\.status)) == [after == before ? "recorded" : "duplicate"])
        #expect(try session.entryCount() == before + UInt64(batch))
        let report = try Ledger(path: session.db, readOnly: true).verify()
        #expect(report.isIntact, "\(report.problems)")
    }
}
