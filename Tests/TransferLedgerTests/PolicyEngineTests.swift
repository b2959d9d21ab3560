import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// Cross-cutting engine behaviour: unknown references, temporal edges of reference data, verdict
/// encoding, derived checks and the personal-data screen.
@Suite struct PolicyEngineTests {
    typealias F = PolicyFixture

    struct UnknownReference: CustomTestStringConvertible, Sendable {
        let name: String
        let transfer: Transfer
        let check: String
        var testDescription: String { name }
    }

    @Test(arguments: [
        UnknownReference(name: "unknown importer", transfer: F.transfer("GRP-FR", .controller, "NOBODY", .processor, to: "IN", .bcrController, ref: "BCR-C-2019-v4"), check: "REG.unknownEntity"),
        UnknownReference(name: "unknown BCR", transfer: F.transfer("GRP-FR", .controller, "GRP-IN", .processor, to: "IN", .bcrController, ref: "BCR-NOPE"), check: "REG.unknownBcr"),
        UnknownReference(name: "unknown agreement", transfer: PolicyRulesTests.toVendor(ref: "NOPE"), check: "REG.unknownAgreement"),
        UnknownReference(name: "unknown TIA", transfer: PolicyRulesTests.payrollToIndia(tia: "NOPE"), check: "REG.unknownTia"),
        UnknownReference(name: "unknown contract", transfer: PolicyRulesTests.payrollToIndia(tia: "TIA-IN-2026-03") { $0.contractRefs = ["NOPE"] }, check: "REG.unknownContract"),
        UnknownReference(name: "unknown controller", transfer: PolicyRulesTests.clientDataToIndia(onBehalfOf: "NOBODY"), check: "REG.unknownEntity"),
        UnknownReference(name: "unknown derogation assessment",
                         transfer: F.transfer("GRP-FR", .controller, "COUNSEL-US", .controller, to: "US", .derogationLegalClaims, ref: "NOPE"), check: "REG.unknownDerogationAssessment"),
    ])
    func unknownReferencesAreFailFindings(_ example: UnknownReference) {
        let verdict = F.evaluate(example.transfer)
        #expect(verdict.status == .nonCompliant)
        #expect(verdict.findings.contains { $0.check == example.check && $0.severity == .fail }, "\(verdict.findings)")
    }

    @Test func emptyRegistryGivesFindingsNotCrashes() {
        let verdict = F.engine.evaluate(PolicyRulesTests.clientDataToIndia(), registry: Registry())
        #expect(verdict.status == .nonCompliant)
        #expect(verdict.findings.allSatisfy { $0.severity == .fail })
    }

