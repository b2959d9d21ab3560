/// Whether opening may, or must, lay out a new ledger.
package enum StorageCreation: Sendable {
    /// Open an existing ledger only.
    case never
    /// Create the ledger when there is none (`Ledger.openOrCreate`, the target of `ledger copy`). On
    /// PostgreSQL, grant `roles` their privileges on the ledger, new or already there, as `required` does.
    case ifMissing(roles: DatabaseRoles?)
    /// Create a new ledger; one already there is an error (`ledger init`). On PostgreSQL, grant the
    /// writer and auditor roles their privileges in the same step, checking first that they exist.
    case required(roles: DatabaseRoles?)

    /// Whether a ledger may be laid out where there is none.
    package var allowsCreating: Bool {
        if case .never = self { false } else { true }
    }

    /// The roles to grant privileges to; nil when there are none (always for `never`).
    package var roles: DatabaseRoles? {
        switch self {
        case .never: nil
        case .ifMissing(let roles), .required(let roles): roles
        }
    }
}

/// A PostgreSQL ledger's roles (FORMAT.md §6.1): services log in as members of `writer`, which may
/// only read and append; auditors as members of `auditor`, which may only read.
public struct DatabaseRoles: Sendable, Equatable {
    /// The role that may read and append.
    public var writer: String
    /// The role that may only read.
    public var auditor: String

    /// Roles with these names, which must exist in the cluster.
    public init(writer: String, auditor: String) {
        self.writer = writer
        self.auditor = auditor
    }
}

/// Why a backend could not open a ledger. `path` is the file, or the URI without its password; the
/// façade turns each case into the `LedgerError` of the same name.
package enum StorageOpeningError: Error, Equatable {
    /// The file or database does not exist, or cannot be reached.
    case cannotOpen(path: String, reason: String)
    /// What is there is not a ledger.
    case notALedger(path: String, reason: String)
    /// The ledger was written by a newer build.
    case newerFormat(path: String, version: Int64, supported: Int64)
    /// The ledger has an older format and was opened read-only, so it could not be migrated.
    case olderFormat(path: String, version: Int64, current: Int64)
    /// A ledger was to be created where one already exists.
    case alreadyExists(path: String)
    /// The request cannot be met as asked, such as a role that does not exist.
    case invalidRequest(String)
    /// The database failed underneath while the ledger was opened.
    case storage(StorageError)
}
