#if canImport(Glibc)
internal import Glibc
#endif

/// Column values copied out of SQLite rows into one growing buffer and addressed by spans: a reader
/// that hands rows to other threads then allocates nothing per row, and the other threads read the
/// values in place.
struct ColumnBytes: Sendable {
    /// One value's bytes in the buffer.
    struct Span: Sendable {
        var start = 0
        var count = 0
    }

    private var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// All the column's bytes, as `Statement.bytes` reads them.
    mutating func append(blob column: Int32, of statement: Statement) -> Span {
        statement.withBytes(column) { column in
            let span = Span(start: bytes.count, count: column.count)
            bytes.append(contentsOf: column)
            return span
        }
    }

    /// The column's bytes up to the first NUL, as `Statement.text` reads them (`String(cString:)`).
    mutating func append(text column: Int32, of statement: Statement) -> Span {
        statement.withBytes(column) { column in
            // memchr: the reading thread copies ten text columns per row, and a byte loop over each
            // cost more than the copy.
            var end = column.count
            if let base = column.baseAddress, let nul = memchr(base, 0, column.count) {
                end = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(nul))
            }
            let span = Span(start: bytes.count, count: end)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: column[..<end]))
            return span
        }
    }

    /// Empties the buffer, keeping its memory for the next rows.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// Calls `body` with a function that borrows each span's bytes.
    func withSlices<Result>(_ body: ((Span) -> UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        bytes.withUnsafeBufferPointer { bytes in
            body { span in UnsafeBufferPointer(rebasing: bytes[span.start..<span.start + span.count]) }
        }
    }

    func array(_ span: Span) -> [UInt8] {
        Array(bytes[span.start..<span.start + span.count])
    }

    func string(_ span: Span) -> String {
        String(decoding: bytes[span.start..<span.start + span.count], as: UTF8.self)
    }
}
