import TransferLedger

/// `query --format csv` and `--group-by … --format csv` rows, written by the library's one RFC 4180
/// writer (`CSVRecord`), the same as report bundles' `transfers.csv`.
enum CSV {
    static func row(_ fields: [String]) -> String {
        String(decoding: CSVRecord.line(fields), as: UTF8.self)
    }
}
