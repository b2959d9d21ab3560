import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// Registry facts check their country and destination codes against the region table in force when
/// they are recorded — an adopted one from its effective day — and verify and other processes replay
/// them against that same table.
@Suite struct RegistryTableInForceTests {
    typealias K = EntryKindFixture
    typealias Adoption = ReferenceDataAdoptionTests

    /// Kosovo, a code the embedded table does not know.
    static let kosovo = JSONValue.object(["code": .string("XK"), "kind": .string("COUNTRY"), "name": .string("Kosovo"), "region": .string("THIRD_COUNTRY")])

    /// An external entity established in Kosovo.
    static func entity(_ code: String = "VEND-XK") throws -> RegistryFact {
        try RegistryFact(kind: "entity", json: JSONParser.parse(
            #"{"code": "\#(code)", "legalName": "Prishtina Data LLC", "country": "XK", "groupMember": false, "validFrom": "2026-01-01"}"#))
    }

    /// A TIA whose destination is Kosovo.
    static func assessment() throws -> RegistryFact {
        try RegistryFact(kind: "tia", json: JSONParser.parse(
            #"{"id": "TIA-XK-1", "destination": "XK", "importers": ["VEND-XK"], "outcome": "proceed", "validFrom": "2026-01-01", "reviewDue": "2027-01-01", "requiredMeasures": [], "coversSpecialCategories": false}"#))
    }

    @Test(arguments: Backend.allCases)
    func anEntityInACodeOnlyAnAdoptedTableKnowsIsRefusedBeforeAndAcceptedAfter(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = scratch.path
        let ledger = try K.ledger(at: path)
        let today = Day(Timestamp.now())

        // Before any adoption, and with an adoption effective only tomorrow: refused, nothing written.
        for step in ["before", "effective tomorrow"] {
            if step == "effective tomorrow" {
                try ledger.adoptReferenceData(Adoption.edited { $0.append(Self.kosovo) }, effectiveFrom: today.adding(days: 1))
            }
            let count = try ledger.entryCount()
            let error = try #require(throws: LedgerError.self, "\(step)") { try ledger.register([Self.entity()]) }
            guard case .rejected(let rejection) = error else { Issue.record("\(error)"); return }
            #expect(rejection.field == "country" && rejection.rule == .unknownDestination && rejection.record == 1, "\(step): \(rejection)")
            #expect(try ledger.entryCount() == count, "\(step): nothing written")
        }

        // Effective today: the adopted table is in force, so the entity and a TIA to Kosovo are accepted.
        try ledger.adoptReferenceData(Adoption.edited { $0.append(Self.kosovo); $0.removeFirst() }, effectiveFrom: today)
        let receipts = try ledger.register([Self.entity(), Self.assessment()])
        #expect(receipts.count == 2)
        #expect(try K.problems(path) == [], "verify checks the fact against the table in force when it was recorded")
        #expect(try K.problems(path, policy: true) == [])

        // Another process replays the registry from the file with the same tables.
        #expect(try Ledger(path: path).check(K.compliant("xk-check")).status == .compliant)
        #expect(try Ledger(path: path, readOnly: true).registryFacts().map(\.fact.id).suffix(2) == ["VEND-XK", "TIA-XK-1"])
    }

    @Test(arguments: Backend.allCases)
    func aLaterAdoptionDoesNotJudgeFactsRecordedBeforeIt(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = scratch.path
        let ledger = try K.ledger(at: path)
        let today = Day(Timestamp.now())
        try ledger.adoptReferenceData(Adoption.edited { $0.append(Self.kosovo) }, effectiveFrom: today)
        try ledger.register([Self.entity()])
        // A table without Kosovo, effective from the same day and adopted later, wins from now on …
        try ledger.adoptReferenceData(Adoption.edited { $0.removeLast() }, effectiveFrom: today)
        let error = try #require(throws: LedgerError.self) { try ledger.register([Self.entity("VEND-XK-2")]) }
        guard case .rejected(let rejection) = error else { Issue.record("\(error)"); return }
        #expect(rejection.field == "country")

        // … but the entity recorded before it stays valid: for this ledger, a new one and verify.
        #expect(try ledger.check(K.compliant("later-1")).status == .compliant)
        #expect(try Ledger(path: path).check(K.compliant("later-2")).status == .compliant)
        #expect(try K.problems(path) == [])
    }

    @Test(arguments: Backend.allCases)
    func verifyStillReportsAFactInvalidUnderItsTable(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = scratch.path
        let ledger = try K.ledger(at: path)
        // An entity in Canada (seq 4), rewritten to Kosovo, which no table of this chain knows.
        let canada = try RegistryFact(kind: "entity", json: JSONParser.parse(
            #"{"code": "VEND-CA", "legalName": "Maple Data Inc", "country": "CA", "groupMember": false, "validFrom": "2026-01-01"}"#))
        #expect(try ledger.register([canada]).map(\.seq) == [4])
        try K.rewriteTip(path, seq: 4) { $0.replacingOccurrences(of: #""country":"CA""#, with: #""country":"XK""#) }
        #expect(try K.problems(path) == ["4:registry"])
    }
}
