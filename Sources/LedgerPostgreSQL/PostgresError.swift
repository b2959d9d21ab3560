/// A failure reported by PostgreSQL or libpq: the SQLSTATE, the server's message and the statement
/// that failed, with any password removed from every text it carries.
package struct PostgresError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The SQLSTATE (`23505`, `40001`, …); for failures libpq detects itself, the closest class
    /// (`08006` when the connection is lost, `08001` when it cannot be made).
    let code: Code
    /// The primary message, redacted (`PostgresRedaction`).
    let message: String
    /// The server's detail line, redacted, when it sent one.
    let detail: String?
    /// The constraint a violation names (`transfer_idempotency_key_key`, …), when the server sent one.
    let constraint: String?
    /// The SQL that failed, when there was one; always one of the library's own statements.
    let sql: String?

    /// Builds an error whose texts are redacted with `secrets` as well as the generic patterns.
    init(code: Code, message: String, detail: String? = nil, constraint: String? = nil, sql: String? = nil, secrets: [String] = []) {
        self.code = code
        self.message = PostgresRedaction.redact(message, secrets: secrets)
        self.detail = detail.map { PostgresRedaction.redact($0, secrets: secrets) }
        self.constraint = constraint
        self.sql = sql.map { PostgresRedaction.redact($0, secrets: secrets) }
    }

    package var description: String {
        "PostgreSQL error \(code): \(message)" + (detail.map { " (\($0))" } ?? "")
    }
}

extension PostgresError {
    /// Whether the entry trigger refused an entry for its sequence number or previous hash
    /// (Schema/postgres/001-ledger.sql): the tip the writer assumed had moved.
    var isRefusedLink: Bool {
        code.rawValue == "P0001" && message.hasPrefix("ledger entries are appended in sequence")
    }
}
