/// Running transfer queries.
extension LedgerStore {
    /// Calls `body` with every transfer matching `query`, in order of occurrence, streaming; each
    /// transfer is handed over (consumed), so a caller that keeps it does not copy it.
    func forEachTransfer(matching query: TransferQuery, _ body: (consuming RecordedTransfer) throws -> Void) throws {
        // Corrections are rare: one read of their index marks every superseded transfer.
        let supersessions = try supersessions()
        let (sql, parameters) = query.sql()
        // Prepared once per distinct filter combination and kept in the connection's statement cache.
        let statement = try database.statement(sql)
        for (offset, value) in parameters.enumerated() { try statement.bind(at: Int32(offset + 1), value) }
        // One decoder for the whole query: one hasher, and each distinct verdict parsed once. Rows are
        // decoded here, one by one: spreading a query's few hundred rows over the cores was measured
        // slower than this (thread hand-offs, and values freed on another thread than made them).
        let decoder = PayloadDecoder()
        try statement.forEachRow { row in
            // Decoded where SQLite holds the bytes: nothing is copied but the values kept.
            let payload = try row.withBytes(3) { bytes in
                try row.withBytes(4) { document in try decoder.decode(payload: bytes, document: document).payload }
            }
            let seq = UInt64(bitPattern: row.int64(0))
            try body(RecordedTransfer(seq: seq, recordedAt: row.text(1), hash: row.withBytes(2) { Digest(copying: UnsafeRawBufferPointer($0)) },
                                      region: payload.region, transfer: payload.transfer, verdict: payload.verdict,
                                      supersededBy: supersessions[seq]))
        }
    }
}
