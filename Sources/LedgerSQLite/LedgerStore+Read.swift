import LedgerFormat
import LedgerStorage

/// Reading entries back: one at a time, by key, or streamed in chain order.
extension LedgerStore {
    static let entryColumns = "e.seq, e.kind, e.recorded_at, e.prev_hash, e.hash, e.payload, e.format"

    /// Reads the entry columns starting at `column`; blobs of the wrong length become a digest the
    /// verifier reports, never a crash.
    package static func entry(from statement: Statement, column: Int32 = 0) -> Entry {
        Entry(
            seq: UInt64(bitPattern: statement.int64(column)),
            kind: EntryKind(rawValue: statement.text(column + 1)),
            recordedAt: statement.text(column + 2),
            previousHash: Digest(uncheckedBytes: statement.bytes(column + 3)),
            hash: Digest(uncheckedBytes: statement.bytes(column + 4)),
            payload: statement.bytes(column + 5), format: UInt8(clamping: statement.int64(column + 6)))
    }

    package func tip() throws -> ChainTip? {
        try database.statement("SELECT seq, hash, recorded_at FROM entry ORDER BY seq DESC LIMIT 1").firstRow { row in
            ChainTip(seq: UInt64(bitPattern: row.int64(0)), hash: Digest(uncheckedBytes: row.bytes(1)), recordedAt: row.text(2))
        }
    }

    package func entryCount() throws -> UInt64 {
        UInt64(try database.integer("SELECT count(*) FROM entry"))
    }

    package func entry(at seq: UInt64) throws -> Entry? {
        let statement = try database.statement("SELECT \(Self.entryColumns) FROM entry e WHERE e.seq = ?")
        try statement.bind(.integer(Int64(bitPattern: seq)))
        return try statement.firstRow { Self.entry(from: $0) }
    }

    package func recordedAt(_ seq: UInt64) throws -> String? {
        let statement = try database.statement("SELECT recorded_at FROM entry WHERE seq = ?")
        try statement.bind(.integer(Int64(bitPattern: seq)))
        return try statement.firstRow { $0.text(0) }
    }

    package func forEachEntry(from start: UInt64, to end: UInt64, _ body: (Entry) throws -> Void) throws {
        let statement = try database.statement("SELECT \(Self.entryColumns) FROM entry e WHERE e.seq >= ? AND e.seq < ? ORDER BY e.seq")
        try statement.bind(.integer(Int64(bitPattern: start)), .integer(Int64(bitPattern: end)))
        try statement.forEachRow { try body(Self.entry(from: $0)) }
    }

    /// Every entry with its transfer row and private document, in chain order: the verifier's read.
    static let entriesWithRowsSQL = """
        SELECT \(entryColumns), t.seq IS NOT NULL, p.seq IS NOT NULL, p.document,
               t.idempotency_key, t.occurred_at, t.exporter, t.exporter_role, t.importer, t.importer_role,
               t.destination, t.region, t.mechanism, t.data_categories, t.special_categories, t.status,
               coalesce((SELECT group_concat(r.rule) FROM transfer_rule r WHERE r.seq = t.seq), '')
        FROM entry e LEFT JOIN transfer t ON t.seq = e.seq LEFT JOIN transfer_private p ON p.seq = e.seq
        ORDER BY e.seq
        """

    package func forEachEntryRow(_ body: (StoredEntryRow) throws -> Void) throws {
        try database.statement(Self.entriesWithRowsSQL).forEachRow { row in
            let columns = row.int64(7) == 0 ? nil : StoredTransferColumns(
                idempotencyKey: row.textBytes(10), occurredAt: row.int64(11), exporter: row.textBytes(12), exporterRole: row.textBytes(13),
                importer: row.textBytes(14), importerRole: row.textBytes(15), destination: row.textBytes(16), region: row.textBytes(17),
                mechanism: row.textBytes(18), dataCategories: row.int64(19), specialCategories: row.int64(20), status: row.textBytes(21),
                rules: row.textBytes(22))
            try body(StoredEntryRow(
                seq: UInt64(bitPattern: row.int64(0)), kind: row.textBytes(1), recordedAt: row.textBytes(2),
                previousHash: row.blobBytes(3), hash: row.blobBytes(4), payload: row.blobBytes(5), format: row.int64(6),
                document: row.int64(8) == 0 ? nil : row.blobBytes(9), transferColumns: columns))
        }
    }

