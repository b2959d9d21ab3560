extension LedgerLocation {
    /// Whether opening may, or must, lay out a new ledger.
    enum Creation {
        /// Open an existing ledger only.
        case never
        /// Create the ledger when there is none (`Ledger.openOrCreate`).
        case ifMissing
        /// Create a new ledger; one already there is an error (`ledger init`). On PostgreSQL, grant
        /// the writer and auditor roles their privileges in the same step, checking first that they exist.
        case required(roles: DatabaseRoles?)

        /// Whether a ledger may be laid out where there is none.
        var allowsCreating: Bool {
            if case .never = self { false } else { true }
        }
    }

    /// Opens the storage behind this location.
    func openStorage(readOnly: Bool, creation: Creation) throws(LedgerError) -> any LedgerStorage {
        switch self {
        case .file(let path):
            // `Ledger.create` checks that no file is there before it asks.
            try LedgerStore(path: path, readOnly: readOnly, create: creation.allowsCreating)
        case .postgres(let uri):
            try PostgresStore(uri: uri, readOnly: readOnly, creation: creation)
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
