import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import LedgerStorage
@testable import TransferLedger

/// Corrections (R23) as chained entries: the corrected transfer judged afresh, the original left in the
/// chain and marked superseded, refusals that write nothing, and verification of the new kind.
@Suite struct CorrectionTests {
    typealias K = EntryKindFixture

    /// A ledger with the fixture registry (seq 0–3) and the misclassified transfer at seq 4.
    static func ledgerWithMisclassified(in directory: ScratchLedger) throws -> (Ledger, String) {
        let path = directory.path
        let ledger = try K.ledger(at: path)
        let receipt = try ledger.record(K.misclassified("t-1"))
        #expect(receipt.seq == 4 && receipt.verdict?.status == .nonCompliant && receipt.verdict?.rules == [.r6])
        return (ledger, path)
    }

    static func fix(_ seq: UInt64 = 4, note: String? = "SCC module 1 was wrong, ticket CHG-4411") -> TransferCorrection {
        TransferCorrection(supersedes: seq, reason: .roleMisclassified, reasonNote: note, transfer: K.compliant("t-1"))
    }

    @Test(arguments: Backend.allCases)
    func aCorrectionSupersedesTheTransferWhichStaysInTheChain(_ backend: Backend) throws {
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let (ledger, path) = try Self.ledgerWithMisclassified(in: directory)
        let original = try ledger.entry(at: 4)

        let receipt = try ledger.record(correction: Self.fix())
        #expect(receipt.seq == 5 && !receipt.duplicate && receipt.idempotencyKey == "t-1")
        #expect(receipt.verdict?.status == .compliant, "judged afresh: \(String(describing: receipt.verdict?.findings))")
        #expect(try ledger.entry(at: 5).kind == .correction)
        #expect(try ledger.entry(at: 4) == original, "append-only: the original entry is untouched")
        #expect(try ledger.supersededBy(4) == 5)
        #expect(try ledger.supersededBy(5) == nil)
        #expect(try ledger.correction(at: 5) == Self.fix())

        let listed = try ledger.transfers(matching: TransferQuery())
        #expect(listed.map(\.seq) == [4] && listed.map(\.supersededBy) == [5])
        var current = TransferQuery()
        current.excludingSuperseded = true
        #expect(try ledger.transfers(matching: current).isEmpty)
        try ledger.record(K.compliant("t-2"))
        #expect(try ledger.transfers(matching: current).map(\.transfer.idempotencyKey) == ["t-2"])
        #expect(try K.problems(path) == [])
        #expect(try K.problems(path, policy: true) == [])
        #expect(try Ledger(path: path, readOnly: true).verify(policy: true).policyFindings.isEmpty)
    }

    @Test(arguments: Backend.allCases)
    func theCanonicalPayloadNestsTheTransferPayload(_ backend: Backend) throws {
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let (ledger, _) = try Self.ledgerWithMisclassified(in: directory)
        try ledger.record(correction: Self.fix())
        let payload = try ledger.entry(at: 5).payloadText
        #expect(payload.hasPrefix(#"{"reason":"roleMisclassified","reasonNote":"SCC module 1 was wrong, ticket CHG-4411","supersedes":4,"transfer":{"#))
        #expect(payload.contains(#""sccModule":"c2p""#) && payload.contains(#""validation":{"findings":[],"flags":[]"#))
        #expect(!payload.contains("idempotencyKey") && !payload.contains("svc:test"), "private members stay in the private document")
        #expect(payload == String(decoding: CanonicalJSON.encode(try JSONParser.parse(payload)), as: UTF8.self))
    }

    @Test(arguments: Backend.allCases)
    func aRetryReturnsTheReceiptAndTheCurrentVersionCanBeCorrectedAgain(_ backend: Backend) throws {
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let (ledger, path) = try Self.ledgerWithMisclassified(in: directory)
        let first = try ledger.record(correction: Self.fix())
        let retry = try ledger.record(correction: Self.fix())
        #expect(retry.duplicate && retry.seq == first.seq && retry.hash == first.hash)
        #expect(try ledger.entryCount() == 6)

        var again = Self.fix(5, note: nil)
        again.reason = .wrongDataDescription
        again.transfer.dataCategories = [.identity]
        let second = try ledger.record(correction: again)
        #expect(second.seq == 6)
        #expect(try ledger.supersededBy(5) == 6)
        #expect(try K.problems(path, policy: true) == [])
    }

