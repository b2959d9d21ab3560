import LedgerFormat

/// Parties, region and the Chapter V trigger: REG, R1, R2, R3, R17 (parties) and R20.
extension TransferEvaluation {
    /// REG/R17: the exporter, importer and controller must be registered and registered on the day.
    mutating func checkParties() {
        exporter = resolveEntity(exporterCode, field: "exporter.entity", role: "exporter")
        importer = resolveEntity(importerCode, field: "importer.entity", role: "importer")
        if let code = transfer.onBehalfOf {
            controller = resolveEntity(code, field: "onBehalfOf", role: "controller (onBehalfOf)")
        }
        if exporterCode == importerCode {
            fail(.r2, "sameParty", "exporter and importer are both \(exporterCode): a transfer needs two different entities",
                 fields: ["exporter.entity", "importer.entity"])
        }
        for (index, ref) in (transfer.contractRefs ?? []).enumerated() where registry.kind(ofDocument: ref) == nil {
            fail(.registry, "unknownContract", "contractRefs[\(index)] cites \(ref), which is not in the group registry (no agreement or authorisation has that id)",
                 fields: ["contractRefs[\(index)]"])
        }
    }

    private mutating func resolveEntity(_ code: String, field: String, role: String) -> LegalEntity? {
        switch registry.entity(code, at: day) {
        case .inForce(let entity):
            return entity
        case .notInForce(let entity):
            fail(.r17, "entityNotInForce", "\(role) \(code) is registered \(entity.validity), not on \(day)", fields: [field])
            return entity
        case .unknown:
            fail(.registry, "unknownEntity", "\(role) \(code) is not in the group registry", fields: [field])
            return nil
        }
    }

    /// R1: the ledger derives the region; a claimed region that differs is refused.
    mutating func checkRegion(claimed: Region?) {
        region = engine.referenceData.region(of: transfer.destination, at: transfer.occurredAt)
        guard let region else {
            fail(.r1, "unknownDestination", "destination \(transfer.destination) is not in the reference data, so no region can be derived",
                 fields: ["destination"])
            return
        }
        if let claimed, claimed != region {
            fail(.r1, "regionMismatch",
                 "region was given as \(claimed.rawValue) but \(transfer.destination) is \(region.rawValue) on \(day) under reference data \(engine.referenceData.version.hex.prefix(12))…; the ledger derives the region itself",
                 fields: ["region", "destination"])
        }
    }

    /// R20: international organisations carry `INT-` codes, and only one with a decision may use adequacy.
    mutating func checkInternationalOrganisation() {
        guard let destination else { return }
        let prefixed = transfer.destination.hasPrefix("INT-")
        if destination.isInternationalOrganisation != prefixed {
            fail(.r20, "codeKind", "destination \(transfer.destination) is \(destination.isInternationalOrganisation ? "an international organisation without" : "a country with") an INT- code",
                 fields: ["destination"])
        }
        if destination.isInternationalOrganisation, transfer.mechanism == .adequacy, destination.decision == nil {
            fail(.r20, "noDecision",
                 "\(transfer.destination) has no adequacy decision; only international organisations with one (INT-EPO) can receive data under adequacy — use an Art. 46 or Art. 49 tool",
                 fields: ["destination", "mechanism"])
        }
    }

    /// Whether the exporter is subject to the GDPR: EEA-established, acting for an EEA controller,
    /// continuing an EU-origin chain, or unknown (assumed subject, so that rules fail closed).
    var exporterSubjectToGDPR: Bool {
        guard let exporter else { return true }
        if isEEA(exporter.country) || transfer.transferKind == .onward { return true }
        return controller.map { isEEA($0.country) } ?? false
    }

    func isEEA(_ country: String) -> Bool {
        engine.referenceData.region(of: country, at: transfer.occurredAt) == .eea
    }

