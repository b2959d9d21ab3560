/// Column values copied out of database rows into one growing buffer and addressed by spans: a reader
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

    /// Copies `value` and returns where it is.
    mutating func append(_ value: UnsafeBufferPointer<UInt8>) -> Span {
        let span = Span(start: bytes.count, count: value.count)
        bytes.append(contentsOf: value)
        return span
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