    enum Refusal: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case missingEntry, registryEntry, alreadySuperseded, personalDataInNote, unknownDestination, laterInABatch
        var testDescription: String { rawValue }
    }

    @Test(arguments: Backend.allCases, Refusal.allCases)
    func aRefusedCorrectionWritesNothing(_ backend: Backend, _ refusal: Refusal) throws {
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let (ledger, path) = try Self.ledgerWithMisclassified(in: directory)
        try ledger.record(correction: Self.fix())
        var batch = [Self.fix(5, note: "a valid one first")]
        let expected: (field: String, rule: RecordError.Rule, record: Int)
        switch refusal {
        case .missingEntry: batch = [Self.fix(99)]; expected = ("supersedes", .unknownTarget, 1)
        case .registryEntry: batch = [Self.fix(2)]; expected = ("supersedes", .unknownTarget, 1)
        case .alreadySuperseded: batch = [Self.fix(4, note: "different")]; expected = ("supersedes", .alreadySuperseded, 1)
        case .personalDataInNote: batch = [Self.fix(5, note: "per jane.doe@client.de")]; expected = ("reasonNote", .invalidCode, 1)
        case .unknownDestination:
            var bad = Self.fix(5)
            bad.transfer.destination = "XX"
            batch = [bad]; expected = ("transfer.destination", .unknownDestination, 1)
        case .laterInABatch: batch.append(Self.fix(4, note: "second")); expected = ("supersedes", .alreadySuperseded, 2)
        }
        let error = try #require(throws: LedgerError.self) { try ledger.record(corrections: batch) }
        guard case .rejected(let rejection) = error else { Issue.record("\(error)"); return }
        #expect(rejection.field == expected.field && rejection.rule == expected.rule && rejection.record == expected.record, "\(rejection)")
        #expect(try ledger.entryCount() == 6, "nothing written")
        #expect(try K.problems(path) == [])
    }

    @Test(arguments: Backend.allCases)
    func aCorrectionThatChangesTheKeyIsRecordedWithAFinding(_ backend: Backend) throws {
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let (ledger, _) = try Self.ledgerWithMisclassified(in: directory)
        var correction = Self.fix()
        correction.transfer.idempotencyKey = "t-other"
        let receipt = try ledger.record(correction: correction)
        #expect(receipt.verdict?.status == .nonCompliant && receipt.verdict?.rules == [.r23])
        #expect(try ledger.supersededBy(4) == 5)
    }

    @Test(arguments: Backend.allCases)
    func verifyReportsAnEditedCorrectionAndItsIndex(_ backend: Backend) throws {
        for edit in ["payload", "row", "deleteRow", "privateDocument"] {
            let directory = try backend.makeLocation()
            defer { directory.remove() }
            let (ledger, path) = try Self.ledgerWithMisclassified(in: directory)
            try ledger.record(correction: Self.fix())
            try K.tamper(path) { raw in
                switch edit {
                case "payload": try raw.execute("UPDATE entry SET payload = replace(payload, '\"supersedes\":4', '\"supersedes\":3') WHERE seq = 5")
                case "row": try raw.execute("UPDATE correction SET supersedes = 3 WHERE seq = 5")
                case "deleteRow": try raw.execute("DELETE FROM correction WHERE seq = 5")
                default: try raw.execute("UPDATE transfer_private SET document = replace(document, 'svc:test', 'svc:evil') WHERE seq = 5")
                }
            }
            // The edited payload also names a registry entry and disagrees with the index row.
            let expected = ["payload": ["5:hash", "5:payload", "5:projection"], "row": ["5:projection"], "deleteRow": ["5:projection"],
                            "privateDocument": ["5:payload"]][edit]
            #expect(try K.problems(path).sorted() == expected, "\(edit)")
        }
    }

    @Test(arguments: Backend.allCases)
    func verifyPolicyReplaysACorrectionsVerdict(_ backend: Backend) throws {
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let (ledger, path) = try Self.ledgerWithMisclassified(in: directory)
        try ledger.record(K.compliant("pad"))
        var correction = Self.fix()
        correction.transfer.sccModule = .c2c
        #expect(try ledger.record(correction: correction).verdict?.status == .nonCompliant)
        // A consistent rewrite of the tip's verdict: the chain holds, the replay does not.
        try K.rewriteTip(path, seq: 6, edit: K.clearingVerdict)
        try K.tamper(path) { try $0.execute("UPDATE correction SET status = 'compliant' WHERE seq = 6") }
        #expect(try K.problems(path) == [])
        #expect(try K.problems(path, policy: true) == ["6:policy"])
    }

    @Test(arguments: Backend.allCases)
    func verifyReportsASecondCorrectionOfTheSameEntry(_ backend: Backend) throws {
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let (ledger, path) = try Self.ledgerWithMisclassified(in: directory)
        try ledger.record(correction: Self.fix())
        try ledger.record(contentsOf: [K.compliant("pad-1"), K.compliant("pad-2")])
        try ledger.record(correction: Self.fix(5, note: "second look"))
        // Entry 8 is rewritten, consistently hashed, to supersede entry 4, which entry 5 already superseded.
        try K.rewriteTip(path, seq: 8) { $0.replacingOccurrences(of: #""supersedes":5"#, with: #""supersedes":4"#) }
        let report = try Ledger(path: path, readOnly: true).verify()
        #expect(report.problems.map { "\($0.seq.map(String.init) ?? "-"):\($0.check.rawValue)" }.sorted() == ["8:payload", "8:projection"])
        #expect(report.problems.contains { $0.message == "supersedes 4, which entry 5 already superseded" }, "\(report.problems)")
    }
}
