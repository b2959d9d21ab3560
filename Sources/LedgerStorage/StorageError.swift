/// A failure of the database underneath a ledger, the same whichever backend stores it: what kind of
/// failure it is, so callers can act on it, and the backend's own explanation.
public struct StorageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of failure it is.
    public enum Code: String, Sendable {
        /// Another writer held the ledger for longer than the busy timeout.
        case busy
        /// A write collided with a concurrent one and was rolled back; doing it again may succeed.
        case conflict
        /// Stored data or the database file is damaged.
        case corrupt
        /// The disk or the database is full.
        case full
        /// The database cannot be opened or reached (missing file, refused connection, failed login).
        case cannotOpen
        /// The database, the file or the connection does not allow writing.
        case readOnly
        /// The database refused a write that would break the ledger's rules (a trigger or constraint):
        /// the append-only chain, a unique key.
        case constraint
        /// Any other failure: reading or writing failed underneath.
        case io
    }

    /// What kind of failure it is.
    public let code: Code
    /// The backend's own explanation, never containing a password.
    public let message: String
    /// For `constraint`, the unique column the write repeated, as `table.column`, when the backend
    /// names it: `transfer.idempotency_key` tells an append that a key is already recorded.
    public let uniqueColumn: String?

    /// A failure of kind `code`.
    package init(_ code: Code, _ message: String, uniqueColumn: String? = nil) {
        self.code = code
        self.message = message
        self.uniqueColumn = uniqueColumn
    }

    /// The message, saying what a busy, corrupt, full or read-only database means.
    public var description: String {
        switch code {
        case .busy: "the ledger stayed locked by another writer for longer than the busy timeout: \(message)"
        case .corrupt: "the database is damaged: \(message)"
        case .full: "the disk or database is full: \(message)"
        case .readOnly: "the database cannot be written: \(message)"
        default: "database error: \(message)"
        }
    }
}
