import LedgerFormat
import LedgerStorage

/// What the verifier reads besides the chain, from PostgreSQL: the schema, and the index tables.
extension PostgresStore {
    package func schemaProblems() throws -> [String] {
        var problems: [String] = []
        switch try PostgresSchema.state(of: connection) {
        case .ledger(let version) where version == PostgresSchema.version: break
        case .ledger(let version): problems.append("schema version is \(version), not \(PostgresSchema.version)")
        case .empty, .notALedger: problems.append("the ledger identity (ledger_schema) is missing or altered")
        }
        let expected = PostgresSchemaObjects.expected
        var actual: [String: PostgresSchemaObjects.Object] = [:]
        try each(PostgresSchemaObjects.catalogSQL) { row in
            let object = PostgresSchemaObjects.Object(type: row.text(0), name: row.text(1), definition: row.text(2))
            actual[object.type + " " + object.name] = object
        }
        for object in expected {
            guard let present = actual[object.type + " " + object.name] else {
                problems.append("\(object.type) \(object.name) is missing")
                continue
            }
            if present.definition != object.definition {
                problems.append("\(object.type) \(object.name) has been altered")
            }
        }
        for (key, object) in actual.sorted(by: { $0.key < $1.key }) where !expected.contains(where: { $0.type + " " + $0.name == key }) {
            problems.append("unexpected \(object.type) \(object.name)")
        }
        return problems
    }

    package func transferRowCounts() throws -> TransferRowCounts {
        try connection.statement("""
            SELECT (SELECT count(*) FROM transfer), (SELECT count(*) FROM transfer_private),
                   (SELECT count(*) FROM transfer_rule) - (SELECT count(*) FROM transfer_rule r JOIN transfer t ON t.seq = r.seq)
            """).firstRow { TransferRowCounts(transfers: Int($0.int64(0)), privateDocuments: Int($0.int64(1)), rulesWithoutTransfer: Int($0.int64(2))) }
            ?? TransferRowCounts()
    }

    package func orphanTransferRows() throws -> [UInt64] {
        var orphans: [UInt64] = []
        try each("""
            SELECT DISTINCT t.seq FROM (SELECT seq, false AS private FROM transfer UNION SELECT seq, true FROM transfer_private
                                        UNION SELECT seq, false FROM transfer_rule) t
            LEFT JOIN entry e ON e.seq = t.seq
            WHERE e.seq IS NULL OR NOT (e.kind = 'transfer' OR (t.private AND e.kind = 'correction')) ORDER BY t.seq
            """) { orphans.append(UInt64(bitPattern: $0.int64(0))) }
        return orphans
    }

    package func indexRows(_ index: EntryIndex) throws -> [UInt64] {
        var rows: [UInt64] = []
        try each("SELECT seq FROM \(index.table) ORDER BY seq") { rows.append(UInt64(bitPattern: $0.int64(0))) }
        return rows
    }

    package func correctionRows() throws -> [UInt64: CorrectionRow] {
        var rows: [UInt64: CorrectionRow] = [:]
        try each("SELECT seq, supersedes, status FROM correction") {
            rows[UInt64(bitPattern: $0.int64(0))] = CorrectionRow(supersedes: UInt64(bitPattern: $0.int64(1)), status: $0.text(2))
        }
        return rows
    }

    package func govAccessRows() throws -> [UInt64: GovAccessRow] {
        var rows: [UInt64: GovAccessRow] = [:]
        try each("SELECT seq, request_id, received_at, country, status FROM gov_access_request") {
            rows[UInt64(bitPattern: $0.int64(0))] = GovAccessRow(requestId: $0.text(1), receivedAt: $0.int64(2), country: $0.text(3), status: $0.text(4))
        }
        return rows
    }

    package func referenceDataRows() throws -> [UInt64: ReferenceDataRow] {
        var rows: [UInt64: ReferenceDataRow] = [:]
        try each("SELECT seq, version, effective_from FROM reference_data") {
            rows[UInt64(bitPattern: $0.int64(0))] = ReferenceDataRow(version: $0.text(1), effectiveFrom: $0.text(2))
        }
        return rows
    }

