/// The searchable columns of a transfer, derived from its payload; stored in the `transfer` table at
/// append time and derived again by the verifier to prove the table still matches the chain.
struct TransferRow: Equatable {
    var idempotencyKey: String
    var occurredAt: Int64
    var exporter: String
    var exporterRole: String
    var importer: String
    var importerRole: String
    var destination: String
    var region: String
    var mechanism: String
    var dataCategories: Int64
    var specialCategories: Int64
    var status: String
    /// The rules with findings (table `transfer_rule`), as a set: row order is not meaningful.
    var rules: Set<String>

    init(_ transfer: Transfer, region: Region, verdict: StoredVerdict?) {
        idempotencyKey = transfer.idempotencyKey
        occurredAt = transfer.occurredAt.microseconds
        exporter = transfer.exporter.entity
        exporterRole = transfer.exporter.role.rawValue
        importer = transfer.importer.entity
        importerRole = transfer.importer.role.rawValue
        destination = transfer.destination
        self.region = region.rawValue
        mechanism = transfer.mechanism.rawValue
        dataCategories = Self.bitSet(transfer.dataCategories)
        specialCategories = Self.bitSet(transfer.specialCategories)
        status = (verdict?.status ?? .compliant).rawValue
        rules = Set(verdict?.rules ?? [])
    }

    init(_ statement: Statement, from column: Int32) {
        idempotencyKey = statement.text(column)
        occurredAt = statement.int64(column + 1)
        exporter = statement.text(column + 2)
        exporterRole = statement.text(column + 3)
        importer = statement.text(column + 4)
        importerRole = statement.text(column + 5)
        destination = statement.text(column + 6)
        region = statement.text(column + 7)
        mechanism = statement.text(column + 8)
        dataCategories = statement.int64(column + 9)
        specialCategories = statement.int64(column + 10)
        status = statement.text(column + 11)
        rules = Set(statement.text(column + 12).split(separator: ",").map(String.init))
    }

    /// The columns in the order of `init(_:from:)`, for SELECT lists.
    static let columns = """
        t.idempotency_key, t.occurred_at, t.exporter, t.exporter_role, t.importer, t.importer_role,
        t.destination, t.region, t.mechanism, t.data_categories, t.special_categories, t.status,
        coalesce((SELECT group_concat(r.rule) FROM transfer_rule r WHERE r.seq = t.seq), '')
        """

    static let insertSQL = """
        INSERT INTO transfer (seq, idempotency_key, occurred_at, exporter, exporter_role, importer, importer_role,
                              destination, region, mechanism, data_categories, special_categories, status)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// The statements that store a row, prepared once per batch.
    struct Inserts {
        let transfer: Statement
        let rule: Statement

        init(_ database: Database) throws(SQLiteError) {
            transfer = try database.statement(TransferRow.insertSQL)
            rule = try database.statement("INSERT INTO transfer_rule (seq, rule) VALUES (?, ?)")
        }
    }

    func insert(seq: UInt64, using inserts: Inserts) throws(SQLiteError) {
        try inserts.transfer.run(
            .integer(Int64(seq)), .text(idempotencyKey), .integer(occurredAt), .text(exporter), .text(exporterRole),
            .text(importer), .text(importerRole), .text(destination), .text(region), .text(mechanism),
            .integer(dataCategories), .integer(specialCategories), .text(status))
        for rule in rules.sorted() {
            try inserts.rule.run(.integer(Int64(seq)), .text(rule))
        }
    }

    /// A bit per code, in the code's declaration order: bit n set when the n-th code is listed.
    static func bitSet<Code: LedgerCode>(_ codes: [Code]) -> Int64 {
        // One pass over the cases for the whole list: `allCases` builds a new array on every call.
        var bits: Int64 = 0
        for (index, candidate) in Code.allCases.enumerated() where codes.contains(candidate) { bits |= 1 << Int64(index) }
        return bits
    }

    static func bit<Code: LedgerCode>(for code: Code) -> Int64 {
        var index: Int64 = 0
        for candidate in Code.allCases {
            if candidate == code { break }
            index += 1
        }
        return 1 << index
    }
}