    package func transferEntry(at seq: UInt64) throws -> (entry: Entry, document: [UInt8])? {
        let statement = try database.statement("""
            SELECT \(Self.entryColumns), coalesce(p.document, '') FROM entry e LEFT JOIN transfer_private p ON p.seq = e.seq
            WHERE e.seq = ? AND e.kind IN ('transfer', 'correction')
            """)
        try statement.bind(.integer(Int64(bitPattern: seq)))
        return try statement.firstRow { (Self.entry(from: $0), $0.bytes(7)) }
    }

    package func transferEntry(idempotencyKey key: String) throws -> (entry: Entry, document: [UInt8])? {
        let statement = try database.statement("""
            SELECT \(Self.entryColumns), coalesce(p.document, '')
            FROM transfer t JOIN entry e ON e.seq = t.seq LEFT JOIN transfer_private p ON p.seq = t.seq
            WHERE t.idempotency_key = ?
            """)
        try statement.bind(.text(key))
        return try statement.firstRow { (Self.entry(from: $0), $0.bytes(7)) }
    }

    package func correction(superseding seq: UInt64) throws -> UInt64? {
        let statement = try database.statement("SELECT seq FROM correction WHERE supersedes = ?")
        try statement.bind(.integer(Int64(bitPattern: seq)))
        return try statement.firstRow { UInt64(bitPattern: $0.int64(0)) }
    }

    package func supersessions() throws -> [UInt64: UInt64] {
        var result: [UInt64: UInt64] = [:]
        try database.statement("SELECT seq, supersedes FROM correction").forEachRow { row in
            result[UInt64(bitPattern: row.int64(1))] = UInt64(bitPattern: row.int64(0))
        }
        return result
    }

    package func entries(indexedIn index: EntryIndex, after seq: UInt64?) throws -> [Entry] {
        let statement = try database.statement("""
            SELECT \(Self.entryColumns) FROM \(index.table) i JOIN entry e ON e.seq = i.seq WHERE i.seq > ? ORDER BY i.seq
            """)
        try statement.bind(.integer(seq.map { Int64(bitPattern: $0) } ?? -1))
        var entries: [Entry] = []
        try statement.forEachRow { entries.append(Self.entry(from: $0)) }
        return entries
    }

    package func latestSeq(indexedIn index: EntryIndex) throws -> UInt64? {
        try database.statement("SELECT max(seq) FROM \(index.table)").firstRow { $0.isNull(0) ? nil : UInt64(bitPattern: $0.int64(0)) } ?? nil
    }

    package func govAccessEntries(requestId: String) throws -> [Entry] {
        let statement = try database.statement("""
            SELECT \(Self.entryColumns) FROM gov_access_request g JOIN entry e ON e.seq = g.seq WHERE g.request_id = ? ORDER BY g.seq
            """)
        try statement.bind(.text(requestId))
        var entries: [Entry] = []
        try statement.forEachRow { entries.append(Self.entry(from: $0)) }
        return entries
    }

    package func referenceDataAdoption(version: String) throws -> UInt64? {
        let statement = try database.statement("SELECT seq FROM reference_data WHERE version = ?")
        try statement.bind(.text(version))
        return try statement.firstRow { UInt64(bitPattern: $0.int64(0)) }
    }

    package func checkpointEntry(at seq: UInt64) throws -> Entry? {
        let statement = try database.statement("SELECT \(Self.entryColumns) FROM checkpoint c JOIN entry e ON e.seq = c.seq WHERE c.seq = ?")
        try statement.bind(.integer(Int64(bitPattern: seq)))
        return try statement.firstRow { Self.entry(from: $0) }
    }

    package func latestCheckpointEntry(after seq: UInt64?) throws -> Entry? {
        let statement = try database.statement("""
            SELECT \(Self.entryColumns) FROM checkpoint c JOIN entry e ON e.seq = c.seq WHERE c.seq > ? ORDER BY c.seq DESC LIMIT 1
            """)
        try statement.bind(.integer(seq.map { Int64(bitPattern: $0) } ?? -1))
        return try statement.firstRow { Self.entry(from: $0) }
    }

    package func firstTransfer(occurredFrom from: Timestamp, before: Timestamp) throws -> UInt64? {
        let statement = try database.statement("SELECT min(seq) FROM transfer WHERE occurred_at >= ? AND occurred_at < ?")
        try statement.bind(.integer(from.microseconds), .integer(before.microseconds))
        return try statement.firstRow { $0.isNull(0) ? nil : UInt64(bitPattern: $0.int64(0)) } ?? nil
    }
}
