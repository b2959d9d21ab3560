import LedgerFormat

/// R14 (special categories), R15 (criminal data), R16 (onward transfers) and R18 (free text).
extension TransferEvaluation {
    /// Measures that are technical rather than contractual or organisational (Recs 01/2020 Annex 2).
    static let technicalMeasures: Set<SupplementaryMeasure> = [
        .encryptionKeysInEEA, .pseudonymisationKeysInEEA, .splitProcessing, .transportEncryption,
        .accessControlsNoRemoteAccessFromDestination,
    ]

    /// R14: special categories need an Art. 9(2) condition, a TIA that considered them, a technical
    /// measure outside adequacy, and the DPO's exception approval under a derogation.
    mutating func checkSpecialCategories() {
        guard !transfer.specialCategories.isEmpty else { return }
        let categories = transfer.specialCategories.map(\.rawValue).joined(separator: ", ")
        if transfer.art9Condition == nil {
            fail(.r14, "noArt9Condition", "specialCategories lists \(categories) but art9Condition is missing (Art. 9(2))",
                 fields: ["art9Condition", "specialCategories"])
        }
        if let tia, !tia.coversSpecialCategories {
            fail(.r14, "tiaNotSensitive", "\(tia.label) was not made for special categories, but the transfer includes \(categories)",
                 fields: ["tiaRef", "specialCategories"])
        }
        let family = transfer.mechanism.family
        if family != .none, region != .eea, !adequacyApplies,
           !(transfer.supplementaryMeasures ?? []).contains(where: Self.technicalMeasures.contains) {
            fail(.r14, "noTechnicalMeasure",
                 "special categories (\(categories)) go to \(transfer.destination), which no adequacy decision covers here, without a technical supplementary measure (e.g. encryptionKeysInEEA)",
                 fields: ["supplementaryMeasures", "specialCategories"])
        }
        if family == .derogation49, isChapterVTransfer, derogation?.exceptionApprovalRef == nil {
            fail(.r14, "exceptionApprovalNeeded",
                 "special categories under derogation \(transfer.mechanism.rawValue) need the DPO's exception approval (exceptionApprovalRef in the derogation assessment)",
                 fields: ["mechanismRef", "specialCategories"])
        }
    }

    /// R15: criminal-offence data needs its Art. 10 basis.
    mutating func checkCriminalData() {
        if transfer.criminalData, transfer.art10Basis == nil {
            fail(.r15, "noArt10Basis", "criminalData is true but art10Basis (official authority or the EU/Member-State law authorising it) is missing",
                 fields: ["art10Basis", "criminalData"])
        }
    }

    /// R16: an onward transfer continues from its parent's importer and needs a tool of its own;
    /// a BCR cannot carry data to a body it does not bind (Art. 47(2)(d)).
    mutating func checkOnward() {
        guard transfer.transferKind == .onward else {
            if transfer.parent != nil {
                warn(.r16, "parentOnNonOnward", "parent is set but transferKind is \(transfer.transferKind.rawValue), not onward",
                     fields: ["parent", "transferKind"])
            }
            return
        }
        guard let seq = transfer.parent else {
            fail(.r16, "noParent", "transferKind is onward but parent is missing: an onward transfer names the transfer it continues",
                 fields: ["parent"])
            return
        }
        guard let parentTransfer else {
            fail(.r16, "unknownParent", "parent \(seq) is not a transfer in this ledger", fields: ["parent"])
            return
        }
        if parentTransfer.importer.entity != exporterCode {
            fail(.r16, "exporterNotParentImporter",
                 "onward exporter \(exporterCode) is not the importer of parent transfer \(seq) (\(parentTransfer.importer.entity))",
                 fields: ["exporter.entity", "parent"])
        }
        if transfer.mechanism == .bcrController || transfer.mechanism == .bcrProcessor, let ref = transfer.mechanismRef,
           registry.bcr(ref, at: day).known != nil, registry.membership(of: importerCode, in: ref, at: day) == nil {
            fail(.r16, "onwardToNonMember",
                 "onward importer \(importerCode) is not bound by \(ref): a transfer to a body outside the BCR needs its own Chapter V tool (Art. 47(2)(d)), e.g. SCCs module \(Self.derivedModule(exporter: transfer.exporter.role, importer: transfer.importer.role).rawValue)",
                 fields: ["mechanism", "importer.entity"])
        }
    }

    /// R18: free-text fields must not carry identifiers; the finding names the kind, never the value.
    /// Text with personal data is refused before it is judged now, so this finding only replays the
    /// verdicts of entries recorded when R18 flagged, with the screen of that rule set.
    mutating func checkFreeText() {
        var matches: [(String, R18FlaggingScreen.Kind)] = []
        transfer.forEachFreeText { field, text in
            if let kind = R18FlaggingScreen.firstMatch(in: text) { matches.append((field(), kind)) }
        }
        for (field, kind) in matches {
            fail(.r18, "personalData", "\(field) looks like it contains \(kind.recordedDescription); the ledger must not hold personal data in free text",
                 fields: [field])
        }
    }
}
