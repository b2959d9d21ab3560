import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// One example of §3.5: a transfer (and its parent, for onward transfers) and what the engine must say.
struct PolicyRuleCase: CustomTestStringConvertible, Sendable {
    enum Expectation: Sendable {
        /// No findings at all.
        case compliant
        /// At least this FAIL check (e.g. `R5a.importerNotYetBound`).
        case fails(String)
        /// This WARN check and no FAIL.
        case warnsOnly(String)
    }

    let name: String
    let transfer: Transfer
    var parent: Transfer? = nil
    let expected: Expectation

    var testDescription: String { name }

    func verify() {
        let verdict = PolicyFixture.evaluate(transfer, parent: parent)
        let summary = verdict.findings.map(\.description).joined(separator: "\n")
        switch expected {
        case .compliant:
            #expect(verdict.status == .compliant, "\(name):\n\(summary)")
        case .fails(let check):
            #expect(verdict.status == .nonCompliant, "\(name)")
            #expect(verdict.findings.contains { $0.check == check && $0.severity == .fail }, "\(name): expected \(check), got:\n\(summary)")
        case .warnsOnly(let check):
            #expect(verdict.status == .compliantWithWarnings, "\(name):\n\(summary)")
            #expect(verdict.findings.contains { $0.check == check && $0.severity == .warn }, "\(name): expected \(check), got:\n\(summary)")
        }
    }
}

/// The §3.5 valid and invalid examples, one parameterised test per rule.
@Suite struct PolicyRulesTests {
    typealias F = PolicyFixture

    /// GRP-FR → GRP-IN payroll under BCR-C on 2026-05-01: the valid example of R5a and R7.
    static let payrollToIndia = F.transfer("GRP-FR", .controller, "GRP-IN", .processor, to: "IN", .bcrController, ref: "BCR-C-2019-v4") {
        $0.tiaRef = "TIA-IN-2026-03"
        $0.supplementaryMeasures = [.encryptionKeysInEEA, .transportEncryption]
    }
    /// GRP-FR → JP-PARTNER under the Japan decision.
    static let toJapan = F.transfer("GRP-FR", .controller, "JP-PARTNER", .controller, to: "JP", .adequacy, ref: "(EU) 2019/419",
                                    data: [.identity, .contact], purposes: [.salesCRM], subjects: [.customerBusinessContact])
    /// GRP-FR → GRP-US non-HR data under the DPF.
    static func toUSNonHR(on day: String = "2026-02-01") -> Transfer {
        F.transfer("GRP-FR", .controller, "GRP-US", .controller, to: "US", .adequacy, ref: "(EU) 2023/1795", on: day,
                   data: [.identity, .contact], purposes: [.salesCRM], subjects: [.customerBusinessContact])
    }
    /// GRP-DE (processor for CLIENT-DE) → GRP-IN (sub-processor) under BCR-P.
    static func clientDataToIndia(on day: String = "2026-05-01", refs: [String] = ["CSA-CLIENT-DE-2024", "SPA-CLIENT-DE-IN"],
                                  onBehalfOf: String? = "CLIENT-DE") -> Transfer {
        F.transfer("GRP-DE", .processor, "GRP-IN", .subProcessor, to: "IN", .bcrProcessor, ref: "BCR-P-2019-v2", on: day,
                   data: [.identity, .communicationsContent], purposes: [.serviceDeliveryToClient], subjects: [.clientEndUser]) {
            $0.onBehalfOf = onBehalfOf
            $0.contractRefs = refs
            $0.tiaRef = "TIA-IN-2026-03"
            $0.supplementaryMeasures = [.encryptionKeysInEEA]
        }
    }
    /// GRP-FR → VEND-US hosting under SCC module 2.
    static func toVendor(ref: String = "SCC-FR-VENDUS-2024", module: SccModule = .c2p, on day: String = "2026-05-01") -> Transfer {
        F.transfer("GRP-FR", .controller, "VEND-US", .processor, to: "US", .sccCommission, ref: ref, on: day,
                   data: [.identity, .contact], purposes: [.hosting], subjects: [.customerIndividual]) {
            $0.sccModule = module
            $0.tiaRef = "TIA-US-VEND-2025"
            $0.supplementaryMeasures = [.encryptionKeysInEEA]
        }
    }
    /// GRP-IN → VEND-US, onward from the BCR-P leg, as a sub-processor under SCC module 3.
    static func onwardToVendor(mechanism: TransferMechanism = .sccCommission, ref: String = "SCC-IN-VENDUS-2025", parent: UInt64? = 7) -> Transfer {
        F.transfer("GRP-IN", .subProcessor, "VEND-US", .subProcessor, to: "US", mechanism, ref: ref,
                   data: [.identity, .communicationsContent], purposes: [.serviceDeliveryToClient], subjects: [.clientEndUser]) {
            $0.transferKind = .onward
            $0.parent = parent
            $0.onBehalfOf = "CLIENT-DE"
            $0.sccModule = .p2p
            $0.contractRefs = ["CSA-CLIENT-DE-2024", "SPA-CLIENT-DE-VENDUS"]
            $0.tiaRef = "TIA-US-VEND-2025"
            $0.supplementaryMeasures = [.encryptionKeysInEEA]
        }
    }

