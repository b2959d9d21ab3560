import LedgerFormat

/// R5a (BCR-C) and R5b (BCR-P), with the R17 dates of instruments.
extension TransferEvaluation {
    /// R5a: both parties bound by a BCR-C in force, controller exporting, inside its material scope.
    mutating func checkBcrController() {
        guard let instrument = resolveInstrument(.controller, rule: .r5a) else { return }
        requireBound(exporterCode, by: instrument, rule: .r5a, role: "exporter", field: "exporter.entity")
        requireBound(importerCode, by: instrument, rule: .r5a, role: "importer", field: "importer.entity")
        if transfer.exporter.role != .controller && transfer.exporter.role != .jointController {
            fail(.r5a, "exporterRole",
                 "exporter \(exporterCode) acts as \(transfer.exporter.role.rawValue); a BCR-C covers transfers by a member acting as controller — processing for a client belongs under BCR-P",
                 fields: ["exporter.role", "mechanism"])
        }
        if transfer.importer.role == .subProcessor {
            fail(.r5a, "importerRole", "importer \(importerCode) acts as subProcessor; under a BCR-C the importer is a controller or an internal processor",
                 fields: ["importer.role", "mechanism"])
        }
        checkMaterialScope(of: instrument, rule: .r5a)
    }

    /// R5b: importer bound by a BCR-P in force, processing for an external controller under a
    /// client service agreement that makes the BCR-P binding; the client leg is WARN (draft Recs 1/2026).
    mutating func checkBcrProcessor() {
        guard let instrument = resolveInstrument(.processor, rule: .r5b) else { return }
        requireBound(importerCode, by: instrument, rule: .r5b, role: "importer", field: "importer.entity")
        guard let client = transfer.onBehalfOf else {
            fail(.r5b, "noClient",
                 "onBehalfOf is empty: a BCR-P covers only data processed for an external controller; the group's own data belongs under BCR-C",
                 fields: ["onBehalfOf", "mechanism"])
            return
        }
        if let controller, controller.groupMember {
            fail(.r5b, "clientIsMember", "onBehalfOf \(client) is a group member; a BCR-P covers data of controllers outside the group — use BCR-C",
                 fields: ["onBehalfOf", "mechanism"])
        }
        checkServiceAgreement(client: client, instrument: instrument)
        if exporterCode == client {
            let message = "\(client) sends directly to \(importerCode) outside the EEA under BCR-P \(instrument.id): allowed under WP257 rev.01 but not suitable under the EDPB's draft Recommendations 1/2026 — use SCC module 2 (c2p) for this leg"
            if engine.options.bcrProcessorClientLegFails {
                fail(.r5b, "clientLeg", message, fields: ["exporter.entity", "mechanism"])
            } else {
                warn(.r5b, "clientLeg", message, fields: ["exporter.entity", "mechanism"])
            }
        } else {
            requireBound(exporterCode, by: instrument, rule: .r5b, role: "exporter", field: "exporter.entity")
            if !Self.isProcessor(transfer.exporter.role) {
                fail(.r5b, "exporterRole", "exporter \(exporterCode) acts as \(transfer.exporter.role.rawValue); on the intra-group leg of a BCR-P the exporter is the client's processor",
                     fields: ["exporter.role"])
            }
            if transfer.importer.role != .subProcessor {
                fail(.r5b, "importerRole", "importer \(importerCode) acts as \(transfer.importer.role.rawValue); on the intra-group leg of a BCR-P the importer is a sub-processor",
                     fields: ["importer.role"])
            }
        }
        checkMaterialScope(of: instrument, rule: .r5b)
    }

    private mutating func checkServiceAgreement(client: String, instrument: BcrInstrument) {
        let candidates = citedAgreements.filter { $0.lookup.known?.type == .clientServiceAgreement && $0.lookup.known?.controller == client }
        guard !candidates.isEmpty else {
            fail(.r5b, "noServiceAgreement",
                 "contractRefs cites no client service agreement with \(client); one that makes BCR-P \(instrument.id) binding is required (WP257)",
                 fields: ["contractRefs"])
            return
        }
        guard let agreement = candidates.lazy.compactMap(\.lookup.inForce).first else {
            let known = candidates[0].lookup.known
            fail(.r17, "agreementNotInForce", "client service agreement \(candidates[0].ref) is in force \(known?.validity.description ?? "never"), not on \(day)",
                 fields: ["contractRefs"])
            return
        }
        if agreement.bcr != instrument.id {
            fail(.r5b, "serviceAgreementWithoutBcr",
                 "client service agreement \(agreement.id) with \(client) does not make BCR-P \(instrument.id) binding (it references \(agreement.bcr ?? "no BCR"))",
                 fields: ["contractRefs", "mechanismRef"])
        }
    }

