import LedgerStorage

/// A failure reported by SQLite: the result code, SQLite's message and the statement that failed.
struct SQLiteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The extended result code (`SQLITE_BUSY` is 5, `SQLITE_CONSTRAINT_TRIGGER` 1811, …).
    let code: Int32
    /// SQLite's own explanation.
    let message: String
    /// The SQL that failed, when there was one.
    let sql: String?

    /// The primary result code, without the extended bits.
    var primaryCode: Int32 { code & 0xFF }

    /// Whether another connection held the lock for longer than the busy timeout.
    var isBusy: Bool { primaryCode == 5 || primaryCode == 6 }


    var description: String {
        "SQLite error \(code): \(message)"
    }
}

extension SQLiteError: StorageErrorConvertible {
    /// The SQLite result codes (https://sqlite.org/rescode.html) the layers above act on.
    private enum ResultCode {
        static let busy: Int32 = 5, locked: Int32 = 6, readOnly: Int32 = 8, ioError: Int32 = 10, corrupt: Int32 = 11
        static let full: Int32 = 13, cannotOpen: Int32 = 14, constraint: Int32 = 19, notADatabase: Int32 = 26
        static let constraintUnique: Int32 = 2067
    }

    var storageError: StorageError {
        let kind: StorageError.Code = switch primaryCode {
        case ResultCode.busy, ResultCode.locked: .busy
        case ResultCode.readOnly: .readOnly
        case ResultCode.corrupt, ResultCode.notADatabase: .corrupt
        case ResultCode.full: .full
        case ResultCode.cannotOpen: .cannotOpen
        case ResultCode.constraint: .constraint
        default: .io
        }
        // SQLite names a repeated unique column as "UNIQUE constraint failed: table.column".
        let prefix = "UNIQUE constraint failed: "
        let unique = code == ResultCode.constraintUnique && message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : nil
        return StorageError(kind, "SQLite error \(code): \(message)", uniqueColumn: unique)
    }
}