    @Test(arguments: [
        PolicyRuleCase(name: "JP derived as ADEQUATE", transfer: toJapan, expected: .compliant),
        PolicyRuleCase(name: "CN claimed ADEQUATE", transfer: F.transfer("GRP-FR", .controller, "VEND-US", .processor, to: "CN", .sccCommission), expected: .fails("R1.regionMismatch")),
    ])
    func r1RegionIsDerived(_ example: PolicyRuleCase) {
        if example.transfer.destination == "CN" {
            let verdict = F.engine.evaluate(example.transfer, registry: F.registry, claimedRegion: .adequate)
            #expect(verdict.findings.contains { $0.check == "R1.regionMismatch" })
        } else {
            let verdict = F.engine.evaluate(example.transfer, registry: F.registry, claimedRegion: .adequate)
            #expect(verdict.status == .compliant, "\(verdict.findings)")
        }
    }

    @Test(arguments: [
        PolicyRuleCase(name: "GRP-FR → GRP-DE not a transfer", transfer: F.transfer("GRP-FR", .controller, "GRP-DE", .processor, to: "DE", .notATransfer), expected: .compliant),
        PolicyRuleCase(name: "GRP-IN remote access logged as notATransfer",
                 transfer: F.transfer("GRP-FR", .controller, "GRP-IN", .processor, to: "IN", .notATransfer) { $0.transferKind = .remoteAccess },
                 expected: .fails("R2.mechanismMissing")),
        PolicyRuleCase(name: "non-EEA importer behind an EEA destination",
                 transfer: F.transfer("GRP-FR", .controller, "GRP-IN", .processor, to: "FR", .notATransfer) { $0.transferKind = .remoteAccess },
                 expected: .fails("R2.importerOutsideEEA")),
        // Chapter V applies only to transfers: R2 warns, and no BCR scope (R5), SCC (R6), TIA (R7) or
        // derogation (R3, R10, R14 exception approval) rule runs.
        PolicyRuleCase(name: "mechanism inside the EEA", transfer: F.transfer("GRP-FR", .controller, "GRP-DE", .controller, to: "DE", .bcrController, ref: "BCR-C-2019-v4"),
                 expected: .warnsOnly("R2.unnecessaryMechanism")),
        PolicyRuleCase(name: "SCC inside the EEA", transfer: F.transfer("GRP-FR", .controller, "GRP-DE", .processor, to: "DE", .sccCommission, ref: "SCC-NONE"),
                 expected: .warnsOnly("R2.unnecessaryMechanism")),
        PolicyRuleCase(name: "derogation inside the EEA",
                 transfer: F.transfer("GRP-FR", .controller, "GRP-DE", .controller, to: "DE", .derogationLegalClaims) { $0.specialCategories = [.health]; $0.art9Condition = .f },
                 expected: .warnsOnly("R2.unnecessaryMechanism")),
    ])
    func r2ChapterVTrigger(_ example: PolicyRuleCase) {
        example.verify()
        if example.name == "mechanism inside the EEA" {
            #expect(PolicyFixture.evaluate(example.transfer).findings.contains { $0.check == "R2.unnecessaryMechanism" && $0.severity == .warn })
        }
    }

    @Test(arguments: [
        PolicyRuleCase(name: "non-HR data to DPF-certified GRP-US under adequacy", transfer: toUSNonHR(), expected: .compliant),
        PolicyRuleCase(name: "consent derogation to adequate CH",
                 transfer: F.transfer("GRP-FR", .controller, "GRP-CH", .controller, to: "CH", .derogationExplicitConsent, ref: "DEROG-CONSENT-CH") { $0.frequency = .oneOff },
                 expected: .fails("R3.adequacyAvailable")),
        PolicyRuleCase(name: "derogation without art46UnavailableReason",
                 transfer: F.transfer("GRP-FR", .controller, "COUNSEL-US", .controller, to: "US", .derogationLegalClaims, ref: "DEROG-NOREASON",
                                      data: [.identity], purposes: [.legalCompliance], subjects: [.formerEmployee]) { $0.frequency = .oneOff },
                 expected: .fails("R3.noArt46Reason")),
    ])
    func r3MechanismLadder(_ example: PolicyRuleCase) { example.verify() }