    /// R2: leaving the EEA needs a Chapter V mechanism; staying inside needs none.
    mutating func checkChapterV() {
        guard let region else { return }
        let mechanism = transfer.mechanism
        if region == .eea {
            if mechanism != .notATransfer {
                warn(.r2, "unnecessaryMechanism",
                     "destination \(transfer.destination) is in the EEA, so no Chapter V mechanism is needed; mechanism \(mechanism.rawValue) is unnecessary",
                     fields: ["destination", "mechanism"])
            }
            if mechanism == .notATransfer, let importer, !isEEA(importer.country) {
                fail(.r2, "importerOutsideEEA",
                     "importer \(importer.code) is established in \(importer.country), outside the EEA: data reaching it is a transfer even if destination says \(transfer.destination); notATransfer is not possible",
                     fields: ["importer.entity", "destination", "mechanism"])
            }
            return
        }
        if transfer.transferKind == .intraEEA {
            fail(.r2, "intraEEAOutsideEEA", "transferKind is intraEEA but destination \(transfer.destination) is \(region.rawValue) on \(day)",
                 fields: ["transferKind", "destination"])
        }
        if mechanism == .notATransfer, exporterSubjectToGDPR {
            let access = transfer.transferKind == .remoteAccess ? "remote access from \(transfer.destination) is a transfer too; " : ""
            fail(.r2, "mechanismMissing",
                 "destination \(transfer.destination) is \(region.rawValue) on \(day) and exporter \(exporterCode) is subject to the GDPR: \(access)a Chapter V mechanism is required, not notATransfer",
                 fields: ["destination", "mechanism", "transferKind"])
        }
    }

    /// R3: an Art. 49 derogation is a last resort — not where adequacy covers the importer, and
    /// only with a documented reason why no Art. 46 tool could be used.
    mutating func checkMechanismLadder() {
        if adequacyApplies, let decision = decision?.id {
            fail(.r3, "adequacyAvailable",
                 "adequacy decision \(decision) covers importer \(importerCode) in \(transfer.destination) on \(day); Art. 49 derogation \(transfer.mechanism.rawValue) is only available absent adequacy — use mechanism adequacy",
                 fields: ["mechanism", "destination"])
        }
        if let available = availableSafeguard {
            fail(.r3, "safeguardAvailable",
                 "\(available) on \(day); Art. 49 derogation \(transfer.mechanism.rawValue) is only available in the absence of adequacy or an Art. 46/47 safeguard (Art. 49(1)) — use that instrument",
                 fields: ["mechanism", "exporter.entity", "importer.entity"])
        }
        if let derogation, derogation.art46UnavailableReason == nil {
            fail(.r3, "noArt46Reason",
                 "\(derogation.label) gives no art46UnavailableReason: a derogation needs a documented reason why no Art. 46 safeguard could be used (EDPB Guidelines 2/2018)",
                 fields: ["mechanismRef"])
        }
    }

    /// The registry's Art. 46/47 instrument that covers this transfer on its day, described, or nil:
    /// a BCR-C in force binding exporter and importer whose material scope covers the destination,
    /// data categories and purposes; or SCCs 2021/914 in force between exactly these parties.
    var availableSafeguard: String? {
        for instrument in registry.bcrsInForce(at: day) where instrument.type == .controller {
            guard registry.membership(of: exporterCode, in: instrument.id, at: day) != nil,
                  registry.membership(of: importerCode, in: instrument.id, at: day) != nil,
                  instrument.coveredCountries.contains(transfer.destination),
                  transfer.dataCategories.allSatisfy(instrument.dataCategories.contains),
                  transfer.purposes.allSatisfy(instrument.purposes.contains) else { continue }
            return "BCR-C \(instrument.id) binds \(exporterCode) and \(importerCode) and covers \(transfer.destination), these data categories and purposes"
        }
        for agreement in registry.agreementsInForce(at: day)
        where agreement.type == .scc2021_914 && agreement.exporter == exporterCode && agreement.importer == importerCode {
            return "SCC agreement \(agreement.id) (2021/914) is in force between \(exporterCode) and \(importerCode)"
        }
        return nil
    }
}
