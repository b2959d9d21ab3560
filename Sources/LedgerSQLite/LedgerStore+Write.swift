import LedgerFormat
import LedgerStorage

/// Appends: one `BEGIN IMMEDIATE` transaction per batch, with the statements that insert prepared
/// once per transaction.
extension LedgerStore {
    package func write<T>(_ body: (ChainTip?) throws -> T) throws -> T {
        // IMMEDIATE takes the write lock before the tip is read, so concurrent writers in other
        // processes queue on it and each extends the chain it actually saw.
        try database.transaction("IMMEDIATE") {
            let tip = try tip()
            inserts = try Inserts(database)
            defer { inserts = nil }
            return try body(tip)
        }
    }

    package func insert(_ entry: StoredEntry, rows: EntryRows, nodes: [MerkleNode]) throws {
        guard let inserts else { throw StorageError(.io, "an entry was inserted outside a write transaction") }
        let seq = Int64(bitPattern: entry.seq)
        // The payload column is declared TEXT (STRICT would refuse a blob): the canonical bytes are
        // bound as text, unchanged.
        try inserts.entry.run(.integer(seq), .text(entry.kind.rawValue), .text(entry.recordedAt),
                              .blob(entry.previousHash.bytes), .blob(entry.hash.bytes), .utf8(entry.payload), .integer(Int64(entry.format)))
        for node in nodes where node.id.level > 0 {
            try inserts.node.run(.integer(Int64(node.id.level)), .integer(Int64(bitPattern: node.id.index)), .blob(node.hash.bytes))
        }
        switch rows {
        case .transfer(let row, let document, let links):
            try inserts.transfer.run(
                .integer(seq), .text(row.idempotencyKey), .integer(row.occurredAt), .text(row.exporter), .text(row.exporterRole),
                .text(row.importer), .text(row.importerRole), .text(row.destination), .text(row.region), .text(row.mechanism),
                .integer(row.dataCategories), .integer(row.specialCategories), .text(row.status))
            for rule in row.rules.sorted() {
                try inserts.rule.run(.integer(seq), .text(rule))
            }
            if let document { try inserts.privateDocument.run(.integer(seq), .utf8(document)) }
            for link in links {
                try database.statement("INSERT INTO subject_link (token, seq, salt) VALUES (?, ?, ?)").run(
                    .blob(link.token.digest.bytes), .integer(seq), .blob(link.salt))
            }
        case .correction(let row, let document):
            if let document { try inserts.privateDocument.run(.integer(seq), .utf8(document)) }
            try database.statement("INSERT INTO correction (seq, supersedes, status) VALUES (?, ?, ?)").run(
                .integer(seq), .integer(Int64(bitPattern: row.supersedes)), .text(row.status))
        case .govAccessRequest(let row):
            try database.statement("INSERT INTO gov_access_request (seq, request_id, received_at, country, status) VALUES (?, ?, ?, ?, ?)").run(
                .integer(seq), .text(row.requestId), .integer(row.receivedAt), .text(row.country), .text(row.status))
        case .referenceData(let row):
            try database.statement("INSERT INTO reference_data (seq, version, effective_from) VALUES (?, ?, ?)").run(
                .integer(seq), .text(row.version), .text(row.effectiveFrom))
        case .registryFact:
            try database.statement("INSERT INTO registry_fact (seq) VALUES (?)").run(.integer(seq))
        case .checkpoint:
            try database.statement("INSERT INTO checkpoint (seq) VALUES (?)").run(.integer(seq))
        case .erasure(let items):
            try insertErasure(items, erasure: seq)
        case .none:
            break
        }
    }

    /// The statements every transfer append runs, prepared once per transaction: the statement
    /// cache's look-up hashes the SQL text, which cost as much as running the shorter ones.
    struct Inserts {
        package let entry: Statement
        let node: Statement
        let transfer: Statement
        let rule: Statement
        let privateDocument: Statement

        init(_ database: Database) throws(SQLiteError) {
            entry = try database.statement("INSERT INTO entry (seq, kind, recorded_at, prev_hash, hash, payload, format) VALUES (?, ?, ?, ?, ?, ?, ?)")
            node = try database.statement(LedgerStore.insertNodeSQL)
            transfer = try database.statement("""
                INSERT INTO transfer (seq, idempotency_key, occurred_at, exporter, exporter_role, importer, importer_role,
                                      destination, region, mechanism, data_categories, special_categories, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            rule = try database.statement("INSERT INTO transfer_rule (seq, rule) VALUES (?, ?)")
            privateDocument = try database.statement("INSERT INTO transfer_private (seq, document) VALUES (?, ?)")
        }
    }
}