    @Test(arguments: [
        PolicyRuleCase(name: "JP-PARTNER private company under (EU) 2019/419", transfer: toJapan, expected: .compliant),
        PolicyRuleCase(name: "GB on 2026-01-10 citing 2021/1772",
                 transfer: F.transfer("GRP-FR", .controller, "GRP-UK", .controller, to: "GB", .adequacy, ref: "2021/1772", on: "2026-01-10"), expected: .compliant),
        PolicyRuleCase(name: "VEND-US not on the DPF List",
                 transfer: F.transfer("GRP-FR", .controller, "VEND-US", .processor, to: "US", .adequacy, ref: "(EU) 2023/1795",
                                      data: [.identity], purposes: [.hosting], subjects: [.customerIndividual]),
                 expected: .fails("R4.importerConditionUnmet")),
        PolicyRuleCase(name: "HR data to GRP-US certified for non-HR only",
                 transfer: F.transfer("GRP-FR", .controller, "GRP-US", .controller, to: "US", .adequacy, ref: "(EU) 2023/1795", data: [.identity, .employmentHR], purposes: [.hrAdministration]),
                 expected: .fails("R4.importerConditionUnmet")),
        PolicyRuleCase(name: "wrong decision cited",
                 transfer: F.transfer("GRP-FR", .controller, "JP-PARTNER", .controller, to: "JP", .adequacy, ref: "(EU) 2023/1795",
                                      data: [.contact], purposes: [.salesCRM], subjects: [.customerBusinessContact]),
                 expected: .fails("R4.wrongDecision")),
        PolicyRuleCase(name: "adequacy to a third country", transfer: F.transfer("GRP-FR", .controller, "GRP-IN", .processor, to: "IN", .adequacy, ref: "none"),
                 expected: .fails("R4.noDecision")),
    ])
    func r4AdequacyScope(_ example: PolicyRuleCase) { example.verify() }

    @Test(arguments: [
        PolicyRuleCase(name: "GRP-FR → GRP-IN payroll on 2026-05-01", transfer: payrollToIndia, expected: .compliant),
        PolicyRuleCase(name: "GRP-FR → GRP-MA on 2026-08-15, bound from 2026-09-01",
                 transfer: F.transfer("GRP-FR", .controller, "GRP-MA", .processor, to: "MA", .bcrController, ref: "BCR-C-2019-v4", on: "2026-08-15") { $0.tiaRef = "TIA-MA-2026" },
                 expected: .fails("R5a.importerNotYetBound")),
        PolicyRuleCase(name: "GRP-FR → GRP-MA on 2026-09-01, the first day bound",
                 transfer: F.transfer("GRP-FR", .controller, "GRP-MA", .processor, to: "MA", .bcrController, ref: "BCR-C-2019-v4", on: "2026-09-01") { $0.tiaRef = "TIA-MA-2026" },
                 expected: .compliant),
        PolicyRuleCase(name: "GRP-FR → VEND-US under BCR-C",
                 transfer: F.transfer("GRP-FR", .controller, "VEND-US", .processor, to: "US", .bcrController, ref: "BCR-C-2019-v4") { $0.tiaRef = "TIA-US-VEND-2025"; $0.supplementaryMeasures = [.encryptionKeysInEEA] },
                 expected: .fails("R5a.importerNotMember")),
        PolicyRuleCase(name: "purpose outside the material scope",
                 transfer: F.transfer("GRP-FR", .controller, "GRP-IN", .processor, to: "IN", .bcrController, ref: "BCR-C-2019-v4", purposes: [.salesCRM]) {
                     $0.tiaRef = "TIA-IN-2026-03"; $0.supplementaryMeasures = [.encryptionKeysInEEA] },
                 expected: .fails("R5a.purposesOutsideScope")),
    ])
    func r5aBcrController(_ example: PolicyRuleCase) { example.verify() }