    package func storedNode(_ id: NodeID) throws -> [UInt8]? {
        if id.level == 0 {
            return try connection.statement("SELECT hash FROM entry WHERE seq = $1").firstRow(.integer(Int64(bitPattern: id.index))) { $0.bytes(0) }
        }
        return try connection.statement("SELECT hash FROM node WHERE level = $1 AND idx = $2")
            .firstRow(.integer(Int64(id.level)), .integer(Int64(bitPattern: id.index))) { $0.bytes(0) }
    }

    package func storedNodes(_ ids: [NodeID]) throws -> [[UInt8]?] {
        // One round trip for a tree's peaks (up to 63), instead of one per node. Each node is looked
        // up by its key: a join the planner could flatten would hash the whole node table, and did,
        // on every contended append, at a cost that grew with the ledger (the LIMIT keeps the
        // lateral subquery a parameterised index scan).
        var found: [String: [UInt8]] = [:]
        try each("""
            SELECT 0::bigint, e.seq, e.hash FROM entry e WHERE e.seq = ANY($1::bigint[])
            UNION ALL
            SELECT w.level, w.idx, n.hash FROM unnest($2::bigint[], $3::bigint[]) AS w (level, idx)
            CROSS JOIN LATERAL (SELECT hash FROM node WHERE level = w.level AND idx = w.idx LIMIT 1) AS n
            """,
            .text(Self.array(ids.filter { $0.level == 0 }.map(\.index))),
            .text(Self.array(ids.filter { $0.level > 0 }.map { UInt64($0.level) })),
            .text(Self.array(ids.filter { $0.level > 0 }.map(\.index)))) { row in
            found["\(row.int64(0))/\(row.int64(1))"] = row.bytes(2)
        }
        return ids.map { found["\($0.level)/\($0.index)"] }
    }

    /// A PostgreSQL array literal of integers, bound as text and cast by the statement.
    private static func array(_ values: [UInt64]) -> String {
        "{" + values.map { String(Int64(bitPattern: $0)) }.joined(separator: ",") + "}"
    }

    package func nodes(level: Int) throws -> any StoredNodeCursor {
        NodePages(store: self, level: level)
    }

    package func nodes(aboveLevel level: Int) throws -> [NodeID] {
        var ids: [NodeID] = []
        try each("SELECT level, idx FROM node WHERE level > $1 ORDER BY level, idx", .integer(Int64(level))) { row in
            let level = row.int64(0)
            guard (1...63).contains(level) else { return }
            ids.append(NodeID(level: Int(level), index: UInt64(bitPattern: row.int64(1))))
        }
        return ids
    }
}

/// One level's stored nodes in index order, read a page at a time so that several levels' cursors
/// and other statements can interleave on one connection.
private struct NodePages: StoredNodeCursor {
    let store: PostgresStore
    let level: Int
    private var page: [StoredNode] = []
    private var position = 0
    private var after: Int64 = -1
    private var exhausted = false

    init(store: PostgresStore, level: Int) {
        self.store = store
        self.level = level
    }

    mutating func next() throws -> StoredNode? {
        if position == page.count {
            guard !exhausted else { return nil }
            page.removeAll(keepingCapacity: true)
            position = 0
            try store.each("SELECT idx, hash FROM node WHERE level = $1 AND idx > $2 ORDER BY idx LIMIT $3",
                           .integer(Int64(level)), .integer(after), .integer(PostgresStore.pageSize)) { row in
                page.append(StoredNode(index: UInt64(bitPattern: row.int64(0)), hash: Digest(uncheckedBytes: row.bytes(1))))
            }
            exhausted = Int64(page.count) < PostgresStore.pageSize
            guard let last = page.last else { return nil }
            after = Int64(bitPattern: last.index)
        }
        defer { position += 1 }
        return page[position]
    }
}
