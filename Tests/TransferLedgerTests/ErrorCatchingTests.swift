import LedgerSample
import LedgerTestSupport
import Testing
import TransferLedger

/// The ways the README shows to catch a ledger error by case, in a `do` block that also calls
/// something else that throws (so the caught error is `any Error`, not `LedgerError`).
@Suite struct ErrorCatchingTests {
    /// What a service does beside recording: any untyped-throwing call.
    static func otherWork(fail: Bool = false) throws {
        struct Unrelated: Error {}
        if fail { throw Unrelated() }
    }

    static func refusedTransfer() throws -> Transfer {
        var transfer = try #require(SampleGroup.transfers(count: 1, endingAt: SampleGroup.yearEnd).first)
        transfer.importer.role = .subProcessor
        transfer.exporter.role = .controller
        transfer.destination = "ZZ"
        return transfer
    }

    @Test func aRejectionIsCaughtByCaseBesideOtherThrowingCalls() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try Ledger.create(at: directory.file("e.ledger"))
        let transfer = try Self.refusedTransfer()

        var caught: RecordError?
        do {
            try Self.otherWork()
            _ = try ledger.record(transfer)
            Issue.record("a transfer to an unknown destination was recorded")
        } catch LedgerError.rejected(let error) {
            caught = error
        }
        #expect(caught?.field == "destination", "\(String(describing: caught))")

        var reason: String?
        do {
            _ = try ledger.record(transfer)
            try Self.otherWork()
        } catch let error as LedgerError {
            switch error {
            case .rejected(let record): reason = "\(record.field) [\(record.rule.rawValue)]"
            default: reason = "another ledger error: \(error)"
            }
        }
        #expect(reason == caught.map { "\($0.field) [\($0.rule.rawValue)]" })

        // The other call's error passes the ledger's catch clauses by.
        var unrelated = false
        do {
            try Self.otherWork(fail: true)
            _ = try ledger.record(transfer)
        } catch LedgerError.rejected {
            Issue.record("an unrelated error was caught as a rejection")
        } catch {
            unrelated = true
        }
        #expect(unrelated)
        #expect(try ledger.transfers(matching: TransferQuery()).isEmpty, "nothing was written")
    }

    @Test func onlyLedgerCallsInTheBlockCatchByBareCase() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try Ledger.create(at: directory.file("e.ledger"))
        let transfer = try Self.refusedTransfer()
        var field: String?
        do {
            _ = try ledger.record(transfer)
        } catch .rejected(let error) {
            field = error.field
        } catch {
            Issue.record("\(error)")
        }
        #expect(field == "destination")
    }
}
