import LedgerFormat
import LedgerStorage

extension Ledger {
    /// Erases private documents or a data subject's links and records an `erasure` entry naming each by
    /// entry and digest, in one transaction: either both or neither. The chain, its hashes, Merkle roots and earlier proofs stay
    /// valid; `verify` accepts exactly the missing documents an erasure names. Then removes what the
    /// database keeps of the deleted bytes (SQLite's WAL; PostgreSQL's dead tuples, when this role owns
    /// the table). A selection by date or policy that finds nothing appends nothing.
    public func erase(_ request: ErasureRequest) throws(LedgerError) -> ErasureOutcome {
        if let reference = request.reference {
            do {
                try PersonalDataScreen.refuse(reference, field: "reference")
            } catch {
                throw .rejected(error)
            }
        }
        let (receipt, items, before) = try wrap {
            try store.write { tip -> (Receipt?, [ErasureItem], Day?) in
                let (items, before, policy) = try erasureItems(request.selection)
                guard !items.isEmpty else { return (nil, [], before) }
                let payload = try ErasurePayload(items: items, reason: request.reason, reference: request.reference ?? policy)
                let appender = try ChainAppender(storage: store, tip: tip, hasher: hasher, cache: treeCache)
                let (seq, hash) = try appender.append(kind: .erasure, payload: payload.canonicalBytes, rows: .erasure(payload.items))
                return (Receipt(seq: seq, hash: hash, recordedAt: appender.ledgerTime, idempotencyKey: request.reason.rawValue, duplicate: false),
                        payload.items, before)
            }
        }
        let notice = try wrap { try store.purgeErasedContent() }
        return ErasureOutcome(receipt: receipt, items: items, before: before, notice: notice)
    }

    /// The entry that erased entry `seq`'s private document, nil while it is stored (or it has none).
    public func erasure(of seq: UInt64) throws(LedgerError) -> UInt64? {
        try wrap { try store.erasure(of: seq, kind: .privateDocument) }
    }

    /// The items `selection` names, inside the write transaction; for a selection by date, the cutoff,
    /// and for one by policy, the policy's id (the erasure's reference when the caller gave none).
    private func erasureItems(_ selection: ErasureRequest.Selection) throws -> ([ErasureItem], Day?, String?) {
        switch selection {
        case .entries(let seqs):
            guard !seqs.isEmpty else { throw RecordError(field: "seq", rule: .empty, message: "name at least one entry to erase") }
            return (try privateItems(seqs), nil, nil)
        case .subject(let token, let seqs):
            return (try linkItems(token) + privateItems(seqs), nil, nil)
        case .occurredBefore(let day):
            return (try items(occurredBefore: day), day, nil)
        case .retentionPolicy:
            try catchUpRegistry()
            let today = Day(Timestamp.now())
            guard let policy = registry.retentionPolicy(at: today) else {
                throw RecordError(field: "retentionPolicy", rule: .missingField,
                                  message: "no retention policy is in force on \(today); record one with 'ledger registry add' (kind retentionPolicy)")
            }
            let cutoff = policy.cutoff(asOf: today)
            return (try items(occurredBefore: cutoff), cutoff, policy.id)
        }
    }

    /// The items erasing the private documents of `seqs`, each named once.
    private func privateItems(_ seqs: [UInt64]) throws -> [ErasureItem] {
        var seen: Set<UInt64> = []
        return try seqs.map { seq in
            guard seen.insert(seq).inserted else { throw RecordError(field: "seq", rule: .duplicateValue, message: "entry \(seq) is named twice") }
            return try privateItem(seq)
        }
    }

    /// The items erasing every stored link of `token`, each named by its commitment (FORMAT.md §4.7),
    /// which must be one its entry lists. The messages never hold the token: it identifies a person.
    private func linkItems(_ token: SubjectToken) throws -> [ErasureItem] {
        let seqs = try store.entries(linkedTo: token)
        guard !seqs.isEmpty else {
            throw RecordError(field: "subject", rule: .nothingToErase, message: "no subject link of this identifier is stored, so nothing was erased: "
                              + "no transfer was linked to it, its links were erased before, or the key or the identifier's type differ")
        }
        return try seqs.map { seq in
            guard let entry = try store.entry(at: seq),
                  let commitment = try store.subjectLinks(at: seq).first(where: { $0.token == token })?.commitment(hasher: hasher),
                  TransferPayload.linkCommitments(kind: entry.kind, payload: entry.payload).contains(commitment) else {
                throw RecordError(field: "subject", rule: .unknownTarget,
                                  message: "the stored subject link of entry \(seq) matches none of its subjectLinkCommitments: run 'ledger verify'")
            }
            return ErasureItem(seq: seq, kind: .subjectLink, digest: commitment)
        }
    }

    /// The item erasing entry `seq`'s private document, or the refusal naming why it cannot be erased.
    private func privateItem(_ seq: UInt64) throws -> ErasureItem {
        func refuse(_ rule: RecordError.Rule, _ message: String) -> RecordError { RecordError(field: "seq", rule: rule, message: message) }
        guard let entry = try store.entry(at: seq) else { throw refuse(.unknownTarget, "there is no entry \(seq) in this ledger") }
        guard let (digest, _) = TransferPayload.commitment(kind: entry.kind, payload: entry.payload) else {
            throw refuse(.unknownTarget, "entry \(seq) is of kind \(entry.kind), which has no private document; only transfers and corrections have one")
        }
        if let erasure = try store.erasure(of: seq, kind: .privateDocument) {
            throw refuse(.alreadyErased, "entry \(seq)'s private document was already erased by entry \(erasure)")
        }
        guard try store.hasPrivateDocument(seq) else { throw refuse(.unknownTarget, "entry \(seq)'s private document is missing, and no erasure names it: run 'ledger verify'") }
        return ErasureItem(seq: seq, kind: .privateDocument, digest: digest)
    }

    /// The stored private documents of transfers, and of corrections' corrected transfers, that
    /// occurred before `day`.
    private func items(occurredBefore day: Day) throws -> [ErasureItem] {
        var seqs = try store.transfersWithPrivateDocument(occurredBefore: day.start)
        // Corrections are rare and have no transfer row: their corrected transfer's time is in the payload.
        for seq in try store.correctionRows().keys.sorted() where try store.hasPrivateDocument(seq) {
            guard let entry = try store.entry(at: seq), let (_, occurredAt) = TransferPayload.commitment(kind: entry.kind, payload: entry.payload),
                  occurredAt < day.start else { continue }
            seqs.append(seq)
        }
        return try seqs.map(privateItem)
    }
}
