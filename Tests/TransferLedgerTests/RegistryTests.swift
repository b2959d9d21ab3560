import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// Registry decoding, contradiction rejection, supersession and temporal lookups.
@Suite struct RegistryTests {
    static func day(_ text: String) -> Day {
        Day(text) ?? Day(daysSinceEpoch: 0)
    }

    static func fact(_ kind: String, _ json: String) throws -> RegistryFact {
        try RegistryFact(kind: kind, bytes: Array(json.utf8))
    }

    /// The fixture registry plus `facts`, expecting the last to be refused; returns its error.
    static func rejection(_ facts: [(String, String)]) throws -> RecordError? {
        var registry = PolicyFixture.registry
        for (index, (kind, json)) in facts.enumerated() {
            do {
                try registry.apply(try fact(kind, json))
            } catch let error as RecordError {
                return index == facts.count - 1 ? error : nil
            }
        }
        return nil
    }

    struct Contradiction: CustomTestStringConvertible, Sendable {
        let name: String
        let facts: [(String, String)]
        let rule: RecordError.Rule
        let mentions: String
        var testDescription: String { name }
    }

    @Test(arguments: [
        Contradiction(name: "a second entity with the same code",
                      facts: [("entity", #"{"code": "GRP-FR", "legalName": "Another SA", "country": "FR", "groupMember": true, "validFrom": "2020-01-01"}"#)],
                      rule: .duplicateValue, mentions: "revision 2"),
        Contradiction(name: "membership of an unknown entity",
                      facts: [("membership", #"{"id": "M-X", "entity": "GRP-XX", "instrument": "BCR-C-2019-v4", "validFrom": "2026-01-01"}"#)],
                      rule: .unknownValue, mentions: "GRP-XX"),
        Contradiction(name: "membership of an external entity",
                      facts: [("membership", #"{"id": "M-V", "entity": "VEND-US", "instrument": "BCR-C-2019-v4", "validFrom": "2026-01-01"}"#)],
                      rule: .unknownValue, mentions: "external party"),
        Contradiction(name: "membership before the BCR was approved",
                      facts: [("membership", #"{"id": "M-CH", "entity": "GRP-CH", "instrument": "BCR-C-2019-v4", "validFrom": "2019-04-30"}"#)],
                      rule: .windowBeforeStart, mentions: "from 2019-05-01"),
        Contradiction(name: "overlapping membership in the same instrument",
                      facts: [("membership", #"{"id": "M-MA-2", "entity": "GRP-MA", "instrument": "BCR-C-2019-v4", "validFrom": "2027-01-01"}"#)],
                      rule: .duplicateValue, mentions: "M-MA-C"),
        Contradiction(name: "revision that skips a number",
                      facts: [("membership", #"{"id": "M-MA-C", "revision": 3, "entity": "GRP-MA", "instrument": "BCR-C-2019-v4", "validFrom": "2026-09-01"}"#)],
                      rule: .unknownValue, mentions: "expected revision 2"),
        Contradiction(name: "revision of an unknown id",
                      facts: [("tia", #"{"id": "TIA-NEW", "revision": 2, "destination": "IN", "importers": ["GRP-IN"], "outcome": "proceed", "validFrom": "2026-01-01", "reviewDue": "2027-01-01", "requiredMeasures": [], "coversSpecialCategories": false}"#)],
                      rule: .unknownValue, mentions: "supersedes nothing"),
        Contradiction(name: "revision moving a membership to another entity",
                      facts: [("membership", #"{"id": "M-MA-C", "revision": 2, "entity": "GRP-IN", "instrument": "BCR-C-2019-v4", "validFrom": "2026-09-01"}"#)],
                      rule: .unknownValue, mentions: "new membership"),
        Contradiction(name: "an id already used by another kind",
                      facts: [("agreement", #"{"id": "TIA-IN-2026-03", "type": "intraGroupAgreement", "parties": ["GRP-FR", "GRP-IN"], "validFrom": "2026-01-01"}"#)],
                      rule: .duplicateValue, mentions: "tia"),
        Contradiction(name: "client service agreement making a BCR-C binding",
                      facts: [("agreement", #"{"id": "CSA-X", "type": "clientServiceAgreement", "controller": "CLIENT-DE", "processor": "GRP-DE", "transferDestinations": [], "bcr": "BCR-C-2019-v4", "validFrom": "2026-01-01"}"#)],
                      rule: .unknownValue, mentions: "BCR-C"),
        Contradiction(name: "TIA of an unknown importer",
                      facts: [("tia", #"{"id": "TIA-X", "destination": "IN", "importers": ["NOBODY"], "outcome": "proceed", "validFrom": "2026-01-01", "reviewDue": "2027-01-01", "requiredMeasures": [], "coversSpecialCategories": false}"#)],
                      rule: .unknownValue, mentions: "NOBODY"),
    ])
    func contradictionsAreRejected(_ example: Contradiction) throws {
        let error = try #require(try Self.rejection(example.facts))
        #expect(error.rule == example.rule, "\(error)")
        #expect(error.message.contains(example.mentions), "\(error)")
    }

    @Test func rejectedFactLeavesTheRegistryUnchanged() throws {
        var registry = PolicyFixture.registry
        let before = registry.factCount
        #expect(throws: RecordError.self) {
            try registry.apply(try Self.fact("membership", #"{"id": "M-V", "entity": "VEND-US", "instrument": "BCR-C-2019-v4", "validFrom": "2026-01-01"}"#))
        }
        #expect(registry.factCount == before)
        #expect(registry.memberships(of: "VEND-US", in: "BCR-C-2019-v4").isEmpty)
    }

    struct Malformed: CustomTestStringConvertible, Sendable {
        let name: String
        let kind: String
        let json: String
        let field: String
        let rule: RecordError.Rule
        var testDescription: String { name }
    }

    @Test(arguments: [
        Malformed(name: "membership ending before it starts", kind: "membership",
                  json: #"{"id": "M-1", "entity": "GRP-MA", "instrument": "BCR-C-2019-v4", "validFrom": "2026-09-01", "validUntil": "2026-08-31"}"#,
                  field: "validUntil", rule: .windowBeforeStart),
        Malformed(name: "impossible date", kind: "entity",
                  json: #"{"code": "E-1", "legalName": "E", "country": "FR", "groupMember": true, "validFrom": "2026-02-30"}"#,
                  field: "validFrom", rule: .malformedTimestamp),
        Malformed(name: "unknown member", kind: "entity",
                  json: #"{"code": "E-1", "legalName": "E", "country": "FR", "groupMember": true, "validFrom": "2026-01-01", "ceo": "x"}"#,
                  field: "ceo", rule: .unknownField),
        Malformed(name: "SCC without module", kind: "agreement",
                  json: #"{"id": "A-1", "type": "scc2021_914", "exporter": "GRP-FR", "importer": "VEND-US", "validFrom": "2026-01-01"}"#,
                  field: "module", rule: .missingField),
        Malformed(name: "combinesEuData outside module 4", kind: "agreement",
                  json: #"{"id": "A-1", "type": "scc2021_914", "exporter": "GRP-FR", "importer": "VEND-US", "module": "c2p", "combinesEuData": true, "validFrom": "2026-01-01"}"#,
                  field: "combinesEuData", rule: .invalidCode),
        Malformed(name: "combinesEuData not a boolean", kind: "agreement",
                  json: #"{"id": "A-1", "type": "scc2021_914", "exporter": "GRP-DE", "importer": "VEND-US", "module": "p2c", "combinesEuData": "yes", "validFrom": "2026-01-01"}"#,
                  field: "combinesEuData", rule: .wrongType),
        Malformed(name: "SCC member on an Art. 28 contract", kind: "agreement",
                  json: #"{"id": "A-1", "type": "art28Contract", "controller": "CLIENT-DE", "processor": "GRP-DE", "transferDestinations": [], "module": "c2p", "validFrom": "2026-01-01"}"#,
                  field: "module", rule: .unknownField),
        Malformed(name: "general authorisation without notice", kind: "subprocessorAuthorisation",
                  json: #"{"id": "S-1", "controller": "CLIENT-DE", "processor": "GRP-DE", "subProcessor": "GRP-IN", "type": "general", "validFrom": "2026-01-01"}"#,
                  field: "noticeDate", rule: .missingField),
        Malformed(name: "TIA reviewed before it was made", kind: "tia",
                  json: #"{"id": "T-1", "destination": "IN", "importers": ["GRP-IN"], "outcome": "proceed", "validFrom": "2026-01-01", "reviewDue": "2025-01-01", "requiredMeasures": [], "coversSpecialCategories": false}"#,
                  field: "reviewDue", rule: .windowBeforeStart),
        Malformed(name: "unknown importer condition", kind: "importerAttributes",
                  json: #"{"entity": "GRP-US", "conditions": ["DPF_COVERS_DATA_TYPE"], "validFrom": "2026-01-01"}"#,
                  field: "conditions[0]", rule: .unknownValue),
        Malformed(name: "derogation assessment for a non-derogation", kind: "derogationAssessment",
                  json: #"{"id": "D-1", "ground": "adequacy", "exporter": "GRP-FR", "importer": "GRP-IN", "occasional": true, "validFrom": "2026-01-01"}"#,
                  field: "ground", rule: .unknownValue),
        Malformed(name: "personal data in a legal name", kind: "entity",
                  json: #"{"code": "E-1", "legalName": "contact jane.doe@example.com", "country": "FR", "groupMember": true, "validFrom": "2026-01-01"}"#,
                  field: "legalName", rule: .invalidCode),
        Malformed(name: "unknown kind", kind: "flow", json: "{}", field: "kind", rule: .unknownValue),
    ])
    func malformedFactsAreRejected(_ example: Malformed) {
        do {
            _ = try Self.fact(example.kind, example.json)
            Issue.record("\(example.name) was accepted")
        } catch let error as RecordError {
            #expect(error.field == example.field, "\(error)")
            #expect(error.rule == example.rule, "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func membershipEdgesAreInclusive() {
        let registry = PolicyFixture.registry
        #expect(registry.membership(of: "GRP-MA", in: "BCR-C-2019-v4", at: Self.day("2026-08-31")) == nil)
        #expect(registry.membership(of: "GRP-MA", in: "BCR-C-2019-v4", at: Self.day("2026-09-01"))?.id == "M-MA-C")
    }

    @Test func revisionEndsAMembershipFromItsOwnValidFrom() throws {
        var registry = PolicyFixture.registry
        try registry.apply(try Self.fact("membership",
            #"{"id": "M-IN-C", "revision": 2, "entity": "GRP-IN", "instrument": "BCR-C-2019-v4", "validFrom": "2019-05-01", "validUntil": "2026-06-30"}"#))
        #expect(registry.membership(of: "GRP-IN", in: "BCR-C-2019-v4", at: Self.day("2026-06-30"))?.revision == 2)
        #expect(registry.membership(of: "GRP-IN", in: "BCR-C-2019-v4", at: Self.day("2026-07-01")) == nil)
        // A rejoin after the exit is a new membership, and no longer overlaps.
        try registry.apply(try Self.fact("membership", #"{"id": "M-IN-C-2", "entity": "GRP-IN", "instrument": "BCR-C-2019-v4", "validFrom": "2026-08-01"}"#))
        #expect(registry.membership(of: "GRP-IN", in: "BCR-C-2019-v4", at: Self.day("2026-07-15")) == nil)
        #expect(registry.membership(of: "GRP-IN", in: "BCR-C-2019-v4", at: Self.day("2026-08-01"))?.id == "M-IN-C-2")
    }

    @Test func laterRevisionSupersedesOnlyFromItsEffectiveDate() throws {
        var registry = PolicyFixture.registry
        // GRP-US's DPF certification extends to HR data from 2026-04-01.
        try registry.apply(try Self.fact("importerAttributes",
            #"{"entity": "GRP-US", "revision": 2, "conditions": ["DPF_CERTIFIED_ACTIVE", "DPF_COVERS_NON_HR", "DPF_COVERS_HR"], "validFrom": "2026-04-01"}"#))
        #expect(registry.importerAttributes(of: "GRP-US", at: Self.day("2026-03-31")).inForce?.conditions.contains(.dpfCoversHR) == false)
        #expect(registry.importerAttributes(of: "GRP-US", at: Self.day("2026-04-01")).inForce?.conditions.contains(.dpfCoversHR) == true)
        let hr = PolicyFixture.transfer("GRP-FR", .controller, "GRP-US", .controller, to: "US", .adequacy, ref: "(EU) 2023/1795",
                                        on: "2026-04-01", data: [.identity, .employmentHR], purposes: [.hrAdministration])
        #expect(PolicyFixture.engine.evaluate(hr, registry: registry).status == .compliant)
        var before = hr
        before.occurredAt = Timestamp(microseconds: hr.occurredAt.microseconds - 86_400_000_000)
        #expect(PolicyFixture.engine.evaluate(before, registry: registry).findings.contains { $0.check == "R4.importerConditionUnmet" })
    }

    @Test func lapsedCertificationIsAnR17Finding() throws {
        var registry = PolicyFixture.registry
        try registry.apply(try Self.fact("importerAttributes",
            #"{"entity": "GRP-US", "revision": 2, "conditions": ["DPF_CERTIFIED_ACTIVE", "DPF_COVERS_NON_HR"], "validFrom": "2023-07-10", "validUntil": "2026-03-31"}"#))
        let onLastDay = PolicyFixture.engine.evaluate(PolicyRulesTests.toUSNonHR(on: "2026-03-31"), registry: registry)
        let dayAfter = PolicyFixture.engine.evaluate(PolicyRulesTests.toUSNonHR(on: "2026-04-01"), registry: registry)
        #expect(onLastDay.status == .compliant)
        #expect(dayAfter.findings.contains { $0.check == "R17.importerAttributesNotInForce" })
    }

    @Test func dayParsingAndArithmetic() {
        #expect(Day("2024-02-29")?.description == "2024-02-29")
        #expect(Day("2023-02-29") == nil)
        #expect(Day("2026-1-01") == nil)
        #expect(Self.day("2026-01-10").adding(days: 31).description == "2026-02-10")
        let instant = (try? Timestamp(rfc3339: "2026-05-01T23:59:59.999999Z")) ?? Timestamp(microseconds: 0)
        #expect(Day(instant).description == "2026-05-01")
        #expect(Day(Timestamp(microseconds: -1)).description == "1969-12-31")
    }
}
