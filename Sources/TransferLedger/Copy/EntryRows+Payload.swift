import LedgerFormat
import LedgerStorage

/// Deriving an entry's index rows from its stored payload, as its append derived them: how a copy
/// rebuilds the rows beside each entry instead of trusting the source's.
extension EntryRows {
    /// The rows an entry of `kind` with `payload` (and, for a transfer or a correction, its private
    /// document) is stored with; `links` gives the stored subject links of a transfer that commits to
    /// some (asked only then). Throws when the payload does not decode as its kind.
    init(kind: EntryKind, payload: [UInt8], privateDocument: [UInt8]?, hasher: SHA256, links: () throws -> [SubjectLink] = { [] }) throws {
        switch kind {
        case .transfer, .correction:
            guard let privateDocument else { throw RecordError(field: "privateDocument", rule: .missingField, message: "the \(kind)'s private document is missing") }
            if kind == .transfer {
                let decoded = try TransferPayload(bytes: payload, privateDocument: privateDocument, hasher: hasher)
                self = .transfer(TransferRow(decoded.transfer, region: decoded.region, verdict: decoded.verdict), privateDocument: privateDocument,
                                  links: decoded.linkCommitments.isEmpty ? [] : try links())
            } else {
                let decoded = try CorrectionPayload(bytes: payload, privateDocument: privateDocument, hasher: hasher)
                self = .correction(CorrectionRow(decoded), privateDocument: privateDocument)
            }
        case .govAccessRequest: self = .govAccessRequest(GovAccessRow(try GovAccessPayload(bytes: payload)))
        case .referenceData: self = .referenceData(ReferenceDataRow(try ReferenceDataPayload(bytes: payload)))
        case .registry: self = .registryFact
        case .checkpoint: self = .checkpoint
        default: throw RecordError(field: "kind", rule: .unknownValue, message: "unknown entry kind '\(kind)'")
        }
    }
}
