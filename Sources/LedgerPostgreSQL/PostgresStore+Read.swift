import LedgerFormat
import LedgerStorage

/// Reading entries back from PostgreSQL: the same queries as the SQLite store's, in PostgreSQL's
/// dialect, streamed page by page.
extension PostgresStore {
    static let entryColumns = "e.seq, e.kind, e.recorded_at, e.prev_hash, e.hash, e.payload, e.format"

    /// The entry columns starting at `column`; hashes of the wrong length become a digest the
    /// verifier reports, never a crash.
    package static func entry(from row: PostgresRow, column: Int32 = 0) -> Entry {
        Entry(seq: UInt64(bitPattern: row.int64(column)), kind: EntryKind(rawValue: row.text(column + 1)), recordedAt: row.text(column + 2),
              previousHash: Digest(uncheckedBytes: row.bytes(column + 3)), hash: Digest(uncheckedBytes: row.bytes(column + 4)),
              payload: row.bytes(column + 5), format: UInt8(clamping: row.int64(column + 6)))
    }

    package func tip() throws -> ChainTip? {
        try connection.statement("SELECT seq, hash, recorded_at FROM entry ORDER BY seq DESC LIMIT 1").firstRow { row in
            ChainTip(seq: UInt64(bitPattern: row.int64(0)), hash: Digest(uncheckedBytes: row.bytes(1)), recordedAt: row.text(2))
        }
    }

    package func entryCount() throws -> UInt64 {
        UInt64(bitPattern: try connection.statement("SELECT count(*) FROM entry").firstRow { $0.int64(0) } ?? 0)
    }

    package func entry(at seq: UInt64) throws -> Entry? {
        try connection.statement("SELECT \(Self.entryColumns) FROM entry e WHERE e.seq = $1").firstRow(.integer(Int64(bitPattern: seq))) { Self.entry(from: $0) }
    }

    package func recordedAt(_ seq: UInt64) throws -> String? {
        try connection.statement("SELECT recorded_at FROM entry WHERE seq = $1").firstRow(.integer(Int64(bitPattern: seq))) { $0.text(0) }
    }

    package func forEachEntry(from start: UInt64, to end: UInt64, _ body: (Entry) throws -> Void) throws {
        try forEachPage("SELECT \(Self.entryColumns) FROM entry e WHERE e.seq < $1 AND e.seq > $2 ORDER BY e.seq LIMIT $3",
                        [.integer(Int64(bitPattern: min(end, UInt64(Int64.max))))], after: Int64(bitPattern: start) - 1,
                        key: { $0.int64(0) }) { try body(Self.entry(from: $0)) }
    }

    /// Every entry with its transfer row and private document, in chain order, a page at a time.
    ///
    /// The joined tables are bounded by the page's start too (`t.seq > $1`, `p.seq > $1`: the same
    /// rows, since they join on seq): without it the planner merge-joins each page against those
    /// tables from their first row, so every page read all the rows before it (656 ms a page at 1M
    /// entries instead of 5 ms).
    static let entriesWithRowsSQL = """
        SELECT \(entryColumns), t.seq IS NOT NULL, p.seq IS NOT NULL, p.document,
               t.idempotency_key, t.occurred_at, t.exporter, t.exporter_role, t.importer, t.importer_role,
               t.destination, t.region, t.mechanism, t.data_categories, t.special_categories, t.status,
               coalesce((SELECT string_agg(r.rule, ',') FROM transfer_rule r WHERE r.seq = t.seq), '')
        FROM entry e LEFT JOIN transfer t ON t.seq = e.seq AND t.seq > $1 LEFT JOIN transfer_private p ON p.seq = e.seq AND p.seq > $1
        WHERE e.seq > $1 ORDER BY e.seq LIMIT $2
        """

    package func forEachEntryRow(_ body: (StoredEntryRow) throws -> Void) throws {
        try forEachPage(Self.entriesWithRowsSQL, [], after: -1, key: { $0.int64(0) }) { row in
            let columns = !row.bool(7) ? nil : StoredTransferColumns(
                idempotencyKey: row.borrowed(10), occurredAt: row.int64(11), exporter: row.borrowed(12), exporterRole: row.borrowed(13),
                importer: row.borrowed(14), importerRole: row.borrowed(15), destination: row.borrowed(16), region: row.borrowed(17),
                mechanism: row.borrowed(18), dataCategories: row.int64(19), specialCategories: row.int64(20), status: row.borrowed(21),
                rules: row.borrowed(22))
            try body(StoredEntryRow(
                seq: UInt64(bitPattern: row.int64(0)), kind: row.borrowed(1), recordedAt: row.borrowed(2),
                previousHash: row.borrowed(3), hash: row.borrowed(4), payload: row.borrowed(5), format: row.int64(6),
                document: row.bool(8) ? row.borrowed(9) : nil, transferColumns: columns))
        }
    }

    package func transferEntry(at seq: UInt64) throws -> (entry: Entry, document: [UInt8])? {
        try connection.statement("""
            SELECT \(Self.entryColumns), coalesce(p.document, '') FROM entry e LEFT JOIN transfer_private p ON p.seq = e.seq
            WHERE e.seq = $1 AND e.kind IN ('transfer', 'correction')
            """).firstRow(.integer(Int64(bitPattern: seq))) { (Self.entry(from: $0), $0.bytes(7)) }
    }

