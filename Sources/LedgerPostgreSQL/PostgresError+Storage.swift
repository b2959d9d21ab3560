import LedgerStorage

extension PostgresError: StorageErrorConvertible {
    /// The unique constraints whose violation the layers above act on, by the column they guard.
    private static let uniqueColumns = [
        "transfer_idempotency_key_key": "transfer.idempotency_key",
        "reference_data_version_key": "reference_data.version",
        "correction_supersedes_key": "correction.supersedes",
        "entry_pkey": "entry.seq",
    ]

    package var storageError: StorageError {
        let kind: StorageError.Code =
            if code.isTransient { .conflict }
            else if code.isConnectionFailure { .io }
            else if code == .invalidPassword || code == .invalidAuthorization || code == .invalidCatalogName { .cannotOpen }
            else if code == .readOnlySQLTransaction || code == .insufficientPrivilege { .readOnly }
            else if code.isRefusal { .constraint }
            else if code.rawValue == "53100" { .full }
            else if code.rawValue.hasPrefix("XX0") && code != .internalError { .corrupt }
            else { .io }
        let unique = code == .uniqueViolation ? constraint.flatMap { Self.uniqueColumns[$0] } : nil
        return StorageError(kind, "PostgreSQL error \(code): \(message)", uniqueColumn: unique)
    }
}
