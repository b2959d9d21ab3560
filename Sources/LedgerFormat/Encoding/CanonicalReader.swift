#if canImport(Glibc)
internal import Glibc
#endif

/// Reads canonical JSON (FORMAT.md §2) value by value, straight from bytes, and nothing else.
///
/// Every read returns nil at the first byte that canonical JSON of the expected type would not hold:
/// whitespace, an escape JCS would not write (`\/`, `\u0041`, upper-case hex), a control character,
/// a leading zero, a member out of order. So a value read successfully is, byte for byte, what the
/// canonical encoder writes for it: decoding proves canonical form, and the verifier need not
/// re-encode. Callers fall back to the general parser on nil, which says precisely what is wrong.
///
/// The reader borrows the bytes (a stored payload, or SQLite's column memory during one step), so it
/// lives only inside `withUnsafeBufferPointer`-style scopes; every access is bounds-checked by hand.
package struct CanonicalReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0
    /// How many members of the current object have been read by `member(_:)`.
    private var membersRead = 0

    package init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { position == bytes.count }

    /// The bytes read since `start`, borrowed: the canonical spelling of the value read from there.
    func spelling(from start: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[start..<position])
    }

    /// The bytes from here through the next `closing` after the first byte, borrowed, without moving
    /// on: the spelling of a string (`"`) or a list of codes (`]`) when no other such byte comes first.
    func spelling(through closing: UInt8) -> UnsafeBufferPointer<UInt8>? {
        guard position + 1 < bytes.count, let base = bytes.baseAddress,
              let found = memchr(base + position + 1, Int32(closing), bytes.count - position - 1) else { return nil }
        let end = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base + 1
        return UnsafeBufferPointer(rebasing: bytes[position..<end])
    }

    /// Moves on by `count` bytes the caller has read by other means.
    mutating func skip(_ count: Int) {
        position = min(position + count, bytes.count)
    }

    /// The next byte, without consuming it.
    var next: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

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
        let count = name.name.utf8CodeUnitCount
        let quote = position + offset
        // The closing quote and colon first: they rule out a name of another length (most absent
        // optional members) without comparing the names.
        guard quote + count + 2 < bytes.count,
              bytes[quote + 1 + count] == UInt8(ascii: "\""), bytes[quote + 2 + count] == UInt8(ascii: ":"),
              offset == 0 || bytes[position] == UInt8(ascii: ","),
              bytes[quote] == UInt8(ascii: "\""), bytes[quote + 1] == name.name.utf8Start.pointee,
              hasPrefix(UnsafeBufferPointer(start: name.name.utf8Start, count: count), at: quote + 1) else { return false }
        position = quote + count + 3
        membersRead += 1
        return true
    }

    // MARK: Strings

    /// The content of a string that canonical JSON writes without any escape (codes, timestamps,
    /// hex): the bytes between the quotes, borrowed. Nil at a backslash or control character.
    package mutating func plainString() -> UnsafeBufferPointer<UInt8>? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = position
        skipPlainWords()
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return UnsafeBufferPointer(rebasing: bytes[start..<position - 1])
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            position += 1
        }
        return nil
    }

    /// Skips eight bytes at a time while none of them is a quote, a backslash or a control character:
    /// the bytes the string readers stop at. Hex digests and timestamps are most of a payload's strings.
    /// With `asciiOnly`, a byte from 0x80 (part of a multi-byte character) stops it too.
    private mutating func skipPlainWords(asciiOnly: Bool = false) {
        guard let base = bytes.baseAddress else { return }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while position + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
            // A byte of `word ^ c` is zero where the byte equals c; (x - ones) & ~x & highs flags a
            // zero byte, and (word - 0x20 * ones) & ~word & highs a byte below 0x20 (exact below 0x80,
            // and bytes from 0x80 have their high bit set in `word`, so `~word` clears them).
            let quote = word ^ (0x22 * ones), backslash = word ^ (0x5C * ones)
            let stop = ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (word &- 0x20 * ones) & ~word) & highs
            guard stop == 0, !asciiOnly || word & highs == 0 else { return }
            position += 8
        }
    }

    /// Steps over a string, escapes and all, without decoding or checking it: for members a reader
    /// does not keep. False when no string comes next or it does not end.
    mutating func skipString() -> Bool {
        guard consume(UInt8(ascii: "\"")) else { return false }
        while true {
            skipPlainWords()
            guard position < bytes.count else { return false }
            let byte = bytes[position]
            position += byte == UInt8(ascii: "\\") ? 2 : 1
            if byte == UInt8(ascii: "\"") { return true }
            if byte < 0x20 { return false }
        }
    }

    /// A string in canonical form: raw UTF-8 except for the escapes JCS writes.
    package mutating func string() -> String? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = position
        var isASCII = true
        skipPlainWords(asciiOnly: true)
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let content = UnsafeBufferPointer(rebasing: bytes[start..<position])
                position += 1
                // ASCII is valid UTF-8 as it is; valid UTF-8 comes back from String byte for byte.
                return isASCII ? String(decoding: content, as: UTF8.self) : String(validating: content, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { return escapedString(from: start) }
            if byte < 0x20 { return nil }
            if byte >= 0x80 { isASCII = false }
            position += 1
        }
        return nil
    }

    /// The rest of a string that holds an escape: only `\"`, `\\`, `\b`, `\t`, `\n`, `\f`, `\r`, and
    /// `\u00xx` (lower-case hex) for the other control characters, as `CanonicalJSON.appendString` writes.
    private mutating func escapedString(from start: Int) -> String? {
        var utf8 = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(validating: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { return nil }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "u"):
                    guard position + 4 <= bytes.count, bytes[position] == UInt8(ascii: "0"), bytes[position + 1] == UInt8(ascii: "0"),
                          let high = Self.lowerHexValue(bytes[position + 2]), high <= 1,
                          let low = Self.lowerHexValue(bytes[position + 3]) else { return nil }
                    let value = high << 4 | low
                    // The five with a short form must use it.
                    guard ![0x08, 0x09, 0x0A, 0x0C, 0x0D].contains(value) else { return nil }
                    utf8.append(value)
                    position += 4
                default:
                    return nil
                }
            case 0x00..<0x20:
                return nil
            default:
                utf8.append(byte)
            }
        }
        return nil
    }

    mutating func strings() -> [String]? {
        guard consume(UInt8(ascii: "[")) else { return nil }
        var values: [String] = []
        if consume(UInt8(ascii: "]")) { return values }
        values.reserveCapacity(4)
        repeat {
            guard let value = string() else { return nil }
            values.append(value)
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "]")) ? values : nil
    }

    // MARK: Codes, literals, numbers

    mutating func code<Code: CanonicalCode>(_: Code.Type = Code.self) -> Code? {
        plainString().flatMap(Code.codeTable.code(spelledBy:))
    }

    mutating func codes<Code: CanonicalCode>(_: Code.Type = Code.self) -> [Code]? {
        guard consume(UInt8(ascii: "[")) else { return nil }
        var codes: [Code] = []
        if consume(UInt8(ascii: "]")) { return codes }
        // Lists are short: one allocation instead of growing from one element.
        codes.reserveCapacity(4)
        let table = Code.codeTable
        repeat {
            guard let spelling = plainString(), let code = table.code(spelledBy: spelling) else { return nil }
            codes.append(code)
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "]")) ? codes : nil
    }

    mutating func bool() -> Bool? {
        if matches("true") { return true }
        if matches("false") { return false }
        return nil
    }

    /// A non-negative integer in canonical form (no sign, no leading zero) up to 2^53 − 1, the range
    /// FORMAT.md §2 allows; anything larger is left to the general path, which refuses it.
    mutating func unsigned() -> UInt64? {
        digits(limit: UInt64(CanonicalJSON.maximumInteger))
    }

    /// An integer in canonical form within ±(2^53 − 1): `-` only before a non-zero magnitude.
    mutating func integer() -> Int64? {
        if consume(UInt8(ascii: "-")) {
            guard let magnitude = digits(limit: UInt64(CanonicalJSON.maximumInteger)), magnitude != 0 else { return nil }
            return -Int64(magnitude)
        }
        return digits(limit: UInt64(CanonicalJSON.maximumInteger)).map { Int64($0) }
    }

    private mutating func digits(limit: UInt64) -> UInt64? {
        let start = position
        var value: UInt64 = 0
        while let byte = next, byte >= 0x30, byte <= 0x39 {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - 0x30))
            guard !overflow1, !overflow2, sum <= limit else { return nil }
            value = sum
            position += 1
        }
        guard position > start, !(bytes[start] == 0x30 && position - start > 1) else { return nil }
        // A fraction or exponent makes it a number the encoder keeps as text: not for this reader.
        if let byte = next, byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { return nil }
        return value
    }

    // MARK: Ledger values

    /// A timestamp in the one canonical spelling of FORMAT.md §3.
    mutating func timestamp() -> Timestamp? {
        plainString().flatMap(Timestamp.canonical(utf8:))
    }

    /// A digest as 64 lower-case hex digits, the only spelling `Digest.hex` writes.
    mutating func digest() -> Digest? {
        guard let text = plainString(), text.count == 2 * Digest.byteCount, let bytes = Self.lowerHex(text) else { return nil }
        return Digest(uncheckedBytes: bytes)
    }

    /// Bytes as lower-case hex digits, the only spelling `Hex.encode` writes.
    mutating func hexBytes() -> [UInt8]? {
        plainString().flatMap(Self.lowerHex)
    }

    /// Whether the next string is exactly the lower-case hex of `digest`.
    mutating func hexEquals(_ digest: Digest) -> Bool {
        guard let text = plainString(), text.count == 2 * Digest.byteCount, let textStart = text.baseAddress else { return false }
        // Spelled out on the stack and compared in one `memcmp`: every transfer commits to its
        // private document this way.
        let digits: StaticString = "0123456789abcdef"
        return digest.withUnsafeBytes { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * Digest.byteCount) { hex in
                for (index, byte) in bytes.enumerated() {
                    hex[2 * index] = digits.utf8Start[Int(byte >> 4)]
                    hex[2 * index + 1] = digits.utf8Start[Int(byte & 0x0F)]
                }
                return memcmp(hex.baseAddress!, textStart, hex.count) == 0
            }
        }
    }

    mutating func party() -> Party? {
        guard beginObject(), member(.entity), let entity = string(), member(.role), let role = code(PartyRole.self),
              consume(UInt8(ascii: "}")) else { return nil }
        return Party(entity: entity, role: role)
    }

    /// The bytes of the next object or array, skipped as a whole without checking them: the caller
    /// either has already read identical bytes or reads these with a reader of their own.
    mutating func skipContainer() -> UnsafeBufferPointer<UInt8>? {
        guard let first = next, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return nil }
        let start = position
        var depth = 0
        var inString = false
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if inString {
                if byte == UInt8(ascii: "\\") { position += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return UnsafeBufferPointer(rebasing: bytes[start..<position]) }
            default: break
            }
        }
        return nil
    }

    private static func lowerHexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    static func lowerHex(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var isHex = true
        // Written in place: a salt or digest every entry holds, without growing an array byte by byte.
        let bytes = [UInt8](unsafeUninitializedCapacity: text.count / 2) { buffer, initialized in
            for index in buffer.indices {
                guard let high = lowerHexValue(text[2 * index]), let low = lowerHexValue(text[2 * index + 1]) else {
                    isHex = false
                    break
                }
                buffer[index] = high << 4 | low
                initialized = index + 1
            }
        }
        return isHex ? bytes : nil
    }

    private mutating func matches(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count,
              hasPrefix(UnsafeBufferPointer(start: literal.utf8Start, count: count), at: position) else { return false }
        position += count
        return true
    }

    /// Whether `pattern` is at `offset`; the caller has checked that it fits.
    private func hasPrefix(_ pattern: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard let base = bytes.baseAddress, let start = pattern.baseAddress else { return pattern.isEmpty }
        return memcmp(base + offset, start, pattern.count) == 0
    }

}

/// A member name the reader expects, written `"name":` before the value. A StaticString (ASCII,
/// nothing to escape): no reference counting, and the constants below need no lazy initialisation.
struct MemberName: Sendable {
    let name: StaticString

    package init(_ name: StaticString) {
        self.name = name
    }

    static let entity = MemberName("entity")
    static let role = MemberName("role")
}
