import LedgerFormat
import LedgerStorage

/// What one entry shows on its own, without its neighbours: its recomputed hash, its recorded time
/// and, for a transfer, the problems of its payload, private document and projection rows.
/// Independent per entry, so the verifier checks a batch of entries on several threads at once.
struct EntryContent: Sendable {
    /// SHA-256(0x00 ‖ canonical entry bytes), recomputed; nil when the stored format is none, or a
    /// format-2 payload yields no stub header (`problems` then says which).
    let computedHash: Digest?
    /// The recorded time, when it is stored in canonical form; nil when it is not.
    let recordedAt: Timestamp?
    /// Problems of the stored hashes' lengths and, for a transfer, of its payload and projections.
    let problems: [VerificationReport.Problem]
    /// The decoded transfer, for the policy replay; nil when it could not be decoded or is not needed.
    var transfer: Transfer? { kept?.transfer }
    /// The verdict recorded with the transfer, for the policy replay.
    var verdict: PolicyVerdict? { kept?.verdict }
    /// The region table version (`referenceData`) and region recorded with the transfer, for the
    /// checks that need the tables adopted before it.
    let referenceData: Digest?
    let region: Region?
    /// The transfer's `parent`, when it names one: the chain walk checks it names an earlier transfer entry.
    let parent: UInt64?
    /// The digest the payload commits to when its private document is missing: the chain walk accepts
    /// that only where a later erasure entry names it.
    var missingPrivate: Digest?
    /// The transfer's `subjectLinkCommitments`: the chain walk checks the stored links against them.
    var linkCommitments: [Digest] = []
    /// The transfer and verdict, boxed: most contents keep neither, and an inline `Transfer` would make
    /// every content, which is copied between threads, several hundred bytes long.
    private let kept: Kept?

    private final class Kept: Sendable {
        let transfer: Transfer?
        let verdict: PolicyVerdict?

        init(transfer: Transfer?, verdict: PolicyVerdict?) {
            self.transfer = transfer
            self.verdict = verdict
        }
    }

    init(computedHash: Digest?, recordedAt: Timestamp?, problems: [VerificationReport.Problem], transfer: Transfer? = nil,
         verdict: PolicyVerdict? = nil, referenceData: Digest? = nil, region: Region? = nil, parent: UInt64? = nil) {
        self.computedHash = computedHash
        self.recordedAt = recordedAt
        self.problems = problems
        kept = transfer == nil && verdict == nil ? nil : Kept(transfer: transfer, verdict: verdict)
        self.referenceData = referenceData
        self.region = region
        self.parent = parent
    }

    /// Whether the checks that need the chain so far (the tables adopted before the entry, the policy
    /// replay) have anything to do for this transfer; for most transfers they have not.
    func needsChainChecks(baseTable: Digest, replaysPolicy: Bool) -> Bool {
        guard let referenceData else { return false }
        return replaysPolicy || referenceData != baseTable
    }
}

/// Checks entries' contents from their stored bytes: one per checking thread, since its decoder
/// keeps a hasher and caches.
final class EntryContentChecker {
    private let decoder = PayloadDecoder()
    /// The ledger's base region table: transfers judged by it are checked against it here.
    private let referenceData: ReferenceData
    /// Whether decoded transfers and verdicts are kept for the policy replay; otherwise they are
    /// dropped here, which spares copying them between threads.
    private let keepingTransfers: Bool

    init(referenceData: ReferenceData, keepingTransfers: Bool) {
        self.referenceData = referenceData
        self.keepingTransfers = keepingTransfers
    }