    @Test(arguments: [
        PolicyRuleCase(name: "GRP-DE → GRP-IN for CLIENT-DE, authorisation on file", transfer: clientDataToIndia(), expected: .compliant),
        PolicyRuleCase(name: "CLIENT-DE → GRP-IN directly under BCR-P",
                 transfer: F.transfer("CLIENT-DE", .controller, "GRP-IN", .processor, to: "IN", .bcrProcessor, ref: "BCR-P-2019-v2",
                                      data: [.identity], purposes: [.serviceDeliveryToClient], subjects: [.clientEndUser]) {
                     $0.onBehalfOf = "CLIENT-DE"; $0.contractRefs = ["CSA-CLIENT-DE-2024"]; $0.tiaRef = "TIA-IN-2026-03"; $0.supplementaryMeasures = [.encryptionKeysInEEA] },
                 expected: .warnsOnly("R5b.clientLeg")),
        PolicyRuleCase(name: "without the sub-processing authorisation", transfer: clientDataToIndia(refs: ["CSA-CLIENT-DE-2024"]), expected: .fails("R13.noAuthorisation")),
        PolicyRuleCase(name: "the group's own HR data under BCR-P",
                 transfer: F.transfer("GRP-DE", .processor, "GRP-IN", .subProcessor, to: "IN", .bcrProcessor, ref: "BCR-P-2019-v2") { $0.tiaRef = "TIA-IN-2026-03" },
                 expected: .fails("R5b.noClient")),
    ])
    func r5bBcrProcessor(_ example: PolicyRuleCase) { example.verify() }

    @Test(arguments: [
        PolicyRuleCase(name: "GRP-FR → VEND-US module 2", transfer: toVendor(), expected: .compliant),
        PolicyRuleCase(name: "same transfer as module 1", transfer: toVendor(module: .c2c), expected: .fails("R6.moduleMismatch")),
        PolicyRuleCase(name: "2010/87/EU contract in 2026", transfer: toVendor(ref: "SCC-FR-VENDUS-2018"), expected: .fails("R6.legacyScc")),
        PolicyRuleCase(name: "legacy SCCs on 2022-12-26, the last day", transfer: toVendor(ref: "SCC-FR-VENDUS-2018", on: "2022-12-26"), expected: .fails("R17.tiaNotInForce")),
        PolicyRuleCase(name: "legacy SCCs on 2022-12-27", transfer: toVendor(ref: "SCC-FR-VENDUS-2018", on: "2022-12-27"), expected: .fails("R6.legacyScc")),
        PolicyRuleCase(name: "contract terminated 2025-12-31, transfer 2026-01-02", transfer: toVendor(ref: "SCC-FR-VENDUS-ENDED", on: "2026-01-02"), expected: .fails("R17.agreementNotInForce")),
        PolicyRuleCase(name: "contract terminated 2025-12-31, transfer that day", transfer: toVendor(ref: "SCC-FR-VENDUS-ENDED", on: "2025-12-31"), expected: .compliant),
        PolicyRuleCase(name: "unknown agreement", transfer: toVendor(ref: "SCC-NOPE"), expected: .fails("REG.unknownAgreement")),
    ])
    func r6Scc(_ example: PolicyRuleCase) {
        example.verify()
        if example.name.contains("the last day") {
            #expect(!PolicyFixture.evaluate(example.transfer).findings.contains { $0.check == "R6.legacyScc" })
        }
    }

    static func payrollToIndia(tia: String, measures: [SupplementaryMeasure] = [.encryptionKeysInEEA], on day: String = "2026-05-01") -> Transfer {
        F.transfer("GRP-FR", .controller, "GRP-IN", .processor, to: "IN", .bcrController, ref: "BCR-C-2019-v4", on: day) {
            $0.tiaRef = tia
            $0.supplementaryMeasures = measures
        }
    }

    @Test(arguments: [
        PolicyRuleCase(name: "TIA due 2027-03, measure listed", transfer: payrollToIndia, expected: .compliant),
        PolicyRuleCase(name: "TIA outcome suspend", transfer: payrollToIndia(tia: "TIA-IN-SUSPEND"), expected: .fails("R7.suspend")),
        PolicyRuleCase(name: "TIA review overdue", transfer: payrollToIndia(tia: "TIA-IN-OLD"), expected: .fails("R7.reviewOverdue")),
        PolicyRuleCase(name: "TIA on its review day", transfer: payrollToIndia(tia: "TIA-IN-OLD", on: "2025-01-01"), expected: .compliant),
        PolicyRuleCase(name: "TIA the day after its review day", transfer: payrollToIndia(tia: "TIA-IN-OLD", on: "2025-01-02"), expected: .fails("R7.reviewOverdue")),
        PolicyRuleCase(name: "TIA requires pseudonymisationKeysInEEA", transfer: payrollToIndia(tia: "TIA-IN-PSEUDO"), expected: .fails("R7.missingMeasures")),
        PolicyRuleCase(name: "no tiaRef", transfer: F.transfer("GRP-FR", .controller, "GRP-IN", .processor, to: "IN", .bcrController, ref: "BCR-C-2019-v4"), expected: .fails("R7.missingTia")),
        PolicyRuleCase(name: "unknown TIA", transfer: payrollToIndia(tia: "TIA-NOPE"), expected: .fails("REG.unknownTia")),
        PolicyRuleCase(name: "TIA of another destination", transfer: payrollToIndia(tia: "TIA-MA-2026"), expected: .fails("R7.wrongDestination")),
    ])
    func r7Tia(_ example: PolicyRuleCase) { example.verify() }

