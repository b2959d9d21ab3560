import CLibPQ

extension PostgresAdminConnection {
    /// Runs one statement with `values` bound ($1, $2, …; blobs as `bytea`) and returns its rows typed
    /// as RawSQLite's are: integers, text, blobs, NULL. Lets one tamper script serve both backends.
    func typedRows(_ sql: String, bindings values: [RawSQLite.Value]) throws -> [[RawSQLite.Value]] {
        let texts: [String?] = values.map { value in
            switch value {
            case .null: nil
            case .integer(let integer): String(integer)
            case .text(let text): text
            case .blob(let bytes): "\\x" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            }
        }
        return try withResult(sql, texts) { result in
            (0..<PQntuples(result)).map { row in
                (0..<PQnfields(result)).map { column -> RawSQLite.Value in
                    guard PQgetisnull(result, row, column) == 0 else { return .null }
                    let text = String(cString: PQgetvalue(result, row, column))
                    switch PQftype(result, column) {
                    case 20, 21, 23: return .integer(Int64(text) ?? 0)
                    case 17: return .blob(Self.bytes(hex: text.dropFirst(2)))
                    default: return .text(text)
                    }
                }
            }
        }
    }

    private static func bytes(hex: Substring) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let end = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            bytes.append(UInt8(hex[index..<end], radix: 16) ?? 0)
            index = end
        }
        return bytes
    }
}
