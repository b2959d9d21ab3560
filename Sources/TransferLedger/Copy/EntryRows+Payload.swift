import LedgerFormat
import LedgerStorage

/// Deriving an entry's index rows from its stored payload, as its append derived them: how a copy
/// rebuilds the rows beside each entry instead of trusting the source's.
extension EntryRows {
    /// The rows an entry of `kind` with `payload` (and, for a transfer or a correction, its private
    /// document, nil when erased) is stored with; `links` gives the stored subject links of a transfer
    /// that commits to some (asked only then). Throws when the payload does not decode as its kind.
    /// An erased transfer's idempotency key, which only its private document held, comes from the
    /// source's `transfer` row (`storedKey`).
    init(kind: EntryKind, payload: [UInt8], privateDocument: [UInt8]?, storedKey: String?, hasher: SHA256,
         links: () throws -> [SubjectLink] = { [] }) throws {
        switch kind {
        case .transfer:
            let decoded = try TransferPayload(bytes: payload, privateDocument: privateDocument ?? [], hasher: hasher)
            var transfer = decoded.transfer
            if privateDocument == nil {
                guard let storedKey else { throw RecordError(field: "privateDocument", rule: .missingField, message: "the erased transfer has no transfer row to take its idempotency key from") }
                transfer.idempotencyKey = storedKey
            }
            self = .transfer(TransferRow(transfer, region: decoded.region, verdict: decoded.verdict), privateDocument: privateDocument,
                             links: decoded.linkCommitments.isEmpty ? [] : try links())
        case .correction:
            let decoded = try CorrectionPayload(bytes: payload, privateDocument: privateDocument ?? [], hasher: hasher)
            self = .correction(CorrectionRow(decoded), privateDocument: privateDocument)
        case .govAccessRequest: self = .govAccessRequest(GovAccessRow(try GovAccessPayload(bytes: payload)))
        case .referenceData: self = .referenceData(ReferenceDataRow(try ReferenceDataPayload(bytes: payload)))
        case .registry: self = .registryFact
        case .checkpoint: self = .checkpoint
        case .erasure: self = .erasure(try ErasurePayload(bytes: payload).items)
        default: throw RecordError(field: "kind", rule: .unknownValue, message: "unknown entry kind '\(kind)'")
        }
    }
}
