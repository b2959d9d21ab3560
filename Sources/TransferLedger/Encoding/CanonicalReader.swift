/// Reads the canonical JSON the ledger itself wrote, value by value, without building `JSONValue`s.
///
/// Every read returns nil at the first byte that is not what canonical JSON of the expected type would
/// hold (including any escape in a string); callers then fall back to the general parser, which also
/// says precisely what is wrong. Only the fast path's speed depends on the input being canonical.
struct CanonicalReader {
    private let bytes: [UInt8]
    private(set) var position: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        position = 0
    }

    var isAtEnd: Bool { position == bytes.count }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// How many members of the current object have been read by `member(_:)`.
    private var membersRead = 0

    /// Starts reading an object's members with `member(_:)`.
    mutating func beginObject() -> Bool {
        membersRead = 0
        return consume(UInt8(ascii: "{"))
    }

    /// Consumes the member name `name` (as `"name":`, after a comma unless it is the first member) when
    /// it comes next. Canonical objects list members in a known order, so a reader asks for each
    /// possible name in that order: byte comparisons instead of string matching.
    mutating func member(_ name: MemberName) -> Bool {
        let offset = membersRead == 0 ? 0 : 1
        let pattern = name.bytes
        guard position + offset + pattern.count <= bytes.count,
              offset == 0 || bytes[position] == UInt8(ascii: ",") else { return false }
        var index = 0
        while index < pattern.count {
            if bytes[position + offset + index] != pattern[index] { return false }
            index += 1
        }
        position += offset + pattern.count
        membersRead += 1
        return true
    }

    /// The next byte, without consuming it.
    var next: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// A string without escapes.
    mutating func string() -> String? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = position
        var isASCII = true
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let slice = bytes[start..<position]
                position += 1
                return isASCII ? String(decoding: slice, as: UTF8.self) : String(validating: slice, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            if byte >= 0x80 { isASCII = false }
            position += 1
        }
        return nil
    }

    mutating func strings() -> [String]? {
        guard consume(UInt8(ascii: "[")) else { return nil }
        var values: [String] = []
        if consume(UInt8(ascii: "]")) { return values }
        repeat {
            guard let value = string() else { return nil }
            values.append(value)
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "]")) ? values : nil
    }

    mutating func code<Code: LedgerCode>(_: Code.Type = Code.self) -> Code? {
        string().flatMap(Code.init(rawValue:))
    }

    mutating func codes<Code: LedgerCode>(_: Code.Type = Code.self) -> [Code]? {
        guard let values = strings() else { return nil }
        var codes: [Code] = []
        codes.reserveCapacity(values.count)
        for value in values {
            guard let code = Code(rawValue: value) else { return nil }
            codes.append(code)
        }
        return codes
    }

    mutating func bool() -> Bool? {
        if matches("true") { return true }
        if matches("false") { return false }
        return nil
    }

    /// A non-negative integer in canonical form (no sign, no leading zero).
    mutating func unsigned() -> UInt64? {
        let start = position
        var value: UInt64 = 0
        while let byte = next, byte >= 0x30, byte <= 0x39 {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - 0x30))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            position += 1
        }
        guard position > start, !(bytes[start] == 0x30 && position - start > 1) else { return nil }
        return value
    }

    mutating func timestamp() -> Timestamp? {
        string().flatMap(Timestamp.canonical)
    }

    mutating func party() -> Party? {
        guard beginObject(), member(.entity), let entity = string(), member(.role), let role = code(PartyRole.self),
              consume(UInt8(ascii: "}")) else { return nil }
        return Party(entity: entity, role: role)
    }

    /// The bytes of the next value, skipped as a whole (objects and arrays included).
    mutating func rawValue() -> ArraySlice<UInt8>? {
        let start = position
        var depth = 0
        var inString = false
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if inString {
                if byte == UInt8(ascii: "\\") { position += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                if depth == 0 && !inString { return bytes[start..<position] }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return bytes[start..<position] }
                if depth < 0 { return nil }
            case UInt8(ascii: ","): if depth == 0 { position -= 1; return bytes[start..<position] }
            default: break
            }
        }
        return depth == 0 && !inString ? bytes[start..<position] : nil
    }

    private mutating func matches(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count,
              bytes[position..<position + count].elementsEqual(UnsafeBufferPointer(start: literal.utf8Start, count: count)) else { return false }
        position += count
        return true
    }
}

/// A member name as canonical JSON writes it before the value: `"name":`.
struct MemberName: Sendable {
    let bytes: [UInt8]

    init(_ name: String) {
        bytes = Array("\"\(name)\":".utf8)
    }

    static let entity = MemberName("entity")
    static let role = MemberName("role")
}
