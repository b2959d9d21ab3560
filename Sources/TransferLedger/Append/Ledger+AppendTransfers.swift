import LedgerFormat
import LedgerStorage

/// Appending transfers: idempotency, parent checks, judging and encoding around `ChainAppender`, in
/// one write transaction of the storage.
extension Ledger {
    /// Checks and appends transfers as one transaction and returns one receipt per transfer, in order;
    /// a refused record rolls the whole batch back, and the error names the first one.
    ///
    /// The tip is read inside the write transaction that inserts, so concurrent writers queue on it
    /// and each extends the chain it actually saw.
    ///
    /// `judge` is asked for inside the transaction, with the transaction's ledger time, so verdicts are
    /// made against exactly the registry entries that precede the transfers in the chain. The work
    /// comes in two steps: what needs the ledger (duplicates, parents), in order; then the chain
    /// itself, in order on this thread, while the other cores check, judge and encode the transfers
    /// ahead of it (each transfer needs only itself).
    ///
    /// Keys already recorded are rare, so the first attempt does not look each one up: the unique
    /// index on idempotency keys refuses a repeated key, and only then is the batch rolled back and
    /// appended again with every key looked up.
    func appendTransfers(_ transfers: [Transfer], judge: (Timestamp) throws -> TransferJudge, progress: ProgressHandler? = nil) throws -> [Receipt] {
        do {
            return try store.write { tip in
                try appendTransfers(transfers, after: tip, lookingUpKeys: false, independently: false, judge: judge, progress: progress).map { try $0.get() }
            }
        } catch let error as any StorageErrorConvertible where error.storageError.uniqueColumn == "transfer.idempotency_key" {
            return try store.write { tip in
                try appendTransfers(transfers, after: tip, lookingUpKeys: true, independently: false, judge: judge, progress: progress).map { try $0.get() }
            }
        }
    }

    /// Inside a write transaction that found `tip`: appends the transfers and gives each record's
    /// receipt. Together (`independently` false), the first refused record refuses the batch;
    /// `independently`, as the intake's rows are, a refused record is left out and its refusal given
    /// in its place, and the others are appended.
    func appendTransfers(_ transfers: [Transfer], after tip: ChainTip?, lookingUpKeys: Bool, independently: Bool,
                         judge: (Timestamp) throws -> TransferJudge, progress: ProgressHandler? = nil) throws -> [Result<Receipt, LedgerError>] {
        let appender = try ChainAppender(storage: store, tip: tip, hasher: hasher, cache: treeCache)
        let judge = try judge(appender.ledgerTime)
        // Independent records are checked first, so that one malformed record cannot stop the
        // pipeline the others share; a batch's records are checked in the pipeline.
        var malformed: [Int: LedgerError] = [:]
        if independently {
            for (index, transfer) in transfers.enumerated() {
                do {
                    try StructuralRules.check(transfer, referenceData: judge.engine.referenceData)
                } catch {
                    malformed[index] = .rejected(error.inRecord(index + 1))
                }
            }
        }
        let plan = try AppendPlan(transfers, firstSeq: appender.nextSeq, storage: store, lookingUpKeys: lookingUpKeys,
                                  independently: independently, refused: malformed)
        let salts = self.salts.take(transfers.count, size: TransferPayload.saltByteCount)
        var receipts: [Receipt] = []
        receipts.reserveCapacity(plan.newTransfers.count)
        try ParallelMap.pipeline(plan.newTransfers, context: { SHA256() }, transform: { new, hasher in
            Result { () throws(RecordError) in
                try PreparedTransfer(transfers[new.index], salt: salts[new.index], parent: new.parent, judge: judge, hasher: hasher)
            }.mapError { $0.inRecord(new.index + 1) }
        }, consume: { (prepared: consuming Result<PreparedTransfer, RecordError>) in
            // Moved out, not copied: a prepared transfer holds a score of references.
            let transfer: PreparedTransfer
            switch consume prepared {
            case .success(let value): transfer = value
            case .failure(let error): throw error
            }
            let (seq, hash) = try appender.append(kind: .transfer, payload: transfer.payload, header: transfer.header,
                                                  rows: .transfer(transfer.row, privateDocument: transfer.privateDocument, links: transfer.links))
            receipts.append(Receipt(seq: seq, hash: hash, recordedAt: appender.ledgerTime,
                                    idempotencyKey: transfer.row.idempotencyKey, duplicate: false, verdict: transfer.verdict))
            if let progress, OperationProgress.isDue(UInt64(receipts.count), of: UInt64(plan.newTransfers.count)) {
                progress(OperationProgress(done: UInt64(receipts.count), total: UInt64(plan.newTransfers.count)))
            }
        })
        // Refusals the plan found come after every earlier record was checked.
        if !independently, let refusal = plan.refusal { throw refusal }
        return plan.results(new: receipts)
    }
}

