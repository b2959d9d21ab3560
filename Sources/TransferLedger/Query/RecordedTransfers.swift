import LedgerFormat
import LedgerStorage

/// Transfer queries, decoded: what `Ledger.forEachTransfer(matching:)` streams.
extension LedgerStorage {
    /// Calls `body` with every transfer matching `query`, in order of occurrence, streaming; each
    /// transfer is handed over (consumed), so a caller that keeps it does not copy it.
    func forEachRecordedTransfer(matching query: TransferQuery, _ body: (consuming RecordedTransfer) throws -> Void) throws {
        // Corrections are rare: one read of their index marks every superseded transfer.
        let supersessions = try supersessions()
        // One decoder for the whole query: one hasher, and each distinct verdict parsed once. Rows are
        // decoded here, one by one: spreading a query's few hundred rows over the cores was measured
        // slower than this (thread hand-offs, and values freed on another thread than made them).
        let decoder = PayloadDecoder()
        try forEachTransfer(matching: query) { row in
            // Decoded where the database holds the bytes: nothing is copied but the values kept.
            let payload = row.erasure == nil && row.document.count > 0
                ? try decoder.decode(payload: row.payload, document: row.document).payload
                : try TransferPayload(bytes: Array(row.payload), privateDocument: [])
            guard let recordedAt = Timestamp.canonical(utf8: row.recordedAt) else {
                throw LedgerError.damaged(seq: row.seq, reason: Receipt.malformedTime(String(decoding: row.recordedAt, as: UTF8.self)))
            }
            var recorded = RecordedTransfer(seq: row.seq, recordedAt: recordedAt,
                                            hash: Digest(copying: UnsafeRawBufferPointer(row.hash)),
                                            region: payload.region, transfer: payload.transfer, verdict: payload.verdict,
                                            supersededBy: supersessions[row.seq])
            recorded.erasedBy = row.erasure
            try body(recorded)
        }
    }
}