    @Test(arguments: [
        PolicyRuleCase(name: "one-off claimant file to US counsel",
                 transfer: F.transfer("GRP-FR", .controller, "COUNSEL-US", .controller, to: "US", .derogationLegalClaims, ref: "DEROG-CLAIM-2026",
                                      data: [.identity], purposes: [.legalCompliance], subjects: [.formerEmployee]) { $0.frequency = .oneOff },
                 expected: .compliant),
        PolicyRuleCase(name: "daily CRM sync under contract with the data subject",
                 transfer: F.transfer("GRP-FR", .controller, "GRP-IN", .controller, to: "IN", .derogationContractWithDataSubject, ref: "DEROG-CRM-2026",
                                      data: [.contact], purposes: [.salesCRM], subjects: [.customerIndividual]) { $0.frequency = .periodic },
                 expected: .fails("R10.notOccasional")),
        PolicyRuleCase(name: "derogation without assessment",
                 transfer: F.transfer("GRP-FR", .controller, "COUNSEL-US", .controller, to: "US", .derogationLegalClaims) { $0.frequency = .oneOff },
                 expected: .fails("R10.missingAssessment")),
        PolicyRuleCase(name: "assessment for another ground",
                 transfer: F.transfer("GRP-FR", .controller, "COUNSEL-US", .controller, to: "US", .derogationVitalInterests, ref: "DEROG-CLAIM-2026") { $0.frequency = .oneOff },
                 expected: .fails("R10.groundMismatch")),
    ])
    func r10Derogations(_ example: PolicyRuleCase) {
        example.verify()
        #expect(PolicyFixture.evaluate(example.transfer).flags.contains(.exceptional))
    }

    @Test(arguments: [
        PolicyRuleCase(name: "GRP-DE for CLIENT-DE with instructions allowing India", transfer: clientDataToIndia(), expected: .compliant),
        PolicyRuleCase(name: "no instruction reference", transfer: clientDataToIndia(refs: ["SPA-CLIENT-DE-IN"]), expected: .fails("R12.noInstruction")),
        PolicyRuleCase(name: "instruction allowing only the EEA", transfer: clientDataToIndia(refs: ["DPA-CLIENT-DE-EEA", "SPA-CLIENT-DE-IN"]), expected: .fails("R12.destinationNotInstructed")),
        PolicyRuleCase(name: "processor without a controller", transfer: clientDataToIndia(onBehalfOf: nil), expected: .fails("R12.noController")),
    ])
    func r12ProcessorInstructions(_ example: PolicyRuleCase) { example.verify() }

    @Test(arguments: [
        PolicyRuleCase(name: "general authorisation, notice 2026-01-10, transfer 2026-03-01", transfer: clientDataToIndia(on: "2026-03-01"), expected: .compliant),
        PolicyRuleCase(name: "transfer 2026-01-20, objection window open", transfer: clientDataToIndia(on: "2026-01-20"), expected: .fails("R13.objectionPeriodOpen")),
        PolicyRuleCase(name: "2026-02-09, the window's last day", transfer: clientDataToIndia(on: "2026-02-09"), expected: .fails("R13.objectionPeriodOpen")),
        PolicyRuleCase(name: "2026-02-10, the first day after the window", transfer: clientDataToIndia(on: "2026-02-10"), expected: .compliant),
    ])
    func r13SubprocessorAuthorisation(_ example: PolicyRuleCase) { example.verify() }