extension LedgerStorage {
    /// The receipt of the recorded transfer with idempotency key `key`, and that transfer (nil when its
    /// stored payload no longer decodes, which the verifier reports), if any.
    func recordedTransfer(idempotencyKey key: String) throws -> (receipt: Receipt, transfer: Transfer?)? {
        guard let (entry, document) = try transferEntry(idempotencyKey: key) else { return nil }
        let stored = try? TransferPayload(bytes: entry.payload, privateDocument: document)
        // The links are part of what was recorded: a retry with the same links is a duplicate.
        var transfer = stored?.transfer
        let links = try subjectLinks(at: entry.seq)
        if !links.isEmpty { transfer?.subjectLinks = links.map(\.token) }
        return (try Receipt(recorded: entry, idempotencyKey: key, duplicate: true, verdict: stored?.verdict), transfer)
    }
}

/// A transfer checked, judged and encoded, ready to be chained: everything but its sequence number
/// and hash.
private struct PreparedTransfer: Sendable {
    let payload: [UInt8]
    /// The payload's stub header, built here, on the core that encoded the payload, from the values
    /// it encodes: the chain's thread then hashes without parsing the payload back.
    let header: [UInt8]
    let privateDocument: [UInt8]
    let row: TransferRow
    let verdict: PolicyVerdict
    /// The subject links with their salts, stored beside the entry (FORMAT.md §4.7).
    let links: [SubjectLink]

    init(_ transfer: Transfer, salt: [UInt8], parent: Transfer?, judge: TransferJudge, hasher: SHA256) throws(RecordError) {
        let referenceData = judge.engine.referenceData
        let region = try StructuralRules.check(transfer, referenceData: referenceData)
        var payload = TransferPayload(transfer: transfer, region: region, referenceData: referenceData.version, salt: salt)
        payload.verdict = judge.verdict(for: transfer, parent: parent)
        privateDocument = payload.privateDocument
        self.payload = payload.canonicalBytes(privateDocument: privateDocument, hasher: hasher)
        header = StubHeader.bytes(transfer: payload.transfer, region: region)
        row = TransferRow(transfer, region: region, verdict: payload.verdict)
        verdict = payload.verdict!
        links = payload.links
    }
}

/// What a batch will do, decided against the file before anything is judged or written: which
/// records repeat a recorded or an earlier record of the batch (idempotency), which are new, and the
/// parent each new onward transfer refers to.
private struct AppendPlan {
    enum Outcome {
        /// Already in the ledger: nothing to write.
        case recorded(Receipt)
        /// The n-th new transfer of this batch, or (`repeated`) an identical repetition of it.
        case new(Int, repeated: Bool)
        /// Refused, and left out (only when records are planned independently).
        case refused(LedgerError)
    }

    private(set) var outcomes: [Outcome] = []
    /// The new transfers, by their index in the batch, with the parent of each onward one.
    private(set) var newTransfers: [(index: Int, parent: Transfer?)] = []
    /// The first record the plan refused; the plan stops there, so that an earlier record's own
    /// refusal, found when it is checked, is the one reported.
    private(set) var refusal: LedgerError?

