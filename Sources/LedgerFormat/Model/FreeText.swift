/// The free text of each entry kind: the members a service or a DPO writes in their own words or
/// references, which `PersonalDataScreen` screens (R18) before an entry is recorded.
extension Transfer {
    /// Calls `body` with each free-text member and a closure giving its field path, built only when
    /// asked (a transfer is screened on every append); absent members are skipped.
    package func forEachFreeText<Failure: Error>(_ body: (_ field: () -> String, _ text: String) throws(Failure) -> Void) throws(Failure) {
        try body({ "idempotencyKey" }, idempotencyKey)
        try body({ "loggedBy" }, loggedBy)
        if let notes { try body({ "notes" }, notes) }
        if let art10Basis { try body({ "art10Basis" }, art10Basis) }
        if let mechanismRef { try body({ "mechanismRef" }, mechanismRef) }
        if let tiaRef { try body({ "tiaRef" }, tiaRef) }
        for (index, ref) in (contractRefs ?? []).enumerated() { try body({ "contractRefs[\(index)]" }, ref) }
    }
}

extension TransferCorrection {
    /// The correction's own free text; its transfer's is screened with the transfer (`transfer.…`).
    package var freeText: [(field: String, text: String)] {
        reasonNote.map { [("reasonNote", $0)] } ?? []
    }
}

extension GovAccessRequest {
    /// The request's texts and references: it names no requester and no data subject, and must not.
    package var freeText: [(field: String, text: String)] {
        var texts: [(field: String, text: String)] = [("requestId", requestId), ("legalInstrumentCode", legalInstrumentCode)]
        if let art48BasisRef { texts.append(("art48BasisRef", art48BasisRef)) }
        texts += relatedFlowIds.enumerated().map { ("relatedFlowIds[\($0.offset)]", $0.element) }
        return texts
    }
}

extension RegistryFact {
    /// The fact's free text: an entity's legal name, a derogation assessment's reasons and references.
    package var freeText: [(field: String, text: String)] {
        switch self {
        case .entity(let entity):
            return [("legalName", entity.legalName)]
        case .group(let group):
            // contactEmail is not free text: it must be a function's mailbox (GroupIdentity), which
            // the screen, finding an e-mail address, would refuse.
            return [("legalName", group.legalName)] + (group.contactAddress.map { [("contactAddress", $0)] } ?? [])
        case .derogationAssessment(let assessment):
            var texts: [(field: String, text: String)] = []
            if let reason = assessment.art46UnavailableReason { texts.append(("art46UnavailableReason", reason)) }
            if let approval = assessment.exceptionApprovalRef { texts.append(("exceptionApprovalRef", approval)) }
            texts += assessment.evidenceRefs.sorted { $0.key.rawValue < $1.key.rawValue }.map { ("evidenceRefs.\($0.key.rawValue)", $0.value) }
            return texts
        default:
            return []
        }
    }
}