    static func sickLeaveToIndia(art9: Art9Condition?, tia: String = "TIA-IN-2026-03") -> Transfer {
        F.transfer("GRP-FR", .controller, "GRP-IN", .processor, to: "IN", .bcrController, ref: "BCR-C-2019-v4", purposes: [.hrAdministration]) {
            $0.specialCategories = [.health]
            $0.art9Condition = art9
            $0.tiaRef = tia
            $0.supplementaryMeasures = [.encryptionKeysInEEA, .pseudonymisationKeysInEEA]
        }
    }

    @Test(arguments: [
        PolicyRuleCase(name: "sick-leave data with art9Condition b", transfer: sickLeaveToIndia(art9: .b), expected: .compliant),
        PolicyRuleCase(name: "same without art9Condition", transfer: sickLeaveToIndia(art9: nil), expected: .fails("R14.noArt9Condition")),
        PolicyRuleCase(name: "TIA not made for special categories", transfer: sickLeaveToIndia(art9: .b, tia: "TIA-IN-NONSENSITIVE"), expected: .fails("R14.tiaNotSensitive")),
    ])
    func r14SpecialCategories(_ example: PolicyRuleCase) { example.verify() }

    @Test(arguments: [
        PolicyRuleCase(name: "vetting certificates with the legal authorisation",
                 transfer: F.transfer("GRP-FR", .controller, "GRP-IN", .processor, to: "IN", .bcrController, ref: "BCR-C-2019-v4", purposes: [.hrAdministration]) {
                     $0.criminalData = true; $0.art10Basis = "FR banking law vetting authorisation ref ACPR-2024-17"
                     $0.tiaRef = "TIA-IN-2026-03"; $0.supplementaryMeasures = [.encryptionKeysInEEA] },
                 expected: .compliant),
        PolicyRuleCase(name: "background checks without a legal basis",
                 transfer: F.transfer("GRP-FR", .controller, "GRP-IN", .processor, to: "IN", .bcrController, ref: "BCR-C-2019-v4", purposes: [.hrAdministration]) {
                     $0.criminalData = true; $0.tiaRef = "TIA-IN-2026-03"; $0.supplementaryMeasures = [.encryptionKeysInEEA] },
                 expected: .fails("R15.noArt10Basis")),
    ])
    func r15CriminalData(_ example: PolicyRuleCase) { example.verify() }

    @Test(arguments: [
        PolicyRuleCase(name: "GRP-IN → VEND-US under SCC module 3 after the BCR-P leg", transfer: onwardToVendor(), parent: clientDataToIndia(), expected: .compliant),
        PolicyRuleCase(name: "GRP-IN → VEND-US labelled bcrProcessor", transfer: onwardToVendor(mechanism: .bcrProcessor, ref: "BCR-P-2019-v2"),
                 parent: clientDataToIndia(), expected: .fails("R16.onwardToNonMember")),
        PolicyRuleCase(name: "onward without parent", transfer: onwardToVendor(parent: nil), expected: .fails("R16.noParent")),
        PolicyRuleCase(name: "onward from someone else's import", transfer: onwardToVendor(), parent: toVendor(), expected: .fails("R16.exporterNotParentImporter")),
    ])
    func r16OnwardTransfers(_ example: PolicyRuleCase) { example.verify() }

    @Test(arguments: [
        PolicyRuleCase(name: "notes with a batch and a ticket", transfer: payrollToIndia(tia: "TIA-IN-2026-03") { $0.notes = "batch 2026-05-01, ticket CHG-4411" }, expected: .compliant),
        PolicyRuleCase(name: "notes with an e-mail address", transfer: payrollToIndia(tia: "TIA-IN-2026-03") { $0.notes = "file of jane.doe@client.de" }, expected: .fails("R18.personalData")),
    ])
    func r18NoPersonalData(_ example: PolicyRuleCase) {
        example.verify()
        // The finding names the kind of identifier, never the identifier.
        #expect(!PolicyFixture.evaluate(example.transfer).findings.contains { $0.message.contains("jane") })
    }

    @Test(arguments: [
        PolicyRuleCase(name: "patent data to INT-EPO under (EU) 2025/1382",
                 transfer: F.transfer("GRP-DE", .controller, "EPO", .controller, to: "INT-EPO", .adequacy, ref: "(EU) 2025/1382", on: "2026-03-01",
                                      data: [.identity, .contact], purposes: [.legalCompliance]),
                 expected: .compliant),
        PolicyRuleCase(name: "INT-EPO the day before its decision",
                 transfer: F.transfer("GRP-DE", .controller, "EPO", .controller, to: "INT-EPO", .adequacy, ref: "(EU) 2025/1382", on: "2025-07-14",
                                      data: [.identity, .contact], purposes: [.legalCompliance]),
                 expected: .fails("R17.adequacyNotInForce")),
    ])
    func r20InternationalOrganisations(_ example: PolicyRuleCase) { example.verify() }
}

