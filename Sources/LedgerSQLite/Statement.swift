internal import CSQLite
#if canImport(Glibc)
internal import Glibc
#endif

/// A prepared statement owned by its `Database`'s cache.
package final class Statement {
    private let pointer: OpaquePointer
    private unowned let database: Database
    let sql: String
    /// The bytes of the text and blob values `run` binds, kept between runs so a run allocates nothing.
    private var gathered: [UInt8] = []

    init(pointer: OpaquePointer, database: Database, sql: String) {
        self.pointer = pointer
        self.database = database
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(pointer)
    }

    func reset() {
        sqlite3_reset(pointer)
        sqlite3_clear_bindings(pointer)
    }

    /// Binds `values` to parameters 1, 2, … in order.
    func bind(_ values: SQLValue...) throws(SQLiteError) {
        for (offset, value) in values.enumerated() { try bind(at: Int32(offset + 1), value) }
    }

    /// Advances to the next row; false when there are no more rows.
    @discardableResult
    func step() throws(SQLiteError) -> Bool {
        let code = sqlite3_step(pointer)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = database.error(code, sql: sql)
            sqlite3_reset(pointer)
            throw error
        }
    }

    /// Reads the first row with `read`, then resets, so no read transaction is left open; nil when
    /// there is no row.
    func firstRow<T>(_ read: (Statement) -> T) throws(SQLiteError) -> T? {
        defer { sqlite3_reset(pointer) }
        guard try step() else { return nil }
        return read(self)
    }

    /// Calls `body` with each row, resetting the statement however the loop ends.
    func forEachRow(_ body: (Statement) throws -> Void) throws {
        defer { sqlite3_reset(pointer) }
        while try step() { try body(self) }
    }

    /// Binds `values` to parameters 1, 2, …, runs a statement that returns no rows, then resets it,
    /// so a caller may keep and rerun it.
    ///
    /// Text and blobs are gathered into one buffer the statement keeps, and bound in place from it
    /// (`SQLITE_STATIC`) for the step: a memory copy without allocation, where binding them for SQLite
    /// to copy (`SQLITE_TRANSIENT`) cost an allocation per value, and borrowing each value's own
    /// storage took a closure per value, nested, on the thread every append waits for.
    func run(_ values: SQLValue...) throws(SQLiteError) {
        defer {
            sqlite3_reset(pointer)
            // No binding may outlive the memory it points into.
            sqlite3_clear_bindings(pointer)
        }
        gathered.removeAll(keepingCapacity: true)
        for value in values {
            switch value {
            case .text(let text): gathered.append(contentsOf: text.utf8)
            case .blob(let bytes), .utf8(let bytes): gathered.append(contentsOf: bytes)
            case .null, .integer: break
            }
        }
        try gathered.withUnsafeBufferPointer { (bytes) throws(SQLiteError) in
            var offset = 0
            /// The next `count` gathered bytes.
            func next(_ count: Int) -> UnsafeRawPointer {
                defer { offset += count }
                return UnsafeRawPointer(bytes.baseAddress! + offset)
            }
            for (position, value) in values.enumerated() {
                let index = Int32(position + 1)
                let code: Int32
                switch value {
                case .text(let text) where !text.isEmpty:
                    let count = text.utf8.count
                    code = sqlite3_bind_text(pointer, index, next(count).assumingMemoryBound(to: CChar.self), Int32(count), nil)
                case .utf8(let text) where !text.isEmpty:
                    code = sqlite3_bind_text(pointer, index, next(text.count).assumingMemoryBound(to: CChar.self), Int32(text.count), nil)
                case .blob(let blob) where !blob.isEmpty:
                    code = sqlite3_bind_blob(pointer, index, next(blob.count), Int32(blob.count), nil)
                default:
                    // NULL, integers, and empty text or blobs, which have no bytes to point at.
                    try bind(at: index, value)
                    continue
                }
                guard code == SQLITE_OK else { throw database.error(code, sql: sql) }
            }
            try step()
        }
    }

    /// Binds one value to the parameter at 1-based `index`.
    func bind(at index: Int32, _ value: SQLValue) throws(SQLiteError) {
        let code: Int32 = switch value {
        case .null: sqlite3_bind_null(pointer, index)
        case .integer(let integer): sqlite3_bind_int64(pointer, index, integer)
        case .text(let text) where text.isEmpty:
            // Not through the UTF-8 buffer below: an empty one has no address, and a nil pointer
            // would bind NULL instead of "".
            sqlite3_bind_text(pointer, index, "", 0, csqlite_transient())
        case .text(var text):
            // Bound from the string's own UTF-8 storage with its length: passing the String as a C
            // string would copy it into a new NUL-terminated array first.
            text.withUTF8 { utf8 in
                utf8.withMemoryRebound(to: CChar.self) {
                    sqlite3_bind_text(pointer, index, $0.baseAddress, Int32($0.count), csqlite_transient())
                }
            }
        case .blob(let bytes) where bytes.isEmpty: sqlite3_bind_zeroblob(pointer, index, 0)
        case .blob(let bytes):
            bytes.withUnsafeBytes { sqlite3_bind_blob(pointer, index, $0.baseAddress, Int32($0.count), csqlite_transient()) }
        case .utf8(let bytes) where bytes.isEmpty: sqlite3_bind_text(pointer, index, "", 0, csqlite_transient())
        case .utf8(let bytes):
            bytes.withUnsafeBytes {
                sqlite3_bind_text(pointer, index, $0.baseAddress?.assumingMemoryBound(to: CChar.self), Int32($0.count), csqlite_transient())
            }
        }
        guard code == SQLITE_OK else { throw database.error(code, sql: sql) }
    }

    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(pointer, column) == SQLITE_NULL
    }

    func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(pointer, column)
    }

    func text(_ column: Int32) -> String {
        guard let text = sqlite3_column_text(pointer, column) else { return "" }
        return String(cString: text)
    }

    /// The column's bytes; text columns are returned as their UTF-8 bytes.
    func bytes(_ column: Int32) -> [UInt8] {
        // Blob first, then bytes: the order SQLite documents for a correct count.
        guard let base = sqlite3_column_blob(pointer, column) else { return [] }
        let count = Int(sqlite3_column_bytes(pointer, column))
        return Array(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Calls `body` with the column's bytes where SQLite holds them, without copying; they are valid
    /// only during the call (until the next step or reset).
    func withBytes<R>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let base = sqlite3_column_blob(pointer, column)?.assumingMemoryBound(to: UInt8.self)
        return try body(UnsafeBufferPointer(start: base, count: base == nil ? 0 : Int(sqlite3_column_bytes(pointer, column))))
    }

    /// The column's bytes up to the first NUL, where SQLite holds them, as `text` reads them
    /// (`String(cString:)`); valid until the next step or reset.
    func textBytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let base = sqlite3_column_blob(pointer, column)?.assumingMemoryBound(to: UInt8.self) else { return UnsafeBufferPointer(start: nil, count: 0) }
        let count = Int(sqlite3_column_bytes(pointer, column))
        // memchr: the verifier's scan reads ten text columns per row, and a byte loop over each cost
        // more than copying them.
        guard let nul = memchr(base, 0, count) else { return UnsafeBufferPointer(start: base, count: count) }
        return UnsafeBufferPointer(start: base, count: UnsafeRawPointer(base).distance(to: UnsafeRawPointer(nul)))
    }

    /// The column's bytes where SQLite holds them; valid until the next step or reset.
    func blobBytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        let base = sqlite3_column_blob(pointer, column)?.assumingMemoryBound(to: UInt8.self)
        return UnsafeBufferPointer(start: base, count: base == nil ? 0 : Int(sqlite3_column_bytes(pointer, column)))
    }

    /// Whether the column holds a blob in this row.
    func isBlob(_ column: Int32) -> Bool {
        sqlite3_column_type(pointer, column) == SQLITE_BLOB
    }
}

@available(*, unavailable)
extension Statement: Sendable {}

/// A value bound to a statement parameter.
package enum SQLValue {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])
    /// Text given as its UTF-8 bytes (canonical JSON): bound as text, byte for byte. Binding them as a
    /// blob into a TEXT column would need `CAST(? AS TEXT)`, which copies them once more inside SQLite.
    case utf8([UInt8])
}
