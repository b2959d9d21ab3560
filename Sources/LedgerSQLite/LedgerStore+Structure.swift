import LedgerStorage

/// What the verifier reads besides the chain: the schema, and the index tables to compare with it.
extension LedgerStore {
    package func schemaProblems() throws -> [String] {
        var problems: [String] = []
        let applicationID = try database.integer("PRAGMA application_id")
        if applicationID != Self.applicationID {
            problems.append("application id is \(applicationID), not \(Self.applicationID)")
        }
        let expected = try Self.expectedSchema()
        let actual = try schemaObjects()
        for object in expected where !actual.contains(object) {
            let present = actual.first { $0.name == object.name }
            problems.append(present == nil ? "\(object.type) \(object.name) is missing" : "\(object.type) \(object.name) has been altered")
        }
        for object in actual where !expected.contains(where: { $0.name == object.name }) {
            problems.append("unexpected \(object.type) \(object.name)")
        }
        return problems
    }

    /// The schema objects a ledger of this version must have: the embedded migrations applied to an
    /// empty in-memory database.
    static func expectedSchema() throws -> [SchemaObject] {
        let scratch = try LedgerStore(path: ":memory:", readOnly: false, create: true)
        return try scratch.schemaObjects()
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

    package func transferRowCounts() throws -> TransferRowCounts {
        // Orphan rules are counted as the difference, so that counts equal to those of a clean scan
        // prove that no row is an orphan.
        let statement = try database.statement("""
            SELECT (SELECT count(*) FROM transfer), (SELECT count(*) FROM transfer_private),
                   (SELECT count(*) FROM transfer_rule) - (SELECT count(*) FROM transfer_rule r JOIN transfer t ON t.seq = r.seq)
            """)
        return try statement.firstRow { TransferRowCounts(transfers: Int($0.int64(0)), privateDocuments: Int($0.int64(1)), rulesWithoutTransfer: Int($0.int64(2))) } ?? TransferRowCounts()
    }

    package func orphanTransferRows() throws -> [UInt64] {
        // A private document may also belong to a correction entry.
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

    package func indexRows(_ index: EntryIndex) throws -> [UInt64] {
        var rows: [UInt64] = []
        try database.statement("SELECT seq FROM \(index.table) ORDER BY seq").forEachRow { rows.append(UInt64(bitPattern: $0.int64(0))) }
        return rows
    }

    package func correctionRows() throws -> [UInt64: CorrectionRow] {
        try rows("SELECT seq, supersedes, status FROM correction") { CorrectionRow(supersedes: UInt64(bitPattern: $0.int64(1)), status: $0.text(2)) }
    }

    package func govAccessRows() throws -> [UInt64: GovAccessRow] {
        try rows("SELECT seq, request_id, received_at, country, status FROM gov_access_request") {
            GovAccessRow(requestId: $0.text(1), receivedAt: $0.int64(2), country: $0.text(3), status: $0.text(4))
        }
    }

    package func referenceDataRows() throws -> [UInt64: ReferenceDataRow] {
        try rows("SELECT seq, version, effective_from FROM reference_data") { ReferenceDataRow(version: $0.text(1), effectiveFrom: $0.text(2)) }
    }

    /// Every row of an index table by sequence number (these kinds are rare, so the rows fit in memory).
    private func rows<Row>(_ sql: String, _ read: (Statement) -> Row) throws -> [UInt64: Row] {
        var rows: [UInt64: Row] = [:]
        try database.statement(sql).forEachRow { rows[UInt64(bitPattern: $0.int64(0))] = read($0) }
        return rows
    }
}

/// One row of `sqlite_schema`: a table, index or trigger and its defining SQL.
struct SchemaObject: Equatable {
    let type: String
    let name: String
    let sql: String
}
