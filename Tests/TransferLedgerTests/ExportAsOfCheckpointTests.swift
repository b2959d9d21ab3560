import Foundation
import LedgerTestSupport
import Testing
@testable import TransferLedger

/// `ReportCheckpointChoice.firstAfterPeriod` (`ledger export --checkpoint-after-period`): the evidence
/// rests on the first checkpoint recorded at or after the period's end, so the bundle holds what was
/// recorded until then and nothing after it.
@Suite("Export as of the first checkpoint after the period")
struct ExportAsOfCheckpointTests {
    typealias K = EntryKindFixture

    static let period = (start: Fixture.time("2026-03-01T00:00:00Z"), end: Fixture.time("2026-04-01T00:00:00Z"))

    static func request() -> ReportRequest {
        ReportRequest(reportID: "RPT-ASOF", addressee: "CNIL", generatedAt: Fixture.time("2026-12-01T00:00:00Z"),
                      periodStart: period.start, periodEnd: period.end)
    }

    @Test(arguments: Backend.allCases)
    func theBundleEndsAtTheFirstCheckpointAfterThePeriod(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let signer = try MerkleFixtures.signer()
        let ledger = try K.ledger(at: scratch.path)
        try ledger.register([Fixture.groupIdentity()])
        try ledger.record(contentsOf: [K.compliant("march-1"), K.compliant("march-2")])
        // Every entry here is recorded now, after the period's end: this is the first checkpoint after it.
        let asOf = try Checkpoint(parsing: ledger.checkpoint(signedBy: [signer]).text).size
        try ledger.record(contentsOf: [K.compliant("march-late"), K.compliant("march-later")])
        _ = try ledger.checkpoint(signedBy: [signer])

        let early = try ledger.exportReport(Self.request(), signer: signer, to: scratch.file("as-of"), checkpoint: .firstAfterPeriod)
        #expect(early.rangeEnd == asOf)
        #expect(early.transfersInScope == 2, "the transfers recorded after that checkpoint are not in the report")
        let verified = ReportVerifier.verify(bundle: scratch.file("as-of"), keys: [signer.verifierKey])
        #expect(verified.isValid, "\(verified.problems)")

        let latest = try ledger.exportReport(Self.request(), signer: signer, to: scratch.file("latest"))
        #expect(latest.rangeEnd > asOf && latest.transfersInScope == 4)
    }

    @Test(arguments: Backend.allCases)
    func noCheckpointAfterThePeriodIsARefusalThatWritesNothing(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let signer = try MerkleFixtures.signer()
        let ledger = try K.ledger(at: scratch.path)
        try ledger.register([Fixture.groupIdentity()])
        try ledger.record(contentsOf: [K.compliant("march-1")])
        let entries = try ledger.entryCount()
        var request = Self.request()
        // A period ending after every entry was recorded: no checkpoint can have been recorded after it.
        request.periodEnd = Fixture.time("2099-01-01T00:00:00Z")
        #expect {
            try ledger.exportReport(request, signer: signer, to: scratch.file("bundle"), checkpoint: .firstAfterPeriod)
        } throws: { error in
            guard case .ledger(.noCheckpoint(let message)) = error as? ReportExportError else { return false }
            return message.contains("no checkpoint was recorded at or after the period's end")
        }
        #expect(try ledger.entryCount() == entries, "nothing recorded")
        #expect(!FileManager.default.fileExists(atPath: scratch.file("bundle")), "nothing written")
    }
}
