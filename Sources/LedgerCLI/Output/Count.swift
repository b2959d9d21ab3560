import TransferLedger

/// How human output (table rows and footers alike) prints a count: thousands grouped, "1,238", the way
/// the report does. Machine formats (CSV, JSON, NDJSON) keep plain integers, and sequence numbers stay
/// plain everywhere, since people type them back (`ledger show 1238`).
enum Count {
    static func text<Number: BinaryInteger>(_ number: Number) -> String {
        SubjectRange.grouped(Int(clamping: number))
    }
}
