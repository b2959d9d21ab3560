/// Running transfer queries.
extension LedgerStore {
    /// Calls `body` with every transfer matching `query`, in order of occurrence, streaming.
    func forEachTransfer(matching query: TransferQuery, _ body: (RecordedTransfer) throws -> Void) throws {
        let (sql, parameters) = query.sql()
        let statement = try database.statement(sql)
        for (offset, value) in parameters.enumerated() { try statement.bind(at: Int32(offset + 1), value) }
        try statement.forEachRow { row in
            let entry = Self.entry(from: row)
            let payload = try TransferPayload(bytes: entry.payload, privateDocument: row.bytes(6))
            try body(RecordedTransfer(seq: entry.seq, recordedAt: entry.recordedAt, hash: entry.hash,
                                      region: payload.region, transfer: payload.transfer, verdict: payload.verdict))
        }
    }
}