    /// The instrument cited in `mechanismRef`, if it is in force and of the right type.
    private mutating func resolveInstrument(_ type: BcrType, rule: RuleID) -> BcrInstrument? {
        let name = type == .controller ? "BCR-C" : "BCR-P"
        guard let ref = transfer.mechanismRef else {
            fail(rule, "missingRef", "mechanismRef is missing: cite the \(name) relied on", fields: ["mechanismRef"])
            return nil
        }
        switch registry.bcr(ref, at: day) {
        case .unknown:
            fail(.registry, "unknownBcr", "mechanismRef \(ref) is not a BCR instrument in the group registry", fields: ["mechanismRef"])
            return nil
        case .notInForce(let instrument):
            fail(.r17, "bcrNotInForce", "\(instrument.label) is in force \(instrument.validity), not on \(day)", fields: ["mechanismRef", "occurredAt"])
            return nil
        case .inForce(let instrument):
            guard instrument.type == type else {
                fail(rule, "wrongBcrType", "\(instrument.id) is a \(instrument.type == .controller ? "BCR-C" : "BCR-P"); mechanism \(transfer.mechanism.rawValue) needs a \(name)",
                     fields: ["mechanismRef", "mechanism"])
                return nil
            }
            return instrument
        }
    }

    /// Fails unless `code` is bound by `instrument` on the day, saying why not.
    mutating func requireBound(_ code: String, by instrument: BcrInstrument, rule: RuleID, role: String, field: String) {
        guard registry.membership(of: code, in: instrument.id, at: day) == nil else { return }
        let entity = registry.entity(code, at: day).known
        if let entity, !entity.groupMember {
            fail(rule, "\(role)NotMember", "\(role) \(code) is an external party, not a group member: \(instrument.id) cannot cover it — use SCCs or another Chapter V tool",
                 fields: [field, "mechanism"])
            return
        }
        let memberships = registry.memberships(of: code, in: instrument.id)
        if let later = memberships.filter({ $0.validity.from > day }).min(by: { $0.validity.from < $1.validity.from }) {
            fail(rule, "\(role)NotYetBound",
                 "\(role) \(code) is bound by \(instrument.id) only from \(later.validity.from) (\(later.label)), not on \(day): no transfer before the member is effectively bound",
                 fields: [field, "occurredAt"])
        } else if let ended = memberships.compactMap({ m in m.validity.until.map { (m, $0) } }).filter({ $0.1 < day }).max(by: { $0.1 < $1.1 }) {
            fail(rule, "\(role)NoLongerBound", "\(role) \(code) left \(instrument.id) on \(ended.1) (\(ended.0.label)); not bound on \(day)",
                 fields: [field, "occurredAt"])
        } else {
            fail(rule, "\(role)NotBound", "\(role) \(code) is not bound by \(instrument.id) on \(day) (no membership)", fields: [field])
        }
    }

    /// The destination, data categories and purposes must lie inside the BCR's material scope.
    private mutating func checkMaterialScope(of instrument: BcrInstrument, rule: RuleID) {
        if !instrument.coveredCountries.contains(transfer.destination) {
            fail(rule, "countryNotCovered", "destination \(transfer.destination) is not among the countries \(instrument.id) covers",
                 fields: ["destination", "mechanismRef"])
        }
        let categories = transfer.dataCategories.filter { !instrument.dataCategories.contains($0) }
        if !categories.isEmpty {
            fail(rule, "categoriesOutsideScope",
                 "dataCategories \(categories.map(\.rawValue).joined(separator: ", ")) lie outside the material scope of \(instrument.id)",
                 fields: ["dataCategories", "mechanismRef"])
        }
        let purposes = transfer.purposes.filter { !instrument.purposes.contains($0) }
        if !purposes.isEmpty {
            fail(rule, "purposesOutsideScope", "purposes \(purposes.map(\.rawValue).joined(separator: ", ")) lie outside the material scope of \(instrument.id)",
                 fields: ["purposes", "mechanismRef"])
        }
    }
}
