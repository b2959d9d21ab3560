import LedgerPostgreSQL

/// Where a ledger lives: one SQLite file (the embedded default), or a PostgreSQL database that
/// services on many hosts append to as one chain.
public enum LedgerLocation: Sendable, Equatable, CustomStringConvertible {
    /// An SQLite file at this path.
    case file(String)
    /// A PostgreSQL database, as a libpq connection URI (`postgresql://user@host/db?sslmode=verify-full`).
    /// Credentials follow libpq's conventions (`PGPASSWORD`, `~/.pgpass`, `PGSERVICE`).
    case postgres(String)

    /// The location a `--db` argument or `LEDGER_DB` names: a `postgresql://` or `postgres://` URI is a
    /// PostgreSQL database, anything else a file path.
    public init(_ text: String) {
        let lowered = text.lowercased()
        self = lowered.hasPrefix("postgresql://") || lowered.hasPrefix("postgres://") ? .postgres(text) : .file(text)
    }

    /// The path, or the URI without its password: safe for messages and logs.
    public var description: String {
        switch self {
        case .file(let path): path
        case .postgres(let uri): PostgresRedaction.redactedConnectionString(uri)
        }
    }
}
