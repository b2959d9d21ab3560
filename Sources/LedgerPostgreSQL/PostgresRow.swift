internal import CLibPQ

/// One row of a result, read in place from libpq's result buffer.
///
/// Valid only during the call that hands it out (`forEachRow`, `firstRow`): the result is freed
/// after it. Results are binary, so integers are decoded from their 8-, 4- or 2-byte big-endian form
/// and text and `bytea` columns are their bytes, with no hex or decimal to parse.
package struct PostgresRow {
    private let result: OpaquePointer
    private let row: Int32

    init(result: OpaquePointer, row: Int32) {
        self.result = result
        self.row = row
    }

    /// The number of columns.
    var columnCount: Int32 { PQnfields(result) }

    /// The column's type OID (`PostgresType`).
    func type(_ column: Int32) -> UInt32 {
        PQftype(result, column)
    }

    func isNull(_ column: Int32) -> Bool {
        PQgetisnull(result, row, column) != 0
    }

    /// The column as an integer: int8, int4, int2 or oid, by the length of its binary form; 0 for NULL
    /// or any other length.
    func int64(_ column: Int32) -> Int64 {
        withBytes(column) { bytes in
            guard let base = bytes.baseAddress else { return 0 }
            let raw = UnsafeRawPointer(base)
            return switch bytes.count {
            case 8: Int64(bigEndian: raw.loadUnaligned(as: Int64.self))
            case 4: type(column) == PostgresType.oid
                ? Int64(UInt32(bigEndian: raw.loadUnaligned(as: UInt32.self)))
                : Int64(Int32(bigEndian: raw.loadUnaligned(as: Int32.self)))
            case 2: Int64(Int16(bigEndian: raw.loadUnaligned(as: Int16.self)))
            default: 0
            }
        }
    }

    /// The column as a boolean: a binary `bool` is one byte, 1 for true.
    func bool(_ column: Int32) -> Bool {
        withBytes(column) { $0.first == 1 }
    }

    /// A text column (or any text-like one) as a String; "" for NULL.
    func text(_ column: Int32) -> String {
        withBytes(column) { String(decoding: $0, as: UTF8.self) }
    }

    /// The column's bytes, copied: a `bytea`'s raw bytes, a text column's UTF-8.
    func bytes(_ column: Int32) -> [UInt8] {
        withBytes(column) { Array($0) }
    }

    /// Calls `body` with the column's bytes where libpq holds them, without copying; they are valid
    /// only during the call. Empty for NULL.
    func withBytes<R>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard PQgetisnull(result, row, column) == 0, let value = PQgetvalue(result, row, column) else {
            return try body(UnsafeBufferPointer(start: nil, count: 0))
        }
        let count = Int(PQgetlength(result, row, column))
        return try value.withMemoryRebound(to: UInt8.self, capacity: count) { try body(UnsafeBufferPointer(start: $0, count: count)) }
    }
}

@available(*, unavailable)
extension PostgresRow: Sendable {}