extension PolicyRulesTests {
    static func payrollToIndia(tia: String, _ change: (inout Transfer) -> Void) -> Transfer {
        var transfer = payrollToIndia(tia: tia)
        change(&transfer)
        return transfer
    }

    /// Explicit consent suits occasional transfers: a continuous or periodic flow, or a band above
    /// 10,000 people, gets R10's warning; a one-off transfer of fewer does not.
    @Test(arguments: [(Frequency.continuous, CountBand.b1_10, true), (.periodic, .b11_100, true), (.oneOff, .b10k_100k, true),
                      (.oneOff, .bOver1m, true), (.oneOff, .b1k_10k, false), (.oneOff, .unknown, false)])
    func consentForARegularOrLargeFlowWarns(_ frequency: Frequency, _ band: CountBand, _ warns: Bool) {
        let transfer = F.transfer("GRP-FR", .controller, "GRP-CH", .controller, to: "CH", .derogationExplicitConsent, ref: "DEROG-CONSENT-CH") {
            $0.frequency = frequency
            $0.subjectCount = band
        }
        let findings = F.evaluate(transfer).findings
        #expect(findings.contains { $0.check == "R10.consentNotOccasional" && $0.severity == .warn } == warns, "\(findings)")
    }

    /// R13: the sub-processor authorisation is cited in `contractRefs`; when it is missing, the finding
    /// names the field and the authorisation on file to cite, or says that none is in force.
    @Test func aMissingSubprocessorAuthorisationNamesTheOneToCite() {
        let uncited = F.evaluate(Self.clientDataToIndia(refs: ["CSA-CLIENT-DE-2024"])).findings.filter { $0.check == "R13.noAuthorisation" }
        #expect(uncited.count == 1, "\(uncited)")
        #expect(uncited.first?.message.contains("contractRefs cites no sub-processor authorisation; cite SPA-CLIENT-DE-IN in contractRefs") == true,
                "\(uncited)")
        #expect(uncited.first?.fields.contains("contractRefs") == true)

