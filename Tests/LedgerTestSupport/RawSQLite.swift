import CSQLite

/// A bare SQLite connection that bypasses the library, for tampering with ledger files the way an
/// attacker with file access would.
public final class RawSQLite {
    public enum Value: Equatable, CustomStringConvertible {
        case null
        case integer(Int64)
        case text(String)
        case blob([UInt8])

        public var description: String {
            switch self {
            case .null: "NULL"
            case .integer(let value): String(value)
            case .text(let text): "'\(text)'"
            case .blob(let bytes): "x'\(bytes.map { String($0, radix: 16) }.joined())'"
            }
        }

        public var text: String? { if case .text(let text) = self { text } else { nil } }
        public var integer: Int64? { if case .integer(let value) = self { value } else { nil } }
        public var blob: [UInt8]? { if case .blob(let bytes) = self { bytes } else { nil } }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let code: Int32
        public let message: String
        public var description: String { "SQLite \(code): \(message)" }
    }

    private let handle: OpaquePointer

    /// Opens (and with `create`, creates) the file at `path` read-write.
    public init(_ path: String, create: Bool = false) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0)
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            sqlite3_close_v2(handle)
            throw Failure(code: code, message: "cannot open \(path)")
        }
        self.handle = handle
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs SQL that takes no parameters.
    public func execute(_ sql: String) throws {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw Failure(code: code, message: String(cString: sqlite3_errmsg(handle))) }
    }

    /// Runs one statement with bound `values` and returns its rows.
    @discardableResult
    public func rows(_ sql: String, _ values: Value...) throws -> [[Value]] {
        try rows(sql, bindings: values)
    }

    /// Runs one statement with bound `values` and returns its rows.
    public func rows(_ sql: String, bindings values: [Value]) throws -> [[Value]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw Failure(code: sqlite3_errcode(handle), message: String(cString: sqlite3_errmsg(handle)))
        }
        defer { sqlite3_finalize(statement) }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case .null: sqlite3_bind_null(statement, index)
            case .integer(let integer): sqlite3_bind_int64(statement, index, integer)
            case .text(let text): sqlite3_bind_text(statement, index, text, -1, csqlite_transient())
            case .blob(let bytes):
                _ = bytes.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), csqlite_transient()) }
            }
        }
        var result: [[Value]] = []
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return result }
            guard code == SQLITE_ROW else {
                throw Failure(code: code, message: String(cString: sqlite3_errmsg(handle)))
            }
            var row: [Value] = []
            for column in 0..<sqlite3_column_count(statement) {
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: row.append(.integer(sqlite3_column_int64(statement, column)))
                case SQLITE_TEXT: row.append(.text(String(cString: sqlite3_column_text(statement, column))))
                case SQLITE_BLOB:
                    let count = Int(sqlite3_column_bytes(statement, column))
                    let base = sqlite3_column_blob(statement, column)
                    row.append(.blob(base.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []))
                default: row.append(.null)
                }
            }
            result.append(row)
        }
    }

    /// The single value of a one-row, one-column query; `.null` when there is no row.
    public func value(_ sql: String, _ values: Value...) throws -> Value {
        try rows(sql, bindings: values).first?.first ?? .null
    }
}
