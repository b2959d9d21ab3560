import LedgerSample
import Testing
import LedgerTestSupport
import TransferLedger

/// Batches large enough to be judged and encoded on several threads must come out exactly as if each
/// transfer had been judged alone, in order.
@Suite("Batched appends")
struct BatchAppendTests {
    static let batchSize = 300

    /// A large sample batch with an onward transfer whose parent is earlier in the same batch, one
    /// whose parent was recorded before it, and an identical repeat of an earlier record.
    static func batch(firstSeq: UInt64, recordedParent: UInt64) -> [Transfer] {
        var transfers = SampleGroup.transfers(count: batchSize, endingAt: SampleGroup.yearEnd, seed: 11)
        transfers[200].transferKind = .onward
        transfers[200].parent = firstSeq + 20
        transfers[250].transferKind = .onward
        transfers[250].parent = recordedParent
        transfers.append(transfers[5])
        return transfers
    }

    /// Batches as long as the rows a PostgreSQL write holds before sending them (1,000 entries), and
    /// longer: every entry keeps its transfer row, rules and private document, whichever side of a
    /// send they fall on, also the last entry of a transaction that reached the limit.
    @Test(arguments: Backend.allCases)
    func aBatchLongerThanTheHeldRowsKeepsEveryRow(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Ledger.create(at: scratch.path)
        try ledger.register(SampleGroup.registryFacts())
        let transfers = SampleGroup.transfers(count: 2_345, endingAt: SampleGroup.yearEnd, seed: 17)
        let receipts = try ledger.record(contentsOf: Array(transfers[..<1_000])) + ledger.record(contentsOf: Array(transfers[1_000...]))
        #expect(receipts.count == transfers.count)
        #expect(try ledger.transfers(matching: TransferQuery()).count == transfers.count)
        let report = try ledger.verify()
        #expect(report.isIntact, "\(report.problems.prefix(3))")
    }

    @Test(arguments: Backend.allCases)
    func verdictsAndReceiptsMatchJudgingEachTransferAlone(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Ledger.create(at: scratch.path)
        try ledger.register(SampleGroup.registryFacts())
        let earlier = try ledger.record(SampleGroup.transfers(count: 1, endingAt: SampleGroup.yearEnd, seed: 99)[0])
        let firstSeq = try ledger.entryCount()
        let transfers = Self.batch(firstSeq: firstSeq, recordedParent: earlier.seq)

        let receipts = try ledger.record(contentsOf: transfers)

        #expect(receipts.count == transfers.count)
        #expect(receipts.dropLast().map(\.seq) == Array(firstSeq..<(firstSeq + UInt64(Self.batchSize))))
        #expect(receipts.dropLast().allSatisfy { !$0.duplicate })
        let repeated = try #require(receipts.last)
        #expect(repeated.duplicate && repeated.seq == receipts[5].seq && repeated.hash == receipts[5].hash)
        #expect(try ledger.entryCount() == firstSeq + UInt64(Self.batchSize))

        // Judged now, one at a time, against the same registry and with the parents in the file.
        let verdicts = try ledger.check(transfers)
        for (index, receipt) in receipts.enumerated() {
            #expect(receipt.verdict?.jsonValue == verdicts[index].jsonValue, "record \(index + 1)")
        }
        #expect(try Ledger(path: ledger.path, readOnly: true).verify().isIntact)
    }

    @Test(arguments: Backend.allCases)
    func aRecordRefusedLateInALargeBatchWritesNothing(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Ledger.create(at: scratch.path)
        var transfers = SampleGroup.transfers(count: Self.batchSize, endingAt: SampleGroup.yearEnd, seed: 12)
        transfers[260].destination = "XX"
        transfers[270].parent = 1_000_000
        transfers[270].transferKind = .onward

        let error = try #require(throws: LedgerError.self) { try ledger.record(contentsOf: transfers) }
        guard case .rejected(let rejection) = error else { Issue.record("expected .rejected, got \(error)"); return }
        #expect(rejection.record == 261)
        #expect(rejection.field == "destination")
        #expect(try ledger.entryCount() == 0)

        transfers[260].destination = "US"
        let parentError = try #require(throws: LedgerError.self) { try ledger.record(contentsOf: transfers) }
        guard case .rejected(let parentRejection) = parentError else { Issue.record("expected .rejected, got \(parentError)"); return }
        #expect(parentRejection.record == 271)
        #expect(parentRejection.rule == .unknownParent)
        #expect(try ledger.entryCount() == 0)
    }

    @Test(arguments: Backend.allCases)
    func theFirstRefusedRecordIsReportedWhateverRuleItBroke(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Ledger.create(at: scratch.path)
        var transfers = SampleGroup.transfers(count: Self.batchSize, endingAt: SampleGroup.yearEnd, seed: 13)
        transfers[99].parent = 5_000
        transfers[99].transferKind = .onward
        transfers[199].destination = "XX"
        var conflicting = transfers[9]
        conflicting.destination = conflicting.destination == "JP" ? "US" : "JP"
        transfers[149] = conflicting

        let error = try #require(throws: LedgerError.self) { try ledger.record(contentsOf: transfers) }
        guard case .rejected(let rejection) = error else { Issue.record("expected .rejected, got \(error)"); return }
        #expect(rejection.record == 100)
        #expect(rejection.rule == .unknownParent)

        transfers[99].parent = nil
        transfers[99].transferKind = .initial
        let conflictError = try #require(throws: LedgerError.self) { try ledger.record(contentsOf: transfers) }
        guard case .rejected(let conflict) = conflictError else { Issue.record("expected .rejected, got \(conflictError)"); return }
        #expect(conflict.record == 150)
        #expect(conflict.rule == .idempotencyConflict)
        #expect(try ledger.entryCount() == 0)
    }
}
