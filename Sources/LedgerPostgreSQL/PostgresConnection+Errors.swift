internal import CLibPQ

extension PostgresConnection {
    /// The error a failed result (or, with nil, the connection itself) reports, redacted.
    func error(_ result: OpaquePointer?, sql: String?) -> PostgresError {
        func field(_ code: UInt8) -> String? {
            guard let result, let value = PQresultErrorField(result, Int32(code)) else { return nil }
            return String(cString: value)
        }
        let state = field(UInt8(ascii: "C"))
        let code: PostgresError.Code = if let state {
            PostgresError.Code(rawValue: state)
        } else if PQstatus(handle) != CONNECTION_OK {
            // libpq's own failures (the server went away) carry no SQLSTATE.
            .connectionFailure
        } else {
            .internalError
        }
        let message = field(UInt8(ascii: "M")) ?? Self.trimmed(PQerrorMessage(handle))
        return PostgresError(code: code, message: message, detail: field(UInt8(ascii: "D")),
                             constraint: field(UInt8(ascii: "n")), sql: sql, secrets: secrets)
    }

    /// The error of a connection attempt that failed. libpq keeps no SQLSTATE for these, so the code
    /// comes from what libpq knows (a password was needed, or used and refused) and, failing that,
    /// the server's message, which is English unless the server's lc_messages says otherwise.
    static func connectionError(_ connection: OpaquePointer, secrets: [String]) -> PostgresError {
        let message = trimmed(PQerrorMessage(connection))
        let code: PostgresError.Code =
            if PQconnectionNeedsPassword(connection) != 0 || message.contains("password authentication failed") {
                .invalidPassword
            } else if message.contains("database") && message.contains("does not exist") {
                .invalidCatalogName
            } else if message.contains("role") && message.contains("does not exist") || message.contains("no pg_hba.conf entry") {
                .invalidAuthorization
            } else {
                .unableToConnect
            }
        return PostgresError(code: code, message: message, secrets: secrets)
    }

    /// libpq's message without its trailing newline, and on one line: a connection failure can list
    /// each address tried on a line of its own.
    static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown libpq failure" }
        let lines = String(cString: message).split(whereSeparator: \.isNewline).map { $0.trimmingPrefix(while: \.isWhitespace) }
        return lines.joined(separator: "; ")
    }
}
