import LedgerStorage

/// Running transfer queries.
extension LedgerStore {
    package func forEachTransfer(matching query: TransferQuery, _ body: (StoredTransferRecord) throws -> Void) throws {
        let (sql, parameters) = query.sql(placeholder: { _ in "?" })
        // Prepared once per distinct filter combination and kept in the connection's statement cache.
        let statement = try database.statement(sql)
        for (offset, parameter) in parameters.enumerated() {
            let value: SQLValue = switch parameter {
            case .integer(let number): .integer(number)
            case .text(let text): .text(text)
            }
            try statement.bind(at: Int32(offset + 1), value)
        }
        // Handed over where SQLite holds the bytes: nothing is copied but what the caller keeps.
        try statement.forEachRow { row in
            try body(StoredTransferRecord(seq: UInt64(bitPattern: row.int64(0)), recordedAt: row.textBytes(1), hash: row.blobBytes(2),
                                          payload: row.blobBytes(3), document: row.blobBytes(4),
                                          erasure: row.isNull(6) ? nil : UInt64(bitPattern: row.int64(6))))
        }
    }
}
