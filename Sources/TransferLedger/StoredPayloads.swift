import LedgerFormat
import LedgerStorage

/// The stored entries of each kind, decoded: what the layers above storage read by key. A payload
/// that no longer decodes reads as absent here; the verifier reports that entry.
extension LedgerStorage {
    /// The recorded transfer at `seq`, or nil when that entry is not a (readable) transfer.
    func transfer(at seq: UInt64) throws -> Transfer? {
        guard let (entry, document) = try transferEntry(at: seq), entry.kind == .transfer else { return nil }
        return try? TransferPayload(bytes: entry.payload, privateDocument: document).transfer
    }

    /// The stored correction at `seq`, nil when that entry is not a readable correction.
    func storedCorrection(at seq: UInt64) throws -> CorrectionPayload? {
        guard let (entry, document) = try transferEntry(at: seq), entry.kind == .correction else { return nil }
        return try? CorrectionPayload(bytes: entry.payload, privateDocument: document)
    }

    /// The transfer recorded at `seq` by a transfer or a correction entry; nil for any other entry.
    func versionedTransfer(at seq: UInt64) throws -> Transfer? {
        guard let (entry, document) = try transferEntry(at: seq) else { return nil }
        if entry.kind == .transfer { return try? TransferPayload(bytes: entry.payload, privateDocument: document).transfer }
        return (try? CorrectionPayload(bytes: entry.payload, privateDocument: document))?.transfer.transfer
    }

    /// The transfer payload a transfer entry, or a correction entry's corrected transfer, holds at `seq`.
    func transferVersion(at seq: UInt64) throws -> TransferPayload? {
        guard let (entry, document) = try transferEntry(at: seq) else { return nil }
        if entry.kind == .transfer { return try decodeStored(entry) { try TransferPayload(bytes: $0.payload, privateDocument: document) } }
        return try decodeStored(entry) { try CorrectionPayload(bytes: $0.payload, privateDocument: document) }.transfer
    }

    /// The receipt of a recorded request with `request`'s id and identical content, nil when none.
    func recordedGovAccessRequest(identicalTo request: GovAccessRequest) throws -> Receipt? {
        for entry in try govAccessEntries(requestId: request.requestId) {
            guard let stored = try? GovAccessPayload(bytes: entry.payload), stored.request.isIdentical(to: request) else { continue }
            return try Receipt(recorded: entry, idempotencyKey: request.requestId,
                           duplicate: true, verdict: stored.verdict)
        }
        return nil
    }

    /// Every recorded government access request in chain order, with its verdict.
    func govAccessRequests() throws -> [(seq: UInt64, payload: GovAccessPayload)] {
        try entries(indexedIn: .govAccessRequest, after: nil).map { ($0.seq, try decodeStored($0) { try GovAccessPayload(bytes: $0.payload) }) }
    }

    /// The region tables adopted after entry `seq` (all when nil), in chain order.
    func referenceDataAdoptions(after seq: UInt64?) throws -> [(seq: UInt64, payload: ReferenceDataPayload)] {
        try entries(indexedIn: .referenceData, after: seq).map { ($0.seq, try decodeStored($0) { try ReferenceDataPayload(bytes: $0.payload) }) }
    }

    /// Registry facts recorded after entry `seq` (all when nil), in chain order, with the time each
    /// was recorded (which decides the region table its codes were checked against).
    func registryFacts(after seq: UInt64?) throws -> [(seq: UInt64, recordedAt: String, fact: RegistryFact)] {
        try entries(indexedIn: .registryFact, after: seq).map { ($0.seq, $0.recordedAt, try decodeStored($0) { try RegistryPayload.fact(from: $0.payload) }) }
    }

    /// The checkpoint recorded for tree size `size`, if one was: a checkpoint entry at seq n signs the
    /// tree of the n entries before it.
    func recordedCheckpoint(size: UInt64) throws -> SignedNote? {
        guard let entry = try checkpointEntry(at: size) else { return nil }
        return try CheckpointPayload(bytes: entry.payload).note
    }

    /// The newest recorded checkpoint whose tree includes entry `seq` (its size is above `seq`), or the
    /// newest of all when `seq` is nil.
    func latestCheckpoint(covering seq: UInt64? = nil) throws -> SignedNote? {
        try latestCheckpointEntry(after: seq).map { try CheckpointPayload(bytes: $0.payload).note }
    }

    /// `entry` decoded by `decode`; stored bytes that do not decode are damage, not a caller's
    /// rejected input.
    private func decodeStored<Payload>(_ entry: Entry, _ decode: (Entry) throws -> Payload) throws -> Payload {
        do {
            return try decode(entry)
        } catch {
            throw LedgerError.damaged(seq: entry.seq, reason: "\(error)")
        }
    }
}
