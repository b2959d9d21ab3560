/// A failure reported by SQLite: the result code, SQLite's message and the statement that failed.
public struct SQLiteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The extended result code (`SQLITE_BUSY` is 5, `SQLITE_CONSTRAINT_TRIGGER` 1811, …).
    public let code: Int32
    /// SQLite's own explanation.
    public let message: String
    /// The SQL that failed, when there was one.
    public let sql: String?

    /// The primary result code, without the extended bits.
    public var primaryCode: Int32 { code & 0xFF }

    /// Whether another connection held the lock for longer than the busy timeout.
    public var isBusy: Bool { primaryCode == 5 || primaryCode == 6 }

    /// Whether a transfer's idempotency key is already in the file (the unique index refused it).
    var isRepeatedIdempotencyKey: Bool {
        code == 2067 && message.hasSuffix("transfer.idempotency_key")
    }

    public var description: String {
        "SQLite error \(code): \(message)"
    }
}
