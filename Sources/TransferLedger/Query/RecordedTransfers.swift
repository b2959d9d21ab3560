import LedgerFormat
import LedgerStorage

/// Transfer queries, decoded: what `Ledger.forEachTransfer(matching:)` streams.
extension LedgerStorage {
    /// Calls `body` with every transfer matching `query`, in order of occurrence, streaming; each
    /// transfer is handed over (consumed), so a caller that keeps it does not copy it. `decoder` is
    /// the ledger's, kept from query to query: the values it remembers (verdicts, parties, references,
    /// code lists) recur in every query.
    func forEachRecordedTransfer(matching query: TransferQuery, decoder: PayloadDecoder,
                                 _ body: (consuming RecordedTransfer) throws -> Void) throws {
        // Corrections are rare: one read of their index marks every superseded transfer.
        let supersessions = try supersessions()
        // Rows are decoded here, one by one: spreading a query's few hundred rows over the cores was
        // measured slower than this (thread hand-offs, and values freed on another thread than made them).
        try forEachTransfer(matching: query) { row in
            // Decoded where the database holds the bytes: nothing is copied but the values kept.
            let payload = row.erasure == nil && row.document.count > 0
                ? try decoder.decode(payload: row.payload, document: row.document).payload
                : try TransferPayload(bytes: Array(row.payload), privateDocument: [])
            guard let recordedAt = decoder.timestamp(spelledBy: row.recordedAt) else {
                throw LedgerError.damaged(seq: row.seq, reason: Receipt.malformedTime(String(decoding: row.recordedAt, as: UTF8.self)))
            }
            let region = payload.region, verdict = payload.verdict
            // The payload is consumed for its transfer: moved into the result, not copied.
            var recorded = RecordedTransfer(seq: row.seq, recordedAt: recordedAt, hash: Digest(copying: UnsafeRawBufferPointer(row.hash)),
                                            region: region, transfer: (consume payload).transfer, verdict: verdict,
                                            supersededBy: supersessions[row.seq])
            recorded.erasedBy = row.erasure
            try body(consume recorded)
        }
    }
}
