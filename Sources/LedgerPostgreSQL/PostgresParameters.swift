/// The encoded parameters of one run of a prepared statement, in the arrays `PQexecPrepared` takes.
///
/// All values' bytes are gathered into one buffer the statement keeps between runs, like the SQLite
/// wrapper's, so a run allocates nothing once the buffers have grown.
struct PostgresParameters {
    private var bytes: [UInt8] = []
    /// Each parameter's start in `bytes`, or nil for SQL NULL.
    private var starts: [Int?] = []
    private var lengths: [Int32] = []
    /// 1 for binary, 0 for text (NUL-terminated, as libpq reads text parameters).
    private var formats: [Int32] = []

    /// Encodes `values` for parameters of the given types (as `PQdescribePrepared` reported them).
    mutating func encode(_ values: [PostgresValue], types: [UInt32], sql: String) throws(PostgresError) {
        guard values.count == types.count else {
            throw PostgresError(code: .datatypeMismatch, message: "\(values.count) values bound to \(types.count) parameters", sql: sql)
        }
        bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
        formats.removeAll(keepingCapacity: true)
        for (index, (value, type)) in zip(values, types).enumerated() {
            if case .null = value {
                starts.append(nil)
                lengths.append(0)
                formats.append(0)
                continue
            }
            let start = bytes.count
            let format = try append(value, type: type, index: index, sql: sql)
            starts.append(start)
            lengths.append(Int32(bytes.count - start) - (format == 0 ? 1 : 0))
            formats.append(format)
        }
    }

    /// Appends one non-null value for a parameter (or array element) of `type`; returns the format
    /// used, 1 for binary, 0 for NUL-terminated text.
    private mutating func append(_ value: PostgresValue, type: UInt32, index: Int, sql: String) throws(PostgresError) -> Int32 {
        switch value {
        case .null:
            preconditionFailure("NULL has no bytes; the caller encodes it")
        case .integer(let integer):
            switch type {
            case PostgresType.int8: appendBigEndian(integer)
            case PostgresType.int4:
                guard let narrow = Int32(exactly: integer) else { throw outOfRange(index, integer, sql) }
                appendBigEndian(narrow)
            case PostgresType.int2:
                guard let narrow = Int16(exactly: integer) else { throw outOfRange(index, integer, sql) }
                appendBigEndian(narrow)
            case PostgresType.bool:
                bytes.append(integer == 0 ? 0 : 1)
            default:
                // numeric, oid, text…: let the server parse the decimal.
                bytes.append(contentsOf: String(integer).utf8)
                bytes.append(0)
                return 0
            }
        case .text(let text):
            return appendText(text.utf8, type: type)
        case .utf8(let utf8):
            return appendText(utf8, type: type)
        case .bytea, .digest:
            guard type == PostgresType.bytea else {
                throw PostgresError(code: .datatypeMismatch, message: "parameter $\(index + 1) has type oid \(type); bytes bind only to bytea", sql: sql)
            }
            if case .bytea(let blob) = value { bytes.append(contentsOf: blob) }
            if case .digest(let digest) = value { digest.withUnsafeBytes { bytes.append(contentsOf: $0) } }
        case .array(let elements):
            try appendArray(elements, type: type, index: index, sql: sql)
        }
        return 1
    }

    /// An array in the binary form `array_recv` reads: dimensions (one), whether any element is
    /// NULL, the element type, the length and lower bound (1), then each element as a length (-1 for
    /// NULL) and its binary bytes.
    private mutating func appendArray(_ elements: [PostgresValue], type: UInt32, index: Int, sql: String) throws(PostgresError) {
        guard let element = PostgresType.arrayElements[type] else {
            throw PostgresError(code: .datatypeMismatch, message: "parameter $\(index + 1) has type oid \(type); arrays bind only to bigint[], text[], bytea[] or boolean[]", sql: sql)
        }
        let hasNull = elements.contains { if case .null = $0 { true } else { false } }
        appendBigEndian(Int32(1))
        appendBigEndian(Int32(hasNull ? 1 : 0))
        appendBigEndian(element)
        appendBigEndian(Int32(elements.count))
        appendBigEndian(Int32(1))
        for value in elements {
            if case .null = value {
                appendBigEndian(Int32(-1))
                continue
            }
            let lengthAt = bytes.count
            appendBigEndian(Int32(0))
            guard try append(value, type: element, index: index, sql: sql) == 1 else {
                throw PostgresError(code: .datatypeMismatch, message: "parameter $\(index + 1): an array element of type oid \(element) has no binary form here", sql: sql)
            }
            let length = Int32(bytes.count - lengthAt - 4).bigEndian
            withUnsafeBytes(of: length) { bytes.replaceSubrange(lengthAt..<lengthAt + 4, with: $0) }
        }
    }

    /// Calls `body` with libpq's parameter arrays: values, lengths, formats; valid only during the call.
    func withArrays<R>(_ body: (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { bytes in
            let base = bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
            let values: [UnsafePointer<CChar>?] = starts.map { start in start.flatMap { base?.advanced(by: $0) } }
            return try values.withUnsafeBufferPointer { values in
                try lengths.withUnsafeBufferPointer { lengths in
                    try formats.withUnsafeBufferPointer { formats in
                        try body(values.baseAddress, lengths.baseAddress, formats.baseAddress)
                    }
                }
            }
        }
    }

    /// Text-like types take the UTF-8 bytes as binary; any other type (timestamps, jsonb, …) gets
    /// them as text for the server to parse. Returns the format used.
    private mutating func appendText<Bytes: Collection<UInt8>>(_ utf8: Bytes, type: UInt32) -> Int32 {
        bytes.append(contentsOf: utf8)
        if PostgresType.isTextLike(type) { return 1 }
        bytes.append(0)
        return 0
    }

    private mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    private func outOfRange(_ index: Int, _ value: Int64, _ sql: String) -> PostgresError {
        PostgresError(code: .numericValueOutOfRange, message: "parameter $\(index + 1): \(value) does not fit its integer type", sql: sql)
    }
}