        // Before the authorisation existed there is nothing to cite, and the finding says so.
        let early = F.evaluate(Self.clientDataToIndia(on: "2025-12-01", refs: ["CSA-CLIENT-DE-2024"])).findings
            .filter { $0.check == "R13.noAuthorisation" }
        #expect(early.first?.message.contains("the registry holds no such authorisation in force on 2025-12-01") == true, "\(early)")
    }

    /// SCC module 4: GRP-DE, processing in the EU for a US controller, returns the results to it. Clauses
    /// 14 and 15, and so a TIA (R7), apply only where GRP-DE combines them with data it collected in the
    /// EU, which the agreement records.
    @Test func moduleFourNeedsATiaOnlyWhereTheProcessorCombinesEuData() {
        func backToTheController(under agreement: String, tia: String? = nil) -> Transfer {
            F.transfer("GRP-DE", .processor, "CLIENT-US", .controller, to: "US", .sccCommission, ref: agreement,
                       data: [.identity, .contact], purposes: [.serviceDeliveryToClient], subjects: [.clientEndUser]) {
                $0.sccModule = .p2c
                $0.onBehalfOf = "CLIENT-US"
                $0.contractRefs = ["DPA-CLIENTUS-DE"]
                $0.tiaRef = tia
            }
        }
        let plain = F.evaluate(backToTheController(under: "SCC-DE-CLIENTUS")).findings
        #expect(!plain.contains { $0.rule == .r7 }, "\(plain)")
        #expect(!plain.contains { $0.rule == .r6 }, "\(plain)")

        let combined = F.evaluate(backToTheController(under: "SCC-DE-CLIENTUS-COMBINED")).findings
        #expect(combined.contains { $0.check == "R7.missingTia" && $0.severity == .fail }, "\(combined)")

        // A TIA cited where none is needed is still checked: this one assesses Morocco, not the US.
        let wrongTia = F.evaluate(backToTheController(under: "SCC-DE-CLIENTUS", tia: "TIA-MA-2026")).findings
        #expect(wrongTia.contains { $0.check == "R7.wrongDestination" }, "\(wrongTia)")
    }

    /// Art. 49 is subsidiary: where the registry shows a BCR-C binding both parties and covering the
    /// transfer, or SCCs 2021/914 between them, on the day, a derogation FAILs R3 naming the instrument.
    @Test func aDerogationWhereASafeguardIsAvailableFails() {
        let underBcr = F.transfer("GRP-FR", .controller, "GRP-IN", .processor, to: "IN", .derogationContractWithDataSubject, ref: "DEROG-CRM-2026")
        let bcrFindings = F.evaluate(underBcr).findings.filter { $0.check == "R3.safeguardAvailable" }
        #expect(bcrFindings.count == 1 && bcrFindings.first?.severity == .fail, "\(bcrFindings)")
        #expect(bcrFindings.first?.message.contains("BCR-C-2019-v4") == true)

        let underScc = F.transfer("GRP-FR", .controller, "VEND-US", .processor, to: "US", .derogationLegalClaims, ref: "DEROG-CLAIM-2026",
                                  data: [.identity], purposes: [.legalCompliance], subjects: [.formerEmployee]) { $0.frequency = .oneOff }
        let sccFindings = F.evaluate(underScc).findings.filter { $0.check == "R3.safeguardAvailable" }
        #expect(sccFindings.first?.message.contains("SCC-FR-VENDUS-2024") == true, "\(sccFindings)")

        // Before the SCCs were signed, and to a party no instrument covers, the derogation is available.
        let before = F.transfer("GRP-FR", .controller, "VEND-US", .processor, to: "US", .derogationLegalClaims, ref: "DEROG-CLAIM-2026", on: "2021-06-01",
                                data: [.identity], purposes: [.legalCompliance], subjects: [.formerEmployee]) { $0.frequency = .oneOff }
        #expect(!F.evaluate(before).findings.contains { $0.check == "R3.safeguardAvailable" })
        let toCounsel = F.transfer("GRP-FR", .controller, "COUNSEL-US", .controller, to: "US", .derogationLegalClaims, ref: "DEROG-CLAIM-2026",
                                   data: [.identity], purposes: [.legalCompliance], subjects: [.formerEmployee]) { $0.frequency = .oneOff }
        #expect(!F.evaluate(toCounsel).findings.contains { $0.check == "R3.safeguardAvailable" })
    }

    /// R11: compelling legitimate interests need a controller's one-off transfer of at most 100 people,
    /// with the authority's notification and the subjects' information recorded in the assessment.
    @Test func compellingLegitimateInterestsAreChecked() throws {
        var registry = F.registry
        let informed = #"{"authorityNotification": "CNIL-NOTICE-2026-4", "dataSubjectInformation": "NOTICE-EMP-2026-4"}"#
        for (id, evidence) in [("DEROG-CLI-INFORMED", informed), ("DEROG-CLI-SILENT", "{}")] {
            try registry.apply(RegistryFact(kind: "derogationAssessment", bytes: Array(#"""
                {"id": "\#(id)", "ground": "derogationCompellingLegitimateInterests", "exporter": "GRP-FR", "importer": "COUNSEL-US",
                 "occasional": true, "art46UnavailableReason": "no SCC possible in time, ref LEG-2026-9", "evidenceRefs": \#(evidence), "validFrom": "2026-01-01"}
                """#.utf8)))
        }
        func checks(_ ref: String, _ change: (inout Transfer) -> Void = { _ in }) -> [String] {
            let transfer = F.transfer("GRP-FR", .controller, "COUNSEL-US", .controller, to: "US", .derogationCompellingLegitimateInterests, ref: ref,
                                      data: [.identity, .contact], purposes: [.legalCompliance], subjects: [.employee]) {
                $0.frequency = .oneOff
                $0.subjectCount = .b1_10
                change(&$0)
            }
            return F.engine.evaluate(transfer, registry: registry).findings.filter { $0.rule == .r11 }.map(\.check)
        }
        #expect(checks("DEROG-CLI-INFORMED") == [])
        #expect(checks("DEROG-CLI-SILENT") == ["R11.notInformed"])
        #expect(checks("DEROG-CLI-INFORMED") { $0.frequency = .continuous } == ["R11.repetitive"])
        #expect(checks("DEROG-CLI-INFORMED") { $0.subjectCount = .bOver1m } == ["R11.tooManySubjects"])
        #expect(checks("DEROG-CLI-INFORMED") { $0.subjectCount = .b101_1k } == ["R11.tooManySubjects"])
        #expect(checks("DEROG-CLI-INFORMED") { $0.subjectCount = .b11_100 } == [])
        #expect(checks("DEROG-CLI-INFORMED") { $0.exporter.role = .processor; $0.onBehalfOf = "CLIENT-DE" }.contains("R11.notController"))
    }
}
