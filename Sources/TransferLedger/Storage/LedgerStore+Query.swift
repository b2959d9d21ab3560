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
        // Rows are copied here and decoded, in chunks, on the other cores while the next chunk is
        // read; then handed over in order. A chunk bounds the memory of a streaming query, and
        // decoding is most of a query's time.
        let decoding = DispatchQueue(label: "TransferLedger.query.decoding")
        let decoders = WorkerContexts { PayloadDecoder() }
        var pending: [BackgroundWork<[Result<RecordedTransfer, RecordError>]>] = []
        defer { for work in pending { _ = work.wait() } }
        var chunk = QueryChunk()
        func handOver(keeping ahead: Int) throws {
            if chunk.count > 0 {
                let rows = chunk
                pending.append(BackgroundWork(on: decoding) {
                    ParallelMap.map(Array(0..<rows.count), contexts: decoders) { index, decoder in
                        rows.transfer(at: index, decoder: decoder, supersededBy: supersessions)
                    }
                })
                chunk = QueryChunk()
            }
            while pending.count > ahead {
                // Reversed and popped: each transfer is moved out, not copied.
                var decoded = pending.removeFirst().wait()
                decoded.reverse()
                while let transfer = decoded.popLast() { try body(transfer.get()) }
            }
        }
        try statement.forEachRow { row in
            chunk.append(row)
            if chunk.count == Self.queryChunkSize { try handOver(keeping: 1) }
        }
        try handOver(keeping: 0)
    }

    /// How many rows a query decodes together: enough to be worth spreading over the cores, few enough
    /// that a streaming query's memory stays small.
    static let queryChunkSize = 128
}

/// A chunk of a query's rows (seq, recorded time, hash, payload, private document), copied into one
/// buffer: the reading thread allocates nothing per row, and the decoding threads build the values.
private struct QueryChunk: Sendable {
    private struct Row: Sendable {
        var seq: UInt64
        var recordedAt: ColumnBytes.Span, hash: ColumnBytes.Span, payload: ColumnBytes.Span, document: ColumnBytes.Span
    }

    private var bytes = ColumnBytes(capacity: LedgerStore.queryChunkSize * 1_280)
    private var rows: [Row] = []

    var count: Int { rows.count }

    mutating func append(_ row: Statement) {
        rows.append(Row(seq: UInt64(bitPattern: row.int64(0)), recordedAt: bytes.append(text: 1, of: row),
                        hash: bytes.append(blob: 2, of: row), payload: bytes.append(blob: 3, of: row), document: bytes.append(blob: 4, of: row)))
    }

    /// Row `index`, decoded.
    func transfer(at index: Int, decoder: PayloadDecoder, supersededBy supersessions: [UInt64: UInt64]) -> Result<RecordedTransfer, RecordError> {
        let row = rows[index]
        return bytes.withSlices { slice in
            Result { () throws(RecordError) in
                let payload = try decoder.decode(payload: slice(row.payload), document: slice(row.document))
                return RecordedTransfer(seq: row.seq, recordedAt: String(decoding: slice(row.recordedAt), as: UTF8.self),
                                        hash: Digest(copying: UnsafeRawBufferPointer(slice(row.hash))), region: payload.region,
                                        transfer: payload.transfer, verdict: payload.verdict, supersededBy: supersessions[row.seq])
            }
        }
    }
}
