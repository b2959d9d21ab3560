extension LedgerLocation {
    /// Whether opening may, or must, lay out a new ledger.
    enum Creation {
        /// Open an existing ledger only.
        case never
        /// Create the ledger when there is none (`Ledger.openOrCreate`).
        case ifMissing
        /// Create a new ledger; one already there is an error (`ledger init`).
        case required
    }

    /// Opens the storage behind this location.
    func openStorage(readOnly: Bool, creation: Creation) throws(LedgerError) -> any LedgerStorage {
        switch self {
        case .file(let path):
            // `Ledger.create` checks that no file is there before it asks.
            try LedgerStore(path: path, readOnly: readOnly, create: creation != .never)
        case .postgres(let uri):
            try PostgresStore(uri: uri, readOnly: readOnly, creation: creation)
        }
    }
}
