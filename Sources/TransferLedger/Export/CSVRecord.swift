/// RFC 4180 CSV records: the one writer behind report bundles' `transfers.csv` and `ledger query
/// --format csv`.
package enum CSVRecord {
    /// One record ending in CRLF; a field holding a comma, quote, CR or LF is quoted, quotes inside it
    /// doubled.
    public static func line(_ fields: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            let utf8 = Array(field.utf8)
            guard utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) else {
                bytes.append(contentsOf: utf8)
                continue
            }
            bytes.append(0x22)
            for byte in utf8 {
                if byte == 0x22 { bytes.append(0x22) }
                bytes.append(byte)
            }
            bytes.append(0x22)
        }
        bytes.append(contentsOf: [0x0D, 0x0A])
        return bytes
    }
}
