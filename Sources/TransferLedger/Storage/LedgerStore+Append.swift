/// Appending transfers: idempotency, parent checks and the query projection around `Appender`.
extension LedgerStore {
    /// Appends validated transfers as one transaction and returns one receipt per transfer, in order.
    ///
    /// The tip is read inside the `BEGIN IMMEDIATE` transaction that inserts, so concurrent writers in
    /// other processes queue on the write lock and each extends the chain it actually saw.
    ///
    /// `judge` is asked for inside the transaction, with the transaction's ledger time, so verdicts are made against exactly the registry
    /// entries that precede the transfers in the chain. The work comes in two steps: what needs the
    /// file (duplicates, parents), in order; then the chain itself, in order on this thread, while
    /// the other cores judge and encode the transfers ahead of it (each transfer needs only itself).
    ///
    /// Keys already in the file are rare, so the first attempt does not look each one up: the unique
    /// index on `idempotency_key` refuses a repeated key, and only then is the batch rolled back and
    /// appended again with every key looked up.
    func append(_ payloads: [TransferPayload], hasher: SHA256, judge: (Timestamp) throws -> TransferJudge) throws -> [Receipt] {
        do {
            return try append(payloads, hasher: hasher, lookingUpKeys: false, judge: judge)
        } catch let error as SQLiteError where error.isRepeatedIdempotencyKey {
            return try append(payloads, hasher: hasher, lookingUpKeys: true, judge: judge)
        }
    }

    private func append(_ payloads: [TransferPayload], hasher: SHA256, lookingUpKeys: Bool,
                        judge: (Timestamp) throws -> TransferJudge) throws -> [Receipt] {
        try database.transaction("IMMEDIATE") {
            let appender = try Appender(store: self, hasher: hasher)
            let plan = try AppendPlan(payloads, firstSeq: appender.nextSeq, store: self, lookingUpKeys: lookingUpKeys)
            let judge = try judge(appender.ledgerTime)
            let inserts = try TransferRow.Inserts(database)
            let insertPrivate = try database.statement("INSERT INTO transfer_private (seq, document) VALUES (?, CAST(? AS TEXT))")
            var receipts: [Receipt] = []
            receipts.reserveCapacity(plan.newTransfers.count)
            try ParallelMap.pipeline(plan.newTransfers, context: { SHA256() }, transform: { transfer, hasher in
                PreparedTransfer(transfer.payload, parent: transfer.parent, judge: judge, hasher: hasher)
            }, consume: { transfer in
                let (seq, hash) = try appender.append(kind: .transfer, payload: transfer.payload)
                try transfer.row.insert(seq: seq, using: inserts)
                try insertPrivate.run(.integer(Int64(seq)), .blob(transfer.privateDocument))
                receipts.append(Receipt(seq: seq, hash: hash, recordedAt: appender.recordedAt,
                                        idempotencyKey: transfer.row.idempotencyKey, duplicate: false, verdict: transfer.verdict))
            })
            return plan.receipts(new: receipts)
        }
    }

    static let recordedTransferSQL = """
        SELECT e.seq, e.hash, e.recorded_at, e.payload, p.document
        FROM transfer t JOIN entry e ON e.seq = t.seq JOIN transfer_private p ON p.seq = t.seq
        WHERE t.idempotency_key = ?
        """

    /// The receipt of the recorded transfer with idempotency key `key`, and that transfer, if any;
    /// `statement` is a prepared `recordedTransferSQL`.
    static func recordedTransfer(idempotencyKey key: String, using statement: Statement) throws -> (receipt: Receipt, transfer: Transfer?)? {
        try statement.bind(at: 1, .text(key))
        return try statement.firstRow { row in
            let stored = try? TransferPayload(bytes: row.bytes(3), privateDocument: row.bytes(4))
            return (receipt: Receipt(seq: UInt64(row.int64(0)), hash: Digest(uncheckedBytes: row.bytes(1)), recordedAt: row.text(2),
                                     idempotencyKey: key, duplicate: true, verdict: stored?.verdict),
                    transfer: stored?.transfer)
        }
    }

    /// Whether entry `seq` is a recorded transfer.
    func isTransfer(_ seq: UInt64) throws -> Bool {
        let statement = try database.statement("SELECT kind FROM entry WHERE seq = ?")
        try statement.bind(.integer(Int64(bitPattern: seq)))
        return try statement.firstRow({ $0.text(0) }) == EntryKind.transfer.rawValue
    }
}

/// A transfer judged and encoded, ready to be chained: everything but its sequence number and hash.
private struct PreparedTransfer: Sendable {
    let payload: [UInt8]
    let privateDocument: [UInt8]
    let row: TransferRow
    let verdict: StoredVerdict

