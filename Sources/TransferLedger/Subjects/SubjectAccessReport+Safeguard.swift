import LedgerFormat

extension SubjectAccessReport.Safeguard {
    /// What a data subject is told of `transfer`'s safeguard, with the registry's facts on its day.
    init(_ transfer: Transfer, region: Region, registry: Registry, referenceData: ReferenceData) {
        let day = Day(transfer.occurredAt)
        mechanism = transfer.mechanism
        let label = ReportHTML.Label.mechanism(transfer.mechanism.rawValue).long.replacingNonBreakingMarks()
        let copy = "a copy can be obtained from the data protection officer"
        switch transfer.mechanism {
        case .notATransfer:
            summary = region == .eea
                ? "No safeguard needed: the recipient is in the European Economic Area, where the GDPR applies."
                : "Recorded as not a transfer under GDPR Chapter V."
        case .adequacy:
            reference = referenceData.adequacyDecision(for: transfer.destination, on: day)?.id
            summary = "An adequacy decision of the European Commission (GDPR Art. 45)"
                + (reference.map { ": " + $0 } ?? "") + "; no further safeguard is required."
        case .bcrController, .bcrProcessor:
            reference = transfer.mechanismRef
            let bcr = transfer.mechanismRef.flatMap { registry.bcr($0, at: day).known }
            leadAuthority = bcr?.leadAuthority
            publicVersion = bcr?.publicVersion
            summary = "Binding corporate rules (GDPR Art. 47)" + (reference.map { " " + $0 } ?? "")
                + (leadAuthority.map { ", approved by the lead supervisory authority " + $0 } ?? "")
                + "; " + (publicVersion.map { "their public version is available at " + $0 } ?? copy) + "."
        case .sccCommission:
            sccModule = transfer.sccModule
            summary = "Standard contractual clauses adopted by the European Commission (Implementing Decision (EU) 2021/914, GDPR Art. 46(2)(c))"
                + (transfer.sccModule.map { ", " + SubjectAccessWords.sccModule($0) } ?? "") + "; " + copy + "."
        default:
            summary = transfer.mechanism.family == .derogation49
                ? "No adequacy decision or appropriate safeguard: a derogation for a specific situation, " + label.prefix(1).lowercased() + label.dropFirst() + "."
                : label + "; " + copy + "."
        }
    }
}

extension String {
    /// The labels' non-breaking spaces and word joiners as plain spaces and nothing, for plain text.
    func replacingNonBreakingMarks() -> String {
        String(String.UnicodeScalarView(unicodeScalars.compactMap { $0 == "\u{2060}" ? nil : ($0 == "\u{00A0}" ? " " : $0) }))
    }
}