    package func transferEntry(idempotencyKey key: String) throws -> (entry: Entry, document: [UInt8])? {
        try connection.statement("""
            SELECT \(Self.entryColumns), coalesce(p.document, '')
            FROM transfer t JOIN entry e ON e.seq = t.seq LEFT JOIN transfer_private p ON p.seq = t.seq
            WHERE t.idempotency_key = $1
            """).firstRow(.text(key)) { (Self.entry(from: $0), $0.bytes(7)) }
    }

    package func correction(superseding seq: UInt64) throws -> UInt64? {
        try connection.statement("SELECT seq FROM correction WHERE supersedes = $1").firstRow(.integer(Int64(bitPattern: seq))) {
            UInt64(bitPattern: $0.int64(0))
        }
    }

    package func supersessions() throws -> [UInt64: UInt64] {
        var result: [UInt64: UInt64] = [:]
        try each("SELECT seq, supersedes FROM correction") { result[UInt64(bitPattern: $0.int64(1))] = UInt64(bitPattern: $0.int64(0)) }
        return result
    }

    package func entries(indexedIn index: EntryIndex, after seq: UInt64?) throws -> [Entry] {
        var entries: [Entry] = []
        try each("SELECT \(Self.entryColumns) FROM \(index.table) i JOIN entry e ON e.seq = i.seq WHERE i.seq > $1 ORDER BY i.seq",
                 .integer(seq.map { Int64(bitPattern: $0) } ?? -1)) { entries.append(Self.entry(from: $0)) }
        return entries
    }

    package func govAccessEntries(requestId: String) throws -> [Entry] {
        var entries: [Entry] = []
        try each("SELECT \(Self.entryColumns) FROM gov_access_request g JOIN entry e ON e.seq = g.seq WHERE g.request_id = $1 ORDER BY g.seq",
                 .text(requestId)) { entries.append(Self.entry(from: $0)) }
        return entries
    }

    package func referenceDataAdoption(version: String) throws -> UInt64? {
        try connection.statement("SELECT seq FROM reference_data WHERE version = $1").firstRow(.text(version)) { UInt64(bitPattern: $0.int64(0)) }
    }

    package func checkpointEntry(at seq: UInt64) throws -> Entry? {
        try connection.statement("SELECT \(Self.entryColumns) FROM checkpoint c JOIN entry e ON e.seq = c.seq WHERE c.seq = $1")
            .firstRow(.integer(Int64(bitPattern: seq))) { Self.entry(from: $0) }
    }

    package func latestCheckpointEntry(after seq: UInt64?) throws -> Entry? {
        try connection.statement("SELECT \(Self.entryColumns) FROM checkpoint c JOIN entry e ON e.seq = c.seq WHERE c.seq > $1 ORDER BY c.seq DESC LIMIT 1")
            .firstRow(.integer(seq.map { Int64(bitPattern: $0) } ?? -1)) { Self.entry(from: $0) }
    }

    package func firstTransfer(occurredFrom from: Timestamp, before: Timestamp) throws -> UInt64? {
        try connection.statement("SELECT min(seq) FROM transfer WHERE occurred_at >= $1 AND occurred_at < $2")
            .firstRow(.integer(from.microseconds), .integer(before.microseconds)) { $0.isNull(0) ? nil : UInt64(bitPattern: $0.int64(0)) } ?? nil
    }

    package func forEachTransfer(matching query: TransferQuery, _ body: (StoredTransferRecord) throws -> Void) throws {
        var remaining = query.limit.map { Int64(max(0, $0)) }
        var paged = query
        paged.limit = nil
        var after: (occurredAt: Int64, seq: Int64)?
        // Pages continue after the last row by (occurred_at, seq), the query's order, in one snapshot.
        try snapshot(streaming: true) {
            while remaining.map({ $0 > 0 }) ?? true {
                let size = min(remaining ?? Self.pageSize, Self.pageSize)
                let (sql, parameters) = paged.sql(placeholder: { "$\($0)" }, continuingAfter: after, limit: size)
                let page = try connection.statement(sql).rows(bindings: parameters.map {
                    switch $0 {
                    case .integer(let number): .integer(number)
                    case .text(let text): .text(text)
                    }
                })
                for index in 0..<page.count {
                    let row = page.row(index)
                    try body(StoredTransferRecord(seq: UInt64(bitPattern: row.int64(0)), recordedAt: row.borrowed(1), hash: row.borrowed(2),
                                                  payload: row.borrowed(3), document: row.borrowed(4),
                                                  erasure: row.isNull(6) ? nil : UInt64(bitPattern: row.int64(6))))
                    after = (row.int64(5), row.int64(0))
                }
                remaining = remaining.map { $0 - Int64(page.count) }
                if Int64(page.count) < size { return }
            }
        }
    }

    /// Calls `body` with every row of a short result.
    func each(_ sql: String, _ values: PostgresValue..., body: (PostgresRow) throws -> Void) throws {
        let rows = try connection.statement(sql).rows(bindings: values)
        for index in 0..<rows.count { try body(rows.row(index)) }
    }
}

extension PostgresRow {
    /// Column `column`'s bytes where libpq holds them: valid while the row's result is alive.
    func borrowed(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        withBytes(column) { $0 }
    }
}