    /// With `lookingUpKeys` false, keys recorded in earlier batches, or earlier in this one, are left
    /// to the unique index: a repeat makes the insert fail, and the batch is planned again looking
    /// them up.
    ///
    /// `independently`, a refused record (or one already in `refused`) is left out and planned as
    /// refused, and planning goes on; otherwise planning stops at the first refusal.
    init(_ transfers: [Transfer], firstSeq: UInt64, storage: any LedgerStorage, lookingUpKeys: Bool,
         independently: Bool = false, refused: [Int: LedgerError] = [:]) throws {
        outcomes.reserveCapacity(transfers.count)
        newTransfers.reserveCapacity(transfers.count)
        // Keyed by UTF-8 bytes: Swift's String equality would merge differently normalised keys
        // that the database's unique index keeps apart.
        var inBatch: [[UInt8]: Int] = [:]
        for (index, transfer) in transfers.enumerated() {
            let record = index + 1
            let key = lookingUpKeys ? Array(transfer.idempotencyKey.utf8) : nil
            let planned: Outcome?
            var parent: Transfer?
            if let problem = refused[index] {
                planned = .refused(problem)
            } else if let key, let earlier = inBatch[key] {
                planned = transfers[newTransfers[earlier].index].isIdentical(to: transfer)
                    ? .new(earlier, repeated: true)
                    : .refused(Self.conflict(transfer.idempotencyKey, record: record,
                                             "was already used in this batch for different content (entry \(firstSeq + UInt64(earlier)))"))
            } else if lookingUpKeys, let recorded = try storage.recordedTransfer(idempotencyKey: transfer.idempotencyKey) {
                planned = recorded.transfer.map { $0.isIdentical(to: transfer) } == true
                    ? .recorded(recorded.receipt)
                    : .refused(Self.conflict(transfer.idempotencyKey, record: record,
                                             "was already recorded as entry \(recorded.receipt.seq) with different content"))
            } else if let seq = transfer.parent {
                do {
                    parent = try self.parent(seq, in: transfers, firstSeq: firstSeq, storage: storage, record: record)
                    planned = nil
                } catch let error as LedgerError {
                    planned = .refused(error)
                }
            } else {
                planned = nil
            }
            if let planned {
                if case .refused(let problem) = planned, !independently {
                    refusal = problem
                    return
                }
                outcomes.append(planned)
                continue
            }
            if let key { inBatch[key] = newTransfers.count }
            outcomes.append(.new(newTransfers.count, repeated: false))
            newTransfers.append((index, parent))
        }
    }

    /// The parent transfer at `seq`, recorded earlier or earlier in this batch; nil when it is a
    /// transfer entry that no longer decodes (the verifier reports that entry).
    private func parent(_ seq: UInt64, in transfers: [Transfer], firstSeq: UInt64, storage: any LedgerStorage, record: Int) throws -> Transfer? {
        if seq >= firstSeq, seq - firstSeq < UInt64(newTransfers.count) {
            return transfers[newTransfers[Int(seq - firstSeq)].index]
        }
        guard seq < firstSeq, let (entry, document) = try storage.transferEntry(at: seq), entry.kind == .transfer else {
            throw LedgerError.rejected(RecordError(record: record, field: "parent", rule: .unknownParent,
                message: "entry \(seq) is not a recorded transfer"))
        }
        return try? TransferPayload(bytes: entry.payload, privateDocument: document).transfer
    }

    /// One receipt (or refusal) per record, given the receipts of the new transfers in order.
    func results(new: [Receipt]) -> [Result<Receipt, LedgerError>] {
        outcomes.map { outcome in
            switch outcome {
            case .recorded(let receipt):
                .success(receipt)
            case .new(let index, repeated: false):
                .success(new[index])
            case .new(let index, repeated: true):
                .success(Receipt(seq: new[index].seq, hash: new[index].hash, recordedAt: new[index].recordedAt,
                                 idempotencyKey: new[index].idempotencyKey, duplicate: true, verdict: new[index].verdict))
            case .refused(let problem):
                .failure(problem)
            }
        }
    }

    private static func conflict(_ key: String, record: Int, _ problem: String) -> LedgerError {
        .rejected(RecordError(record: record, field: "idempotencyKey", rule: .idempotencyConflict, message: "'\(key)' \(problem)"))
    }
}
