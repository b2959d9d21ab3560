import Testing
import LedgerTestSupport
import TransferLedger

@Suite("Idempotency keys")
struct IdempotencyTests {
    @Test(arguments: Backend.allCases)
    func sameKeyAndContentReturnsTheSameReceiptAndWritesNothing(_ backend: Backend) throws {
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let ledger = try Ledger.create(at: directory.path)
        try ledger.record(contentsOf: Fixture.transfers(2, prefix: "other"))
        let transfer = Fixture.fullyPopulated

        let first = try ledger.record(transfer)
        let again = try ledger.record(transfer)
        #expect(!first.duplicate)
        #expect(again.duplicate)
        #expect(again.seq == first.seq)
        #expect(again.hash == first.hash)
        #expect(again.recordedAt == first.recordedAt)
        #expect(again.idempotencyKey == first.idempotencyKey)
        #expect(try ledger.entryCount() == 3)

        // A reopened ledger (another process) recognises the key as well.
        let reopened = try Ledger(path: ledger.path)
        let third = try reopened.record(transfer)
        #expect(third.duplicate && third.seq == first.seq && third.hash == first.hash)
        #expect(try reopened.entryCount() == 3)
    }

    @Test(arguments: Backend.allCases)
    func sameKeyDifferentContentIsAConflictNamingTheEarlierEntry(_ backend: Backend) throws {
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let ledger = try Ledger.create(at: directory.path)
        try ledger.record(contentsOf: Fixture.transfers(4, prefix: "other"))
        let original = Fixture.transfer(key: "shared")
        let receipt = try ledger.record(original)
        #expect(receipt.seq == 4)

        var changed = original
        changed.dataCategories.append(.financial)
        let error = try #require(throws: LedgerError.self) { try ledger.record(changed) }
        guard case .rejected(let rejection) = error else { Issue.record("expected .rejected, got \(error)"); return }
        #expect(rejection.rule == .idempotencyConflict)
        #expect(rejection.field == "idempotencyKey")
        #expect(rejection.record == 1)
        #expect(rejection.message.contains("entry 4"))
        #expect(try ledger.entryCount() == 5)
    }

    @Test(arguments: Backend.allCases)
    func aConflictAnywhereInABatchRefusesTheWholeBatch(_ backend: Backend) throws {
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let ledger = try Ledger.create(at: directory.path)
        let original = Fixture.transfer(key: "shared")
        try ledger.record(original)

        var changed = original
        changed.destination = "JP"
        let batch = [Fixture.transfer(key: "new-1"), changed, Fixture.transfer(key: "new-2")]
        let error = try #require(throws: LedgerError.self) { try ledger.record(contentsOf: batch) }
        guard case .rejected(let rejection) = error else { Issue.record("expected .rejected, got \(error)"); return }
        #expect(rejection.rule == .idempotencyConflict)
        #expect(rejection.record == 2)
        #expect(try ledger.keys() == ["shared"])
    }

    @Test(arguments: Backend.allCases)
    func aDuplicateOfARecordedTransferInsideABatchKeepsItsReceipt(_ backend: Backend) throws {
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let ledger = try Ledger.create(at: directory.path)
        let original = try ledger.record(Fixture.transfer(key: "shared"))
        let receipts = try ledger.record(contentsOf: [Fixture.transfer(key: "new-1"), Fixture.transfer(key: "shared"), Fixture.transfer(key: "new-2")])
        #expect(receipts.map(\.seq) == [1, 0, 2])
        #expect(receipts.map(\.duplicate) == [false, true, false])
        #expect(receipts[1].hash == original.hash)
        #expect(try ledger.entryCount() == 3)
    }

    @Test(arguments: Backend.allCases)
    func sameKeyTwiceInOneBatch(_ backend: Backend) throws {
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let ledger = try Ledger.create(at: directory.path)
        let transfer = Fixture.transfer(key: "twice")
        let receipts = try ledger.record(contentsOf: [transfer, Fixture.transfer(key: "between"), transfer])
        #expect(receipts.map(\.seq) == [0, 1, 0])
        #expect(receipts.map(\.duplicate) == [false, false, true])
        #expect(receipts[2].hash == receipts[0].hash)
        #expect(try ledger.entryCount() == 2)

        var changed = transfer
        changed.idempotencyKey = "again"
        var conflicting = changed
        conflicting.subjectCount = .b1_10
        let error = try #require(throws: LedgerError.self) { try ledger.record(contentsOf: [changed, conflicting]) }
        guard case .rejected(let rejection) = error else { Issue.record("expected .rejected, got \(error)"); return }
        #expect(rejection.rule == .idempotencyConflict)
        #expect(rejection.record == 2)
        #expect(rejection.message.contains("entry 2"))
        #expect(try ledger.entryCount() == 2)
    }

    @Test(arguments: Backend.allCases)
    func contentThatDiffersOnlyInUnicodeNormalisationIsNotTheSameContent(_ backend: Backend) throws {
        // "é" as one scalar and as e + U+0301 are different bytes, so different canonical payloads.
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let ledger = try Ledger.create(at: directory.path)
        let composed = Fixture.transfer(key: "nfc", notes: "caf\u{E9}")
        let decomposed = Fixture.transfer(key: "nfc", notes: "cafe\u{301}")
        try ledger.record(composed)
        // Byte-exact: the same key for differently normalised content is a conflict, not a retry.
        let error = try #require(throws: LedgerError.self) { try ledger.record(decomposed) }
        guard case .rejected(let rejection) = error else { Issue.record("expected .rejected, got \(error)"); return }
        #expect(rejection.rule == .idempotencyConflict)
        #expect(rejection.message.contains("entry 0"), "\(rejection.message)")
        #expect(try ledger.entryCount() == 1)
    }
}
