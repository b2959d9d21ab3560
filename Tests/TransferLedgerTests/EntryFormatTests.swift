import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// Entry format versions (FORMAT.md §1.1, §1.3) in storage: every new entry is format 2, entries
/// written in format 1 before schema version 6 keep it, and both verify and copy as they are.
@Suite struct EntryFormatTests {
    typealias K = EntryKindFixture

    /// The stored `format` of every entry, in seq order.
    static func formats(_ scratch: ScratchLedger) throws -> [Int64] {
        try scratch.raw().rows("SELECT format FROM entry ORDER BY seq").map { try #require($0[0].integer) }
    }

    @Test(arguments: Backend.allCases)
    func everyNewEntryIsWrittenInFormatTwo(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try K.ledger(at: scratch.path)
        try ledger.record(contentsOf: [K.compliant("a"), K.misclassified("b")])
        try ledger.record(correction: CorrectionTests.fix(5))
        _ = try ledger.checkpoint(signedBy: [MerkleFixtures.signer()])
        #expect(try Set(Self.formats(scratch)) == [2])
        #expect(try ledger.entry(at: 5).format == 2)
        #expect(try ledger.verify().problems.isEmpty)
    }

    /// A ledger whose first entries are format 1 (as a ledger created before schema version 6 holds
    /// them) and whose later entries are format 2 verifies, exports, and copies with every entry's
    /// format and hash kept.
    @Test(arguments: Backend.allCases)
    func aLedgerOfBothFormatsVerifiesAndCopiesWithItsFormats(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let first = try K.ledger(at: scratch.path)
        try first.record(contentsOf: [K.compliant("a"), K.misclassified("b")])
        let written = try first.entryCount()
        // The entries so far become format 1, re-hashed and re-linked as the old encoding wrote them.
        try scratch.tamper { raw in
            try raw.run("UPDATE entry SET format = 1")
            try raw.rehash(from: 0)
        }
        let ledger = try Ledger(path: scratch.path)
        try ledger.record(contentsOf: [K.compliant("c")])
        try ledger.record(correction: CorrectionTests.fix(written - 1))
        #expect(try Self.formats(scratch) == Array(repeating: 1, count: Int(written)) + [2, 2])
        #expect(try ledger.verify(policy: true).problems.isEmpty)

        // Report bundles: format-1 entries are shown in full (period) or by hash only (narrowed, not
        // matching), format-2 entries as stubs when not covered; both verify.
        let signer = try MerkleFixtures.signer()
        try ledger.register([Fixture.groupIdentity()])
        for destination in [nil, "US"] {
            var request = ReportRequest(reportID: "RPT-MIXED", addressee: "CNIL", generatedAt: Fixture.time("2026-12-01T00:00:00Z"),
                                        periodStart: Fixture.time("2026-01-01T00:00:00Z"), periodEnd: Fixture.time("2027-01-01T00:00:00Z"))
            request.destination = destination
            let bundle = scratch.file("bundle-\(destination ?? "all")")
            let export = try ledger.exportReport(request, signer: signer, to: bundle)
            #expect(export.hashOnly == (destination == nil ? 0 : Int(written)), "the format-1 entries, none matching")
            let problems = ReportVerifier.verify(bundle: bundle, keys: [signer.verifierKey]).problems
            #expect(problems.isEmpty, "\(problems)")
        }

        let target = try TemporaryDirectory()
        defer { target.remove() }
        try Ledger.copy(from: LedgerLocation(scratch.path), to: .file(target.file("copy.ledger")))
        let copy = try Ledger(path: target.file("copy.ledger"), readOnly: true)
        try CopyFixture.expectSame(copy, as: ledger)
        // The exports signed checkpoints: format 2 too.
        let formats = try (0..<copy.entryCount()).map { try copy.entry(at: $0).format }
        #expect(formats == Array(repeating: 1, count: Int(written)) + Array(repeating: 2, count: formats.count - Int(written)))
        #expect(try copy.verify().problems.isEmpty)
    }
}
