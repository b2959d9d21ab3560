/// Reading entries back, one at a time or streamed in chain order.
extension LedgerStore {
    static let entryColumns = "e.seq, e.kind, e.recorded_at, e.prev_hash, e.hash, e.payload"

    /// Reads the entry columns starting at `column`; blobs of the wrong length become a digest the
    /// verifier reports, never a crash.
    static func entry(from statement: Statement, column: Int32 = 0) -> Entry {
        Entry(
            seq: UInt64(bitPattern: statement.int64(column)),
            kind: EntryKind(rawValue: statement.text(column + 1)),
            recordedAt: statement.text(column + 2),
            previousHash: Digest(uncheckedBytes: statement.bytes(column + 3)),
            hash: Digest(uncheckedBytes: statement.bytes(column + 4)),
            payload: statement.bytes(column + 5))
    }

    /// The entry at `seq`, or nil.
    func entry(at seq: UInt64) throws(SQLiteError) -> Entry? {
        let statement = try database.statement("SELECT \(Self.entryColumns) FROM entry e WHERE e.seq = ?")
        try statement.bind(.integer(Int64(bitPattern: seq)))
        return try statement.firstRow { Self.entry(from: $0) }
    }

    /// The number of entries.
    func entryCount() throws(SQLiteError) -> UInt64 {
        UInt64(try database.integer("SELECT count(*) FROM entry"))
    }

    /// The size of the Merkle tree: the next sequence number, from the primary key in O(log n) (a
    /// count would read every row; the append trigger keeps the two equal).
    func treeSize() throws(SQLiteError) -> UInt64 {
        UInt64(try database.integer("SELECT coalesce(max(seq) + 1, 0) FROM entry"))
    }

    /// Calls `body` with every entry in chain order, with its stored transfer row and private document
    /// when it has them.
    ///
    /// Streams from one statement, so memory stays flat however long the ledger is.
    func forEachEntry(_ body: (Entry, TransferRow?, [UInt8]?) throws -> Void) throws {
        try forEachEntryRow { row in
            try body(Self.entry(from: row),
                     row.int64(6) != 0 ? TransferRow(row, from: 9) : nil,
                     row.int64(7) != 0 ? row.bytes(8) : nil)
        }
    }

    /// Every entry with its transfer row and private document, in chain order: the verifier's read.
    static let entriesWithRowsSQL = """
        SELECT \(entryColumns), t.seq IS NOT NULL, p.seq IS NOT NULL, p.document, \(TransferRow.columns)
        FROM entry e LEFT JOIN transfer t ON t.seq = e.seq LEFT JOIN transfer_private p ON p.seq = e.seq
        ORDER BY e.seq
        """

    /// Calls `body` with the statement on each row of `entriesWithRowsSQL` (columns: the entry's six,
    /// then whether a transfer row and a private document exist, the document, and the transfer row's
    /// `TransferRow.columns`), for readers that copy the columns themselves.
    func forEachEntryRow(_ body: (Statement) throws -> Void) throws {
        try database.statement(Self.entriesWithRowsSQL).forEachRow(body)
    }

    /// How many rows `transfer` and `transfer_private` hold, and how many `transfer_rule` rows belong to
    /// no transfer row (counted as the difference, so that counts equal to those of a clean scan
    /// prove that no row is an orphan).
    func transferRowCounts() throws -> TransferRowCounts {
        let statement = try database.statement("""
            SELECT (SELECT count(*) FROM transfer), (SELECT count(*) FROM transfer_private),
                   (SELECT count(*) FROM transfer_rule) - (SELECT count(*) FROM transfer_rule r JOIN transfer t ON t.seq = r.seq)
            """)
        return try statement.firstRow { TransferRowCounts(transfers: Int($0.int64(0)), privateDocuments: Int($0.int64(1)), rulesWithoutTransfer: Int($0.int64(2))) } ?? TransferRowCounts()
    }

    /// Transfer and private-document rows whose sequence number has no transfer entry (a private
    /// document may also belong to a correction entry).
    func orphanTransferRows() throws -> [UInt64] {
        let statement = try database.statement("""
            SELECT DISTINCT t.seq FROM (SELECT seq, 0 AS private FROM transfer UNION SELECT seq, 1 FROM transfer_private
                                        UNION SELECT seq, 0 FROM transfer_rule) t
            LEFT JOIN entry e ON e.seq = t.seq
            WHERE e.seq IS NULL OR NOT (e.kind = 'transfer' OR (t.private AND e.kind = 'correction')) ORDER BY t.seq
            """)
        var orphans: [UInt64] = []
        try statement.forEachRow { orphans.append(UInt64(bitPattern: $0.int64(0))) }
        return orphans
    }

    /// Every schema object (type, name, SQL) in the file, sorted by name.
    func schemaObjects() throws -> [SchemaObject] {
        let statement = try database.statement("""
            SELECT type, name, coalesce(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name
            """)
        var objects: [SchemaObject] = []
        try statement.forEachRow { objects.append(SchemaObject(type: $0.text(0), name: $0.text(1), sql: $0.text(2))) }
        return objects
    }

    /// The `application_id` stored in the file.
    func storedApplicationID() throws(SQLiteError) -> Int64 {
        try database.integer("PRAGMA application_id")
    }
}

/// One row of `sqlite_schema`: a table, index or trigger and its defining SQL.
struct SchemaObject: Equatable {
    let type: String
    let name: String
    let sql: String
}

/// Row counts of the transfer projection tables (`LedgerStore.transferRowCounts()`).
struct TransferRowCounts: Equatable {
    var transfers = 0
    var privateDocuments = 0
    var rulesWithoutTransfer = 0
}
