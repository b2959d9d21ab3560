import LedgerFormat
import LedgerStorage

/// Appending the entry kinds besides transfers: registry facts, corrections, government access
/// requests, adopted region tables and checkpoints, each batch in one write transaction.
extension Ledger {
    /// Appends checked facts in one transaction; `accept` applies each to the registry (throwing on a
    /// contradiction) after the registry has caught up with other writers, given the fact's position
    /// (1-based) and the ledger time the facts are recorded at.
    func appendFacts(_ facts: [RegistryFact], accept: (RegistryFact, Int, Timestamp) throws -> Void) throws -> [Receipt] {
        try store.write { tip in
            let appender = try ChainAppender(storage: store, tip: tip, hasher: hasher, cache: treeCache)
            var receipts: [Receipt] = []
            for (index, fact) in facts.enumerated() {
                try accept(fact, index + 1, appender.ledgerTime)
                let (seq, hash) = try appender.append(kind: .registry, payload: RegistryPayload.canonicalBytes(fact), rows: .registryFact)
                receipts.append(Receipt(seq: seq, hash: hash, recordedAt: appender.ledgerTime, idempotencyKey: fact.id,
                                        duplicate: false, verdict: nil))
            }
            return receipts
        }
    }

    /// Appends corrections in one transaction. Each must supersede an existing transfer or correction
    /// entry that no correction has superseded yet; a correction identical to the one already recorded
    /// for its target returns that entry's receipt. `judge` gives each its verdict against `original`,
    /// the version it replaces, inside the transaction.
    func appendCorrections(_ payloads: [CorrectionPayload],
                           judge: (TransferCorrection, _ original: Transfer) throws -> PolicyVerdict) throws -> [Receipt] {
        try store.write { tip in
            let appender = try ChainAppender(storage: store, tip: tip, hasher: hasher, cache: treeCache)
            var receipts: [Receipt] = []
            for (index, unjudged) in payloads.enumerated() {
                var payload = unjudged
                let proposed = payload.correction
                func reject(_ rule: RecordError.Rule, _ message: String) -> LedgerError {
                    .rejected(RecordError(record: index + 1, field: "supersedes", rule: rule, message: message))
                }
                if let later = try store.correction(superseding: payload.supersedes) {
                    guard let stored = try store.storedCorrection(at: later), stored.correction.isIdentical(to: proposed),
                          let entry = try store.entry(at: later) else {
                        throw reject(.alreadySuperseded, "entry \(payload.supersedes) was already corrected by entry \(later); correct entry \(later), its current version, instead")
                    }
                    receipts.append(try Receipt(recorded: entry, idempotencyKey: proposed.transfer.idempotencyKey,
                                            duplicate: true, verdict: stored.transfer.verdict))
                    continue
                }
                guard let original = try store.versionedTransfer(at: payload.supersedes) else {
                    let kind = try store.entry(at: payload.supersedes)?.kind
                    throw reject(.unknownTarget, kind.map { "entry \(payload.supersedes) is a \($0) entry; only transfers and corrections can be corrected" }
                        ?? "there is no entry \(payload.supersedes) in this ledger")
                }
                payload.transfer.verdict = try judge(proposed, original)
                let document = payload.transfer.privateDocument
                let (seq, hash) = try appender.append(kind: .correction, payload: payload.canonicalBytes(privateDocument: document, hasher: hasher),
                                                      rows: .correction(CorrectionRow(payload), privateDocument: document))
                receipts.append(Receipt(seq: seq, hash: hash, recordedAt: appender.ledgerTime, idempotencyKey: proposed.transfer.idempotencyKey,
                                        duplicate: false, verdict: payload.transfer.verdict))
            }
            return receipts
        }
    }

    /// Appends government access requests in one transaction. A request identical to one already
    /// recorded under its `requestId` returns that entry's receipt; a different one under the same id
    /// is a newer state of the request and is appended.
    func appendGovAccessRequests(_ requests: [GovAccessRequest], judge: (GovAccessRequest) throws -> PolicyVerdict) throws -> [Receipt] {
        try store.write { tip in
            let appender = try ChainAppender(storage: store, tip: tip, hasher: hasher, cache: treeCache)
            var receipts: [Receipt] = []
            for request in requests {
                if let earlier = try store.recordedGovAccessRequest(identicalTo: request) {
                    receipts.append(earlier)
                    continue
                }
                let payload = GovAccessPayload(request, verdict: try judge(request))
                let (seq, hash) = try appender.append(kind: .govAccessRequest, payload: payload.canonicalBytes, rows: .govAccessRequest(GovAccessRow(payload)))
                receipts.append(Receipt(seq: seq, hash: hash, recordedAt: appender.ledgerTime, idempotencyKey: request.requestId,
                                        duplicate: false, verdict: payload.verdict))
            }
            return receipts
        }
    }

    /// Appends the adoption of a region table; a table already adopted is refused.
    func appendReferenceData(_ payload: ReferenceDataPayload) throws -> Receipt {
        try store.write { tip in
            let version = payload.referenceData.versionHex
            if let earlier = try store.referenceDataAdoption(version: version) {
                throw LedgerError.rejected(RecordError(field: "table", rule: .alreadyAdopted,
                                                       message: "this table (version \(version.prefix(12))…) was already adopted by entry \(earlier)"))
            }
            let appender = try ChainAppender(storage: store, tip: tip, hasher: hasher, cache: treeCache)
            let (seq, hash) = try appender.append(kind: .referenceData, payload: payload.canonicalBytes, rows: .referenceData(ReferenceDataRow(payload)))
            return Receipt(seq: seq, hash: hash, recordedAt: appender.ledgerTime, idempotencyKey: version, duplicate: false, verdict: nil)
        }
    }

    /// Signs the tree of every entry so far with each signer and records the note as the next entry,
    /// all in one write transaction so the signed size is exactly the size before the new entry.
    func appendCheckpoint(signers: [NoteSigner]) throws -> SignedNote {
        try store.write { tip in
            let appender = try ChainAppender(storage: store, tip: tip, hasher: hasher, cache: treeCache)
            let checkpoint = try Checkpoint(origin: signers[0].verifierKey.name, size: appender.nextSeq, rootHash: appender.tree.root)
            let note = try SignedNote(text: checkpoint.text, signatures: signers.map { try $0.sign(checkpoint.text) })
            let payload = try CheckpointPayload(note: note)
            _ = try appender.append(kind: .checkpoint, payload: payload.canonicalBytes, rows: .checkpoint)
            return note
        }
    }
}
