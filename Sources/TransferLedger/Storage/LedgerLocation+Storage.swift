import LedgerPostgreSQL
import LedgerSQLite
import LedgerStorage

extension LedgerLocation {
    /// Opens the storage behind this location.
    func openStorage(readOnly: Bool, creation: StorageCreation) throws(LedgerError) -> any LedgerStorage {
        do throws(StorageOpeningError) {
            switch self {
            case .file(let path):
                // `Ledger.create` checks that no file is there before it asks.
                return try LedgerStore(path: path, readOnly: readOnly, create: creation.allowsCreating)
            case .postgres(let uri):
                return try PostgresStore(uri: uri, readOnly: readOnly, creation: creation)
            }
        } catch {
            throw LedgerError(error)
        }
    }
}

extension LedgerError {
    /// The error of the same name as the backend's.
    init(_ error: StorageOpeningError) {
        self = switch error {
        case .cannotOpen(let path, let reason): .cannotOpen(path: path, reason: reason)
        case .notALedger(let path, let reason): .notALedger(path: path, reason: reason)
        case .newerFormat(let path, let version, let supported): .newerFormat(path: path, version: version, supported: supported)
        case .olderFormat(let path, let version, let current): .olderFormat(path: path, version: version, current: current)
        case .alreadyExists(let path): .alreadyExists(path: path)
        case .invalidRequest(let reason): .invalidRequest(reason)
        case .storage(let error): .storage(error)
        }
    }
}
