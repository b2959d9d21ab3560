import Dispatch

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
        // Rows are read here and decoded in chunks on the other cores while the next chunk is read,
        // then handed over in order: a chunk bounds the memory of a streaming query, and decoding is
        // most of a query's time.
        let decoding = DispatchQueue(label: "TransferLedger.query.decoding")
        var pending: [(rows: [StoredTransferRow], decoded: BackgroundWork<[Result<TransferPayload, RecordError>]>)] = []
        defer { for chunk in pending { _ = chunk.decoded.wait() } }
        let decoders = WorkerContexts { PayloadDecoder() }
        var chunk: [StoredTransferRow] = []
        func handOver(keeping ahead: Int) throws {
            if !chunk.isEmpty {
                let rows = chunk
                pending.append((rows, BackgroundWork(on: decoding) { ParallelMap.map(rows, contexts: decoders, Self.decode) }))
                chunk = []
            }
            while pending.count > ahead {
                let (rows, work) = pending.removeFirst()
                for (row, decoded) in zip(rows, work.wait()) {
                    let payload = try decoded.get()
                    try body(RecordedTransfer(seq: row.seq, recordedAt: row.recordedAt, hash: row.hash, region: payload.region,
                                              transfer: payload.transfer, verdict: payload.verdict, supersededBy: supersessions[row.seq]))
                }
            }
        }
        try statement.forEachRow { row in
            chunk.append(StoredTransferRow(seq: UInt64(bitPattern: row.int64(0)), recordedAt: row.text(1),
                                           hash: row.withBytes(2) { Digest(copying: UnsafeRawBufferPointer($0)) },
                                           payload: row.bytes(3), document: row.bytes(4)))
            if chunk.count == Self.queryChunkSize { try handOver(keeping: 1) }
        }
        try handOver(keeping: 0)
    }

    /// How many rows a query decodes together: enough to be worth spreading over the cores, few enough
    /// that a streaming query's memory stays small.
    static let queryChunkSize = 128

    /// A transfer's stored payload and private document, decoded.
    private static func decode(_ row: StoredTransferRow, with decoder: PayloadDecoder) -> Result<TransferPayload, RecordError> {
        Result { () throws(RecordError) in try decoder.decode(payload: row.payload, document: row.document).payload }
    }
}

/// A matching row as a query reads it, before its payload is decoded.
private struct StoredTransferRow: Sendable {
    let seq: UInt64
    let recordedAt: String
    let hash: Digest
    let payload: [UInt8]
    let document: [UInt8]
}
