import LedgerFormat

/// R12 (processor exports need instructions) and R13 (sub-processor authorisations).
extension TransferEvaluation {
    /// R12: a processor exports only for a named controller and on its documented instructions,
    /// which must allow the destination. The instructions are the Art. 28 contract or client
    /// service agreement with that controller cited in `contractRefs`.
    mutating func checkProcessorExport() {
        guard Self.isProcessor(transfer.exporter.role) else { return }
        guard let client = transfer.onBehalfOf else {
            fail(.r12, "noController", "exporter \(exporterCode) acts as \(transfer.exporter.role.rawValue) but onBehalfOf names no controller (Art. 30(2)(a))",
                 fields: ["onBehalfOf", "exporter.role"])
            return
        }
        let candidates = citedAgreements.filter { _, lookup in
            guard let agreement = lookup.known, agreement.controller == client else { return false }
            return (agreement.type == .art28Contract || agreement.type == .clientServiceAgreement)
                && (transfer.exporter.role == .subProcessor || agreement.processor == exporterCode)
        }
        guard !candidates.isEmpty else {
            fail(.r12, "noInstruction",
                 "exporter \(exporterCode) acts as \(transfer.exporter.role.rawValue) for \(client) but contractRefs cites no Art. 28 contract or client service agreement with \(client) carrying its documented instructions (Art. 28(3)(a))",
                 fields: ["contractRefs", "onBehalfOf"])
            return
        }
        guard let agreement = candidates.lazy.compactMap(\.lookup.inForce).first else {
            fail(.r17, "instructionNotInForce",
                 "\(candidates[0].ref), the instruction of \(client), is in force \(candidates[0].lookup.known?.validity.description ?? "never"), not on \(day)",
                 fields: ["contractRefs", "occurredAt"])
            return
        }
        if region != .eea, !(agreement.transferDestinations ?? []).contains(transfer.destination) {
            let allowed = (agreement.transferDestinations ?? []).sorted()
            fail(.r12, "destinationNotInstructed",
                 "the instructions of \(client) in \(agreement.id) allow transfers to \(allowed.isEmpty ? "no country outside the EEA" : allowed.joined(separator: ", ")), not to \(transfer.destination)",
                 fields: ["destination", "contractRefs"])
        }
    }

    /// R13: an importer acting as sub-processor for a processor needs the controller's authorisation
    /// naming it: specific, or general with the objection period elapsed before the transfer.
    mutating func checkSubprocessing() {
        let subProcessing = transfer.importer.role == .subProcessor
            || (transfer.importer.role == .processor && Self.isProcessor(transfer.exporter.role))
        guard subProcessing else { return }
        guard let client = transfer.onBehalfOf else {
            if !Self.isProcessor(transfer.exporter.role) {
                fail(.r13, "noController", "importer \(importerCode) acts as a sub-processor but onBehalfOf names no controller whose authorisation covers it",
                     fields: ["onBehalfOf"])
            }
            return
        }
        let cited = (transfer.contractRefs ?? []).filter { registry.kind(ofDocument: $0) == SubprocessorAuthorisation.kind }
        let lookups = cited.map { ($0, registry.subprocessorAuthorisation($0, at: day)) }
        let matching = lookups.filter { _, lookup in
            guard let authorisation = lookup.known else { return false }
            return authorisation.controller == client && authorisation.subProcessor == importerCode && authorisation.processor == exporterCode
        }
        guard !matching.isEmpty else {
            let available = registry.subprocessorAuthorisations(by: client, for: exporterCode, engaging: importerCode, at: day)
            let hint = available.isEmpty
                ? "; the registry holds no such authorisation in force on \(day)"
                : "; cite \(available.joined(separator: " or ")) in contractRefs"
            let detail = (cited.isEmpty ? "contractRefs cites no sub-processor authorisation" : "none of the authorisations cited (\(cited.joined(separator: ", "))) is from \(client) for \(exporterCode) to engage \(importerCode)") + hint
            fail(.r13, "noAuthorisation",
                 "importer \(importerCode) acts as a sub-processor of \(exporterCode) for \(client): \(detail) (Art. 28(2),(4); SCC Clause 9)",
                 fields: ["contractRefs", "importer.entity"])
            return
        }
        guard let authorisation = matching.lazy.compactMap(\.1.inForce).first else {
            let known = matching[0].1.known
            fail(.r17, "authorisationNotInForce", "\(known?.label ?? matching[0].0) is in force \(known?.validity.description ?? "never"), not on \(day)",
                 fields: ["contractRefs", "occurredAt"])
            return
        }
        if authorisation.usableFrom > day {
            let window = authorisation.noticeDate.map { "notice given \($0), objection period of \(authorisation.objectionPeriodDays ?? 0) days; " } ?? ""
            fail(.r13, "objectionPeriodOpen",
                 "general \(authorisation.label): \(window)\(importerCode) may receive data only from \(authorisation.usableFrom), not on \(day)",
                 fields: ["contractRefs", "occurredAt"])
        }
    }
}
