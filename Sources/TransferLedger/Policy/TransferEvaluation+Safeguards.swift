import LedgerFormat

/// R6 (SCC 2021/914) and R7 (TIA for every Art. 46 tool), with the R17 dates of both.
extension TransferEvaluation {
    /// The last day Directive-era SCCs could cover a transfer (Decision 2021/914, Art. 4(4)).
    static let legacySccLastDay = Day("2022-12-26") ?? Day(daysSinceEpoch: 19_352)

    /// The SCC module the parties' roles imply (domain §3.3).
    static func derivedModule(exporter: PartyRole, importer: PartyRole) -> SccModule {
        switch (isProcessor(exporter), isProcessor(importer)) {
        case (false, false): .c2c
        case (false, true): .c2p
        case (true, true): .p2p
        case (true, false): .p2c
        }
    }

    /// R6: SCCs in force between exactly these parties, with the module their roles imply.
    mutating func checkScc() {
        let derived = Self.derivedModule(exporter: transfer.exporter.role, importer: transfer.importer.role)
        let roles = "\(transfer.exporter.role.rawValue) → \(transfer.importer.role.rawValue)"
        if let module = transfer.sccModule {
            if module != derived {
                fail(.r6, "moduleMismatch", "sccModule is \(module.rawValue) but roles \(roles) require module \(derived.rawValue)",
                     fields: ["sccModule", "exporter.role", "importer.role"])
            }
        } else {
            fail(.r6, "missingModule", "sccModule is missing: roles \(roles) imply module \(derived.rawValue)", fields: ["sccModule"])
        }
        if derived == .p2c, importerCode != transfer.onBehalfOf {
            fail(.r6, "module4Controller", "module p2c sends data back to the controller: importer \(importerCode) must be the controller named in onBehalfOf (\(transfer.onBehalfOf ?? "empty"))",
                 fields: ["importer.entity", "onBehalfOf"])
        }
        if registry.importerAttributes(of: importerCode, at: day).inForce?.conditions.contains(.subjectToGDPRArt3_2) == true {
            warn(.r6, "importerSubjectToGDPR",
                 "importer \(importerCode) is itself subject to the GDPR (Art. 3(2)); the 2021/914 clauses are not designed for such importers (recital 7)",
                 fields: ["importer.entity"])
        }
        guard let ref = transfer.mechanismRef else {
            fail(.r6, "missingRef", "mechanismRef is missing: cite the SCC agreement between \(exporterCode) and \(importerCode)", fields: ["mechanismRef"])
            return
        }
        let agreement: Agreement
        switch registry.agreement(ref, at: day) {
        case .unknown:
            fail(.registry, "unknownAgreement", "mechanismRef \(ref) is not an agreement in the group registry", fields: ["mechanismRef"])
            return
        case .notInForce(let known):
            fail(.r17, "agreementNotInForce", "\(known.label) is in force \(known.validity), not on \(day)", fields: ["mechanismRef", "occurredAt"])
            return
        case .inForce(let found):
            agreement = found
        }
        switch agreement.type {
        case .scc2021_914:
            break
        case .sccLegacy:
            if day > Self.legacySccLastDay {
                fail(.r6, "legacyScc", "\(agreement.id) uses Directive-era clauses, which stopped covering transfers after \(Self.legacySccLastDay); conclude SCCs 2021/914",
                     fields: ["mechanismRef"])
            }
        default:
            fail(.r6, "notScc", "\(agreement.id) is an agreement of type \(agreement.type.rawValue), not standard contractual clauses", fields: ["mechanismRef"])
            return
        }
        if agreement.exporter != exporterCode || agreement.importer != importerCode {
            fail(.r6, "partiesMismatch",
                 "\(agreement.id) binds exporter \(agreement.exporter ?? "?") and importer \(agreement.importer ?? "?"), not \(exporterCode) and \(importerCode)",
                 fields: ["mechanismRef", "exporter.entity", "importer.entity"])
        }
        if let module = agreement.module, module != derived {
            fail(.r6, "agreementModuleMismatch", "\(agreement.id) is module \(module.rawValue) but roles \(roles) require module \(derived.rawValue)",
                 fields: ["mechanismRef", "exporter.role", "importer.role"])
        }
    }

    /// Whether R7 asks this Art. 46 transfer for a TIA: always, except under module 4 SCCs whose
    /// agreement does not record that the EU processor combines the data with data it collected in
    /// the EU, since Clauses 14 and 15 apply only then. A TIA that is cited anyway is still checked.
    var needsTia: Bool {
        guard transfer.mechanism == .sccCommission, transfer.tiaRef == nil,
              Self.derivedModule(exporter: transfer.exporter.role, importer: transfer.importer.role) == .p2c,
              let ref = transfer.mechanismRef, case .inForce(let agreement) = registry.agreement(ref, at: day), agreement.module == .p2c
        else { return true }
        return agreement.combinesEuData == true
    }

    /// R7: a TIA in force for this destination and importer, positive, not overdue, measures applied.
    mutating func checkTia() {
        guard let ref = transfer.tiaRef else {
            fail(.r7, "missingTia", "tiaRef is missing: mechanism \(transfer.mechanism.rawValue) is an Art. 46 tool and needs a transfer impact assessment",
                 fields: ["tiaRef"])
            return
        }
        let assessment: TransferImpactAssessment
        switch registry.tia(ref, at: day) {
        case .unknown:
            fail(.registry, "unknownTia", "tiaRef \(ref) is not a TIA in the group registry", fields: ["tiaRef"])
            return
        case .notInForce(let known):
            fail(.r17, "tiaNotInForce", "\(known.label) is in force \(known.validity), not on \(day)", fields: ["tiaRef", "occurredAt"])
            return
        case .inForce(let found):
            assessment = found
        }
        tia = assessment
        if assessment.destination != transfer.destination {
            fail(.r7, "wrongDestination", "\(assessment.label) assesses \(assessment.destination), not destination \(transfer.destination)",
                 fields: ["tiaRef", "destination"])
        }
        if !assessment.importers.contains(importerCode) {
            fail(.r7, "wrongImporter", "\(assessment.label) does not assess importer \(importerCode) (it covers \(assessment.importers.sorted().joined(separator: ", ")))",
                 fields: ["tiaRef", "importer.entity"])
        }
        if assessment.outcome == .suspend {
            fail(.r7, "suspend", "\(assessment.label) concluded suspend: transfers to \(assessment.destination) must not take place", fields: ["tiaRef"])
        }
        if assessment.reviewDue < day {
            fail(.r7, "reviewOverdue", "\(assessment.label) was due for review on \(assessment.reviewDue); it cannot cover a transfer on \(day)",
                 fields: ["tiaRef", "occurredAt"])
        }
        let applied = transfer.supplementaryMeasures ?? []
        let missing = assessment.requiredMeasures.filter { !applied.contains($0) }.map(\.rawValue).sorted()
        if !missing.isEmpty {
            fail(.r7, "missingMeasures", "\(assessment.label) requires \(missing.joined(separator: ", ")), missing from supplementaryMeasures",
                 fields: ["supplementaryMeasures", "tiaRef"])
        }
    }
}

extension SccModule {
    /// The module of the 2021 SCCs that an exporter and importer in these roles must use (R6): a
    /// controller or processor on each side picks one of the four.
    package static func implied(exporter: PartyRole, importer: PartyRole) -> SccModule {
        TransferEvaluation.derivedModule(exporter: exporter, importer: importer)
    }
}