    /// The embedded region table with the DPF annulled after 2026-06-30 and an extra IO without a decision.
    static let changedReferenceData: ReferenceData? = {
        // The US entry's own `since`: the US territories before it share the decision and its date.
        guard let us = EmbeddedResources.regionsJSON.range(of: #""name": "United States","#) else { return nil }
        var tail = String(EmbeddedResources.regionsJSON[us.lowerBound...])
        guard tail.replaceFirst(#""since": "2023-07-10","#, with: #""since": "2023-07-10", "until": "2026-06-30","#) else { return nil }
        var text = String(EmbeddedResources.regionsJSON[..<us.lowerBound]) + tail
        guard text.replaceFirst(#""entries": ["#, with: #""entries": [{"code": "INT-WHO", "name": "World Health Organization", "kind": "INTERNATIONAL_ORGANISATION", "region": "THIRD_COUNTRY"},"#)
        else { return nil }
        return try? ReferenceData(json: text)
    }()

    @Test func adequacyEndsAfterItsLastDayWithoutRewritingHistory() throws {
        let engine = PolicyEngine(referenceData: try #require(Self.changedReferenceData))
        let lastDay = engine.evaluate(PolicyRulesTests.toUSNonHR(on: "2026-06-30"), registry: F.registry)
        let dayAfter = engine.evaluate(PolicyRulesTests.toUSNonHR(on: "2026-07-01"), registry: F.registry)
        #expect(lastDay.status == .compliant, "\(lastDay.findings)")
        #expect(dayAfter.findings.contains { $0.check == "R17.adequacyNotInForce" })
        // The original table still judges the same record compliant: verdicts are per reference-data version.
        #expect(F.evaluate(PolicyRulesTests.toUSNonHR(on: "2026-07-01")).status == .compliant)
    }

    @Test func internationalOrganisationWithoutDecisionCannotUseAdequacy() throws {
        let engine = PolicyEngine(referenceData: try #require(Self.changedReferenceData))
        let transfer = F.transfer("GRP-DE", .controller, "EPO", .controller, to: "INT-WHO", .adequacy, ref: "(EU) 2025/1382",
                                  data: [.identity], purposes: [.legalCompliance])
        #expect(engine.evaluate(transfer, registry: F.registry).findings.contains { $0.check == "R20.noDecision" })
    }

    @Test func ukDecisionEdges() {
        func toUK(_ day: String) -> PolicyVerdict {
            F.evaluate(F.transfer("GRP-FR", .controller, "GRP-UK", .controller, to: "GB", .adequacy, ref: "(EU) 2021/1772", on: day))
        }
        #expect(toUK("2021-06-28").status == .compliant)
        // The day before, the EU-UK bridge (TCA Art. FINPROV.10A) still kept Chapter V from applying.
        #expect(toUK("2021-06-27").findings.map(\.check) == ["R2.unnecessaryMechanism"])
        #expect(toUK("2031-12-27").status == .compliant)
        #expect(toUK("2031-12-28").findings.contains { $0.check == "R17.adequacyNotInForce" })
    }

    @Test func bcrProcessorClientLegCanBeMadeAFailure() {
        let transfer = F.transfer("CLIENT-DE", .controller, "GRP-IN", .processor, to: "IN", .bcrProcessor, ref: "BCR-P-2019-v2",
                                  data: [.identity], purposes: [.serviceDeliveryToClient], subjects: [.clientEndUser]) {
            $0.onBehalfOf = "CLIENT-DE"; $0.contractRefs = ["CSA-CLIENT-DE-2024"]; $0.tiaRef = "TIA-IN-2026-03"; $0.supplementaryMeasures = [.encryptionKeysInEEA]
        }
        let strict = PolicyEngine(options: PolicyEngine.Options(bcrProcessorClientLegFails: true))
        let verdict = strict.evaluate(transfer, registry: F.registry)
        #expect(verdict.status == .nonCompliant)
        #expect(verdict.ruleSetVersion.hasSuffix("+bcrpClientLegFails"))
    }

    @Test func verdictJSONIsCanonicalAndComplete() throws {
        let verdict = F.evaluate(PolicyRulesTests.toVendor(module: .c2c))
        let json = verdict.jsonValue
        #expect(json.objectValue?["status"] == .string("nonCompliant"))
        #expect(json.objectValue?["ruleSetVersion"] == .string(PolicyEngine.ruleSetVersion))
        let findings = try #require(json.objectValue?["findings"])
        guard case .array(let list) = findings, let first = list.first?.objectValue else { Issue.record("no findings"); return }
        #expect(Set(first.keys) == ["rule", "check", "severity", "message", "fields"])
        #expect(CanonicalJSON.encode(json) == CanonicalJSON.encode(F.evaluate(PolicyRulesTests.toVendor(module: .c2c)).jsonValue))
        #expect(F.evaluate(PolicyRulesTests.toVendor()).jsonValue.canonicalText
                == #"{"findings":[],"flags":[],"ruleSetVersion":"\#(PolicyEngine.ruleSetVersion)","status":"compliant"}"#)
    }

    @Test func derivedChecksFindBrokenChainsAndOverdueTias() {
        var checks = DerivedChecks(registry: F.registry)
        let early = F.transfer("GRP-FR", .controller, "GRP-MA", .processor, to: "MA", .bcrController, ref: "BCR-C-2019-v4", on: "2026-08-15")
        checks.observe(seq: 0, transfer: PolicyRulesTests.clientDataToIndia())
        checks.observe(seq: 1, transfer: early)
        checks.observe(seq: 2, transfer: PolicyRulesTests.onwardToVendor(parent: 0))
        checks.observe(seq: 3, transfer: PolicyRulesTests.onwardToVendor(parent: 1))
        checks.observe(seq: 4, transfer: PolicyRulesTests.onwardToVendor(parent: 42))
        checks.observe(seq: 5, transfer: PolicyRulesTests.payrollToIndia(tia: "TIA-IN-OLD"))
        let findings = checks.finish(asOf: Day("2026-06-01") ?? Day(daysSinceEpoch: 0))
        #expect(findings.map(\.check) == [.bcrTransferBeforeMembership, .onwardParentMismatch, .onwardWithoutParent, .overdueTiaInUse])
        #expect(findings.map(\.seq) == [1, 3, 4, nil])
        #expect(checks.finish(asOf: Day("2027-06-01") ?? Day(daysSinceEpoch: 0)).filter { $0.check == .overdueTiaInUse }.isEmpty)
    }

    /// R11: a transfer on compelling legitimate interests repeating one between the same parties for the
    /// same purpose within 12 months is found across entries by `verify --policy`.
    @Test func derivedChecksFindRepeatedCompellingInterests() {
        func transfer(on day: String, to importer: String = "COUNSEL-US") -> Transfer {
            F.transfer("GRP-FR", .controller, importer, .controller, to: "US", .derogationCompellingLegitimateInterests, ref: "DEROG-X", on: day,
                       data: [.identity], purposes: [.legalCompliance], subjects: [.employee]) { $0.frequency = .oneOff }
        }
        var checks = DerivedChecks(registry: F.registry)
        checks.observe(seq: 0, transfer: transfer(on: "2025-01-10"))
        checks.observe(seq: 1, transfer: transfer(on: "2026-02-01"))  // more than 12 months later
        checks.observe(seq: 2, transfer: transfer(on: "2026-03-01"))  // a month after entry 1
        checks.observe(seq: 3, transfer: transfer(on: "2026-03-02", to: "VEND-US"))  // another importer
        let findings = checks.finish(asOf: Day("2026-06-01") ?? Day(daysSinceEpoch: 0)).filter { $0.check == .compellingInterestsRepeated }
        #expect(findings.map(\.seq) == [2], "\(findings)")
        #expect(findings.first?.message.contains("repeats entry 1") == true)
    }

    @Test(arguments: [
        ("batch 2026-05-01, ticket CHG-4411", nil),
        ("idempotency payroll-svc:2026-05-01T00:00:00Z", nil),
        ("file of jane.doe@client.de", PersonalDataScreen.Kind.email),
        ("call +33 6 12 34 56 78", .phoneNumber),
        ("call 06 12 34 56 78", .phoneNumber),
        ("IBAN FR76 3000 6000 0112 3456 7890 189", .iban),
        ("card 4111 1111 1111 1111", .cardNumber),
        ("SSN 078-05-1120", .usSSN),
        ("NIR 2 69 05 49 588 157 80", .frenchNIR),
        ("order 1234567890123", nil),
    ] as [(String, PersonalDataScreen.Kind?)])
    func personalDataScreen(_ text: String, _ expected: PersonalDataScreen.Kind?) {
        #expect(PersonalDataScreen.firstMatch(in: text) == expected, "\(text)")
    }

    @Test func screenFreeTextThrowsForCallersThatReject() {
        let transfer = PolicyRulesTests.payrollToIndia(tia: "TIA-IN-2026-03") { $0.notes = "file of jane.doe@client.de" }
        #expect(throws: RecordError.self) { try PolicyEngine.screenFreeText(transfer) }
        #expect(throws: Never.self) { try PolicyEngine.screenFreeText(PolicyRulesTests.payrollToIndia) }
    }
}

extension String {
    /// Replaces the first occurrence of `target`; false when there is none.
    mutating func replaceFirst(_ target: String, with replacement: String) -> Bool {
        let haystack = Array(utf8), needle = Array(target.utf8)
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where Array(haystack[start..<start + needle.count]) == needle {
            self = String(decoding: haystack[..<start] + Array(replacement.utf8) + haystack[(start + needle.count)...], as: UTF8.self)
            return true
        }
        return false
    }
}