    init(_ unjudged: TransferPayload, parent: Transfer?, judge: TransferJudge, hasher: SHA256) {
        var payload = unjudged
        payload.verdict = StoredVerdict(judge.verdict(for: payload.transfer, parent: parent))
        privateDocument = payload.privateDocument
        self.payload = payload.canonicalBytes(privateDocument: privateDocument, hasher: hasher)
        row = TransferRow(payload.transfer, region: payload.region, verdict: payload.verdict)
        verdict = payload.verdict!
    }
}

/// What a batch will do, decided against the file before anything is judged or written: which
/// records repeat a recorded or an earlier record of the batch (idempotency), which are new, and the
/// parent each new onward transfer refers to.
private struct AppendPlan {
    enum Outcome {
        /// Already in the file: nothing to write.
        case recorded(Receipt)
        /// The n-th new transfer of this batch, or (`repeated`) an identical repetition of it.
        case new(Int, repeated: Bool)
    }

    private(set) var outcomes: [Outcome] = []
    private(set) var newTransfers: [(payload: TransferPayload, parent: Transfer?)] = []

    /// With `lookingUpKeys` false, keys recorded in earlier batches are left to the unique index.
    init(_ payloads: [TransferPayload], firstSeq: UInt64, store: LedgerStore, lookingUpKeys: Bool) throws {
        outcomes.reserveCapacity(payloads.count)
        newTransfers.reserveCapacity(payloads.count)
        // Keyed by UTF-8 bytes: Swift's String equality would merge differently normalised keys
        // that SQLite's unique index keeps apart.
        let lookup = try store.database.statement(LedgerStore.recordedTransferSQL)
        var inBatch: [[UInt8]: Int] = [:]
        inBatch.reserveCapacity(payloads.count)
        for (index, payload) in payloads.enumerated() {
            let record = index + 1
            let transfer = payload.transfer
            let key = Array(transfer.idempotencyKey.utf8)
            if let earlier = inBatch[key] {
                guard newTransfers[earlier].payload.transfer.isIdentical(to: transfer) else {
                    throw Self.conflict(transfer.idempotencyKey, record: record,
                                        "was already used in this batch for different content (entry \(firstSeq + UInt64(earlier)))")
                }
                outcomes.append(.new(earlier, repeated: true))
                continue
            }
            if lookingUpKeys, let recorded = try LedgerStore.recordedTransfer(idempotencyKey: transfer.idempotencyKey, using: lookup) {
                guard let stored = recorded.transfer, stored.isIdentical(to: transfer) else {
                    throw Self.conflict(transfer.idempotencyKey, record: record,
                                        "was already recorded as entry \(recorded.receipt.seq) with different content")
                }
                outcomes.append(.recorded(recorded.receipt))
                continue
            }
            let parent = try transfer.parent.map { seq throws in
                try self.parent(seq, firstSeq: firstSeq, store: store, record: record)
            } ?? nil
            inBatch[key] = newTransfers.count
            outcomes.append(.new(newTransfers.count, repeated: false))
            newTransfers.append((payload, parent))
        }
    }

    /// The parent transfer at `seq`, recorded earlier or earlier in this batch; nil when it is a
    /// transfer entry that no longer decodes (the verifier reports that entry).
    private func parent(_ seq: UInt64, firstSeq: UInt64, store: LedgerStore, record: Int) throws -> Transfer? {
        if seq >= firstSeq, seq - firstSeq < UInt64(newTransfers.count) {
            return newTransfers[Int(seq - firstSeq)].payload.transfer
        }
        guard seq < firstSeq, try store.isTransfer(seq) else {
            throw LedgerError.rejected(RecordError(record: record, field: "parent", rule: .unknownParent,
                message: "entry \(seq) is not a recorded transfer"))
        }
        return try store.transfer(at: seq)
    }

    /// One receipt per record, given the receipts of the new transfers in order.
    func receipts(new: [Receipt]) -> [Receipt] {
        outcomes.map { outcome in
            switch outcome {
            case .recorded(let receipt):
                receipt
            case .new(let index, repeated: false):
                new[index]
            case .new(let index, repeated: true):
                Receipt(seq: new[index].seq, hash: new[index].hash, recordedAt: new[index].recordedAt,
                        idempotencyKey: new[index].idempotencyKey, duplicate: true, verdict: new[index].verdict)
            }
        }
    }

    private static func conflict(_ key: String, record: Int, _ problem: String) -> LedgerError {
        .rejected(RecordError(record: record, field: "idempotencyKey", rule: .idempotencyConflict, message: "'\(key)' \(problem)"))
    }
}

extension Transfer {
    /// Whether both transfers have byte-identical canonical JSON: the ledger's notion of "the same
    /// content" (Swift's `==` would also equate differently normalised Unicode).
    func isIdentical(to other: Transfer) -> Bool {
        CanonicalJSON.encode(jsonValue) == CanonicalJSON.encode(other.jsonValue)
    }
}
