import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// Corrections (R23) and government access requests (R24): decoding, validation, evaluation.
@Suite struct PolicyEntriesTests {
    typealias F = PolicyFixture

    static let moduleOne = PolicyRulesTests.toVendor(module: .c2c)

    static func correction(_ transfer: Transfer, supersedes: UInt64 = 4) -> TransferCorrection {
        TransferCorrection(supersedes: supersedes, reason: .roleMisclassified, reasonNote: "module corrected after review CHG-4412", transfer: transfer)
    }

    @Test func correctionFromModuleOneToTwoIsCompliant() throws {
        let fixed = PolicyRulesTests.toVendor(module: .c2p)
        let correction = Self.correction(fixed)
        let reread = try TransferCorrection(json: try JSONParser.parse(correction.jsonValue.canonicalText))
        #expect(reread == correction)
        let verdict = F.engine.evaluate(reread, target: .transfer(Self.moduleOne), registry: F.registry)
        #expect(verdict.status == .compliant, "\(verdict.findings)")
        #expect(F.evaluate(Self.moduleOne).status == .nonCompliant)
    }

    struct BadCorrection: CustomTestStringConvertible, Sendable {
        let name: String
        let correction: TransferCorrection
        let target: PolicyEngine.CorrectionTarget
        let check: String
        var testDescription: String { name }
    }

    @Test(arguments: [
        BadCorrection(name: "of an entry that is not a transfer", correction: correction(PolicyRulesTests.toVendor()), target: .missing, check: "R23.unknownTarget"),
        BadCorrection(name: "of a superseded version", correction: correction(PolicyRulesTests.toVendor()),
                      target: .superseded(by: 9, original: moduleOne), check: "R23.alreadySuperseded"),
        BadCorrection(name: "changing the idempotency key",
                      correction: correction({ var t = PolicyRulesTests.toVendor(); t.idempotencyKey = "other"; return t }()),
                      target: .transfer(moduleOne), check: "R23.keyChanged"),
        BadCorrection(name: "to a transfer that still breaks a rule", correction: correction(PolicyRulesTests.toVendor(ref: "SCC-FR-VENDUS-2018")),
                      target: .transfer(moduleOne), check: "R6.legacyScc"),
    ])
    func badCorrectionsFail(_ example: BadCorrection) {
        let verdict = F.engine.evaluate(example.correction, target: example.target, registry: F.registry)
        #expect(verdict.status == .nonCompliant)
        #expect(verdict.findings.contains { $0.check == example.check }, "\(verdict.findings)")
    }

    @Test func correctionWithoutChangeWarns() {
        let verdict = F.engine.evaluate(Self.correction(PolicyRulesTests.toVendor()), target: .transfer(PolicyRulesTests.toVendor()), registry: F.registry)
        #expect(verdict.status == .compliantWithWarnings)
        #expect(verdict.findings.map(\.check) == ["R23.noChange"])
    }

    @Test func correctionReportsNestedFieldPaths() {
        let text = #"{"supersedes": 3, "reason": "roleMisclassified", "transfer": {"occurredAt": "2026-05-01T00:00:00Z"}}"#
        #expect(throws: RecordError(field: "transfer.exporter", rule: .missingField, message: "is mandatory and missing")) {
            try TransferCorrection(json: try JSONParser.parse(text))
        }
    }

    static let mlat = #"""
        {"requestId": "GAR-2026-001", "receivedBy": "GRP-US", "country": "US", "authorityType": "lawEnforcement",
         "legalInstrumentCode": "US-18-USC-2703", "receivedAt": "2026-04-02T09:00:00Z", "dataCategoriesRequested": ["identity", "contact"],
         "approxSubjectCount": "b1_10", "relatedFlowIds": ["FLOW-HR-PAYROLL-FR-US"], "relatedRecords": [],
         "exporterNotifiedAt": "2026-04-03T10:00:00Z", "exporterNotificationProhibited": false, "dataSubjectNotified": false,
         "dataSubjectNotificationProhibited": true, "waiverSought": true, "challenged": true, "challengeOutcome": "requestNarrowed",
         "art48Basis": "internationalAgreement", "art48BasisRef": "MLAT-EU-US-2003", "outcome": "partiallyDisclosed",
         "disclosedAt": "2026-05-10T00:00:00Z", "minimisationApplied": true}
        """#

    static func request(_ edit: (inout JSONObject) -> Void = { _ in }) throws -> GovAccessRequest {
        var members = try #require(try JSONParser.parse(mlat).objectValue)
        edit(&members)
        return try GovAccessRequest(json: .object(members))
    }

    @Test func mlatRequestChallengedAndPartlyDisclosedIsCompliant() throws {
        let request = try Self.request()
        #expect(try GovAccessRequest(json: request.jsonValue) == request)
        let verdict = F.engine.evaluate(request, registry: F.registry) { _ in true }
        #expect(verdict.status == .compliant, "\(verdict.findings)")
    }

    @Test func disclosureWithoutArt48BasisIsNonCompliantAndReported() throws {
        let request = try Self.request {
            $0["art48Basis"] = .string("none")
            $0["art48BasisRef"] = nil
            $0["exporterNotifiedAt"] = nil
            $0["outcome"] = .string("disclosed")
        }
        let verdict = F.engine.evaluate(request, registry: F.registry) { _ in true }
        #expect(verdict.status == .nonCompliant)
        #expect(verdict.findings.contains { $0.check == "R24.noArt48Basis" })
        #expect(verdict.findings.contains { $0.check == "R24.exporterNotNotified" && $0.severity == .warn })
        #expect(verdict.flags.contains(.art47_2mReport))
    }

    @Test func unlinkedRequestFails() throws {
        let request = try Self.request { $0["relatedFlowIds"] = .array([]) }
        #expect(F.engine.evaluate(request, registry: F.registry) { _ in true }.findings.contains { $0.check == "R24.unlinked" })
        let unknown = try Self.request { $0["relatedRecords"] = .array([.integer(99)]) }
        #expect(F.engine.evaluate(unknown, registry: F.registry) { _ in false }.findings.contains { $0.check == "R24.unknownRecord" })
    }

    @Test func inconsistentRequestsAreRejectedStructurally() {
        #expect(throws: RecordError.self) { try Self.request { $0["disclosedAt"] = nil } }
        #expect(throws: RecordError.self) { try Self.request { $0["art48BasisRef"] = nil } }
        #expect(throws: RecordError.self) { try Self.request { $0["challenged"] = .bool(false) } }
        #expect(throws: RecordError.self) { try Self.request { $0["disclosedAt"] = .string("2026-04-01T00:00:00Z") } }
    }
}