    /// What the entry of `row` shows on its own.
    func check(_ row: StoredEntryRow) -> EntryContent {
        let recordedAt = Timestamp.canonical(utf8: row.recordedAt)
        var problems: [VerificationReport.Problem] = []
        func problem(_ check: VerificationReport.Problem.Check, _ message: String) {
            problems.append(.init(seq: row.seq, check: check, message: message))
        }
        // A transfer's payload is decoded first: decoded as canonical, its values give the stub
        // header its hash needs (FORMAT.md §1.3), and the payload is not parsed a second time for it.
        let isTransfer = EntryKind.isTransfer(row.kind)
        let decoded = isTransfer ? row.document.map { document in
            Result { () throws(RecordError) in try decoder.decode(payload: row.payload, document: document) }
        } : nil
        let header = (try? decoded?.get()).flatMap { $0.isCanonical ? StubHeader.bytes(transfer: $0.payload.transfer, region: $0.payload.region) : nil }
        // Each entry is hashed in the format its row names (FORMAT.md §1.1, §7).
        var computed: Digest?
        if let format = UInt8(exactly: row.format), EntryEncoding.versions.contains(format) {
            computed = decoder.leafHash(format: format, seq: row.seq, kind: row.kind, recordedAt: row.recordedAt, previousHash: row.previousHash,
                                        payload: row.payload, header: header)
            if computed == nil {
                problem(.hash, "its payload yields no stub header (FORMAT.md §1.3), so its format-2 hash cannot be rebuilt")
            }
        } else {
            problem(.hash, "format \(row.format) is not an entry format version (\(EntryEncoding.versions.lowerBound) or \(EntryEncoding.versions.upperBound))")
        }
        if row.hash.count != Digest.byteCount {
            problem(.hash, "the stored hash is \(row.hash.count) bytes long, not \(Digest.byteCount)")
        }
        if row.previousHash.count != Digest.byteCount {
            problem(.link, "the stored previous hash is \(row.previousHash.count) bytes long, not \(Digest.byteCount)")
        }
        guard isTransfer else { return EntryContent(computedHash: computed, recordedAt: recordedAt, problems: problems) }
        guard let document = row.document, let decoded else {
            var content = EntryContent(computedHash: computed, recordedAt: recordedAt, problems: problems)
            if let (digest, _) = TransferPayload.commitment(kind: .transfer, payload: Array(row.payload)) {
                content.missingPrivate = digest
                // The links stay when the document goes (an erasure of either leaves the other).
                content.linkCommitments = TransferPayload.linkCommitments(kind: .transfer, payload: Array(row.payload))
            } else {
                content = EntryContent(computedHash: computed, recordedAt: recordedAt,
                                       problems: problems + [.init(seq: row.seq, check: .payload, message: "the transfer's private document is missing and its payload commits to none")])
            }
            return content
        }
        let payload: TransferPayload
        do {
            let isCanonical: Bool
            (payload, isCanonical) = try decoded.get()
            // Only bytes the canonical reader refused are re-encoded: its success already proves what
            // re-encoding would (CanonicalFormTests).
            if !isCanonical {
                let (bytes, privateDocument) = (Array(row.payload), Array(document))
                if payload.privateDocument != privateDocument {
                    problem(.payload, "the private document is not in canonical form")
                } else if payload.canonicalBytes(privateDocument: privateDocument, hasher: decoder.hasher) != bytes {
                    problem(.payload, "payload is not in canonical form")
                }
            }
            // A transfer judged by an adopted table is checked against that table, in chain order (EntryChecks).
            if payload.referenceData == referenceData.version,
               case let region = try StructuralRules.check(payload.transfer, referenceData: referenceData, screeningFreeText: false), region != payload.region {
                problem(.payload, "region \(payload.region.rawValue) of \(payload.transfer.destination) should be \(region.rawValue) at \(payload.transfer.occurredAt)")
            }
        } catch {
            problem(.payload, "payload is not a valid transfer: \(error)")
            return EntryContent(computedHash: computed, recordedAt: recordedAt, problems: problems)
        }
        if let contradiction = payload.verdict?.contradiction {
            problem(.payload, contradiction)
        }
        if let columns = row.transferColumns {
            if !columns.matches(payload.transfer, region: payload.region, verdict: payload.verdict) {
                problem(.projection, "the transfer table's row differs from the payload (the query index has been altered)")
            }
        } else {
            problem(.projection, "the transfer has no row in the transfer table")
        }
        // A transfer judged by an adopted table is checked against that table in chain order, so it
        // travels on even when the policy is not replayed.
        let keeping = keepingTransfers || payload.referenceData != referenceData.version
        var content = EntryContent(computedHash: computed, recordedAt: recordedAt, problems: problems, transfer: keeping ? payload.transfer : nil,
                                   verdict: keepingTransfers ? payload.verdict : nil, referenceData: payload.referenceData, region: payload.region,
                                   parent: payload.transfer.parent)
        content.linkCommitments = payload.linkCommitments
        return content
    }
}

extension PayloadDecoder {
    /// The entry's leaf hash from its stored columns, with this decoder's hasher.
    func leafHash(format: UInt8, seq: UInt64, kind: UnsafeBufferPointer<UInt8>, recordedAt: UnsafeBufferPointer<UInt8>,
                  previousHash: UnsafeBufferPointer<UInt8>, payload: UnsafeBufferPointer<UInt8>, header: [UInt8]? = nil) -> Digest? {
        EntryEncoding.leafHash(format: format, seq: seq, kind: kind, recordedAt: recordedAt, previousHash: previousHash, payload: payload,
                               header: header, hasher: hasher)
    }
}
