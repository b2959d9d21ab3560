extension LedgerLocation {
    /// Opens the storage behind this location; `create` lays out an empty ledger where there is none.
    func openStorage(readOnly: Bool, create: Bool) throws(LedgerError) -> any LedgerStorage {
        switch self {
        case .file(let path):
            try LedgerStore(path: path, readOnly: readOnly, create: create)
        case .postgres:
            throw .cannotOpen(path: description, reason: "this build has no PostgreSQL backend yet")
        }
    }
}
