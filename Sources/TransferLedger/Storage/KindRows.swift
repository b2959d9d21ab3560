/// The index rows of the entry kinds `correction`, `govAccessRequest` and `referenceData` (migration
/// 003): derived from the payload at append time, and derived again and compared by the verifier.
struct CorrectionRow: Equatable {
    var supersedes: UInt64
    var status: String

    init(_ payload: CorrectionPayload) {
        supersedes = payload.supersedes
        status = (payload.transfer.verdict?.status ?? .compliant).rawValue
    }

    init(_ row: Statement) {
        supersedes = UInt64(bitPattern: row.int64(1))
        status = row.text(2)
    }

    func insert(seq: UInt64, into database: Database) throws(SQLiteError) {
        try database.statement("INSERT INTO correction (seq, supersedes, status) VALUES (?, ?, ?)").run(
            .integer(Int64(seq)), .integer(Int64(bitPattern: supersedes)), .text(status))
    }

    static let selectAll = "SELECT seq, supersedes, status FROM correction"
}

/// The index row of a government access request.
struct GovAccessRow: Equatable {
    var requestId: String
    var receivedAt: Int64
    var country: String
    var status: String

    init(_ payload: GovAccessPayload) {
        requestId = payload.request.requestId
        receivedAt = payload.request.receivedAt.microseconds
        country = payload.request.country
        status = (payload.verdict?.status ?? .compliant).rawValue
    }

    init(_ row: Statement) {
        requestId = row.text(1)
        receivedAt = row.int64(2)
        country = row.text(3)
        status = row.text(4)
    }

    func insert(seq: UInt64, into database: Database) throws(SQLiteError) {
        try database.statement("INSERT INTO gov_access_request (seq, request_id, received_at, country, status) VALUES (?, ?, ?, ?, ?)").run(
            .integer(Int64(seq)), .text(requestId), .integer(receivedAt), .text(country), .text(status))
    }

    static let selectAll = "SELECT seq, request_id, received_at, country, status FROM gov_access_request"
}

/// The index row of an adopted region table.
struct ReferenceDataRow: Equatable {
    var version: String
    var effectiveFrom: String

    init(_ payload: ReferenceDataPayload) {
        version = payload.referenceData.versionHex
        effectiveFrom = payload.effectiveFrom.description
    }

    init(_ row: Statement) {
        version = row.text(1)
        effectiveFrom = row.text(2)
    }

    func insert(seq: UInt64, into database: Database) throws(SQLiteError) {
        try database.statement("INSERT INTO reference_data (seq, version, effective_from) VALUES (?, ?, ?)").run(
            .integer(Int64(seq)), .text(version), .text(effectiveFrom))
    }

    static let selectAll = "SELECT seq, version, effective_from FROM reference_data"
}

extension LedgerStore {
    /// Every row of an index table by sequence number, for the verifier (these kinds are rare, so the
    /// rows fit in memory).
    func kindRows<Row>(_ sql: String, _ read: (Statement) -> Row) throws -> [UInt64: Row] {
        var rows: [UInt64: Row] = [:]
        try database.statement(sql).forEachRow { rows[UInt64(bitPattern: $0.int64(0))] = read($0) }
        return rows
    }
}
