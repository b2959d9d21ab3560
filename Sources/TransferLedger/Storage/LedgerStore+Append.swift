/// Appending transfers: idempotency, parent checks and the query projection around `Appender`.
extension LedgerStore {
    /// Appends validated transfers as one transaction and returns one receipt per transfer, in order.
    ///
    /// The tip is read inside the `BEGIN IMMEDIATE` transaction that inserts, so concurrent writers in
    /// other processes queue on the write lock and each extends the chain it actually saw.
    ///
    /// `judge` gives each new transfer its policy verdict inside the transaction, so the verdict is
    /// made against exactly the registry entries that precede the transfer in the chain.
    func append(_ payloads: [TransferPayload], hasher: SHA256, judge: (Transfer) throws -> PolicyVerdict) throws -> [Receipt] {
        try database.transaction("IMMEDIATE") {
            var appender = try Appender(store: self, hasher: hasher)
            var receipts: [Receipt] = []
            receipts.reserveCapacity(payloads.count)
            // Keyed by UTF-8 bytes: Swift's String equality would merge differently normalised keys
            // that SQLite's unique index keeps apart.
            var inBatch: [[UInt8]: (payload: TransferPayload, receipt: Receipt)] = [:]
            inBatch.reserveCapacity(payloads.count)

            for (index, unjudged) in payloads.enumerated() {
                var payload = unjudged
                let transfer = payload.transfer
                if let earlier = try duplicate(of: payload, inBatch: inBatch, record: index + 1) {
                    receipts.append(earlier)
                    continue
                }
                if let parent = transfer.parent {
                    try checkParent(parent, record: index + 1)
                }
                payload.verdict = StoredVerdict(try judge(transfer))
                let document = payload.privateDocument
                let (seq, hash) = try appender.append(kind: .transfer, payload: payload.canonicalBytes(privateDocument: document, hasher: hasher))
                try TransferRow(transfer, region: payload.region, verdict: payload.verdict).insert(seq: seq, into: database)
                try database.statement("INSERT INTO transfer_private (seq, document) VALUES (?, CAST(? AS TEXT))").run(
                    .integer(Int64(seq)), .blob(document))
                let receipt = Receipt(seq: seq, hash: hash, recordedAt: appender.recordedAt,
                                      idempotencyKey: transfer.idempotencyKey, duplicate: false, verdict: payload.verdict)
                inBatch[Array(transfer.idempotencyKey.utf8)] = (payload, receipt)
                receipts.append(receipt)
            }
            return receipts
        }
    }

    /// The receipt of an earlier identical record with the same key, nil for a new key, or an error
    /// naming the earlier entry when the key was used for different content.
    private func duplicate(of payload: TransferPayload, inBatch: [[UInt8]: (payload: TransferPayload, receipt: Receipt)], record: Int) throws -> Receipt? {
        let key = payload.transfer.idempotencyKey
        if let earlier = inBatch[Array(key.utf8)] {
            guard earlier.payload.transfer.isIdentical(to: payload.transfer) else {
                throw LedgerError.rejected(RecordError(record: record, field: "idempotencyKey", rule: .idempotencyConflict,
                    message: "'\(key)' was already used in this batch for different content (entry \(earlier.receipt.seq))"))
            }
            return Receipt(seq: earlier.receipt.seq, hash: earlier.receipt.hash, recordedAt: earlier.receipt.recordedAt,
                           idempotencyKey: key, duplicate: true, verdict: earlier.receipt.verdict)
        }
        let statement = try database.statement("""
            SELECT e.seq, e.hash, e.recorded_at, e.payload, p.document
            FROM transfer t JOIN entry e ON e.seq = t.seq JOIN transfer_private p ON p.seq = t.seq
            WHERE t.idempotency_key = ?
            """)
        try statement.bind(.text(key))
        let found = try statement.firstRow { row in
            let stored = try? TransferPayload(bytes: row.bytes(3), privateDocument: row.bytes(4))
            return (receipt: Receipt(seq: UInt64(row.int64(0)), hash: Digest(uncheckedBytes: row.bytes(1)), recordedAt: row.text(2),
                                     idempotencyKey: key, duplicate: true, verdict: stored?.verdict),
                    transfer: stored?.transfer)
        }
        guard let found else { return nil }
        guard let stored = found.transfer, stored.isIdentical(to: payload.transfer) else {
            throw LedgerError.rejected(RecordError(record: record, field: "idempotencyKey", rule: .idempotencyConflict,
                message: "'\(key)' was already recorded as entry \(found.receipt.seq) with different content"))
        }
        return found.receipt
    }

    private func checkParent(_ parent: UInt64, record: Int) throws {
        let statement = try database.statement("SELECT kind FROM entry WHERE seq = ?")
        try statement.bind(.integer(Int64(bitPattern: parent)))
        guard try statement.firstRow({ $0.text(0) }) == EntryKind.transfer.rawValue else {
            throw LedgerError.rejected(RecordError(record: record, field: "parent", rule: .unknownParent,
                message: "entry \(parent) is not a recorded transfer"))
        }
    }
}

extension Transfer {
    /// Whether both transfers have byte-identical canonical JSON: the ledger's notion of "the same
    /// content" (Swift's `==` would also equate differently normalised Unicode).
    func isIdentical(to other: Transfer) -> Bool {
        CanonicalJSON.encode(jsonValue) == CanonicalJSON.encode(other.jsonValue)
    }
}
