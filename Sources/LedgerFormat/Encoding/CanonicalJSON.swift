/// The canonical JSON form that FORMAT.md specifies: the RFC 8785 (JCS) serialisation of the subset
/// of JSON the ledger writes (no floating-point numbers, integers within ±2^53).
///
/// Members are sorted by the UTF-16 code units of their names, there is no whitespace, and strings
/// escape only what JCS escapes, so any JCS implementation reproduces these bytes exactly.
public enum CanonicalJSON {
    /// The canonical UTF-8 bytes of `value`.
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(512)
        append(value, to: &output)
        return output
    }

    /// The largest integer magnitude a payload may hold, 2^53 − 1 (FORMAT.md §2): every JSON reader
    /// represents it exactly, so a verifier refuses anything beyond it.
    public static let maximumInteger: Int64 = (1 << 53) - 1

    /// Appends the canonical bytes of `value` to `output`.
    public static func append(_ value: JSONValue, to output: inout [UInt8]) {
        switch value {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let flag):
            output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let integer):
            output.append(contentsOf: String(integer).utf8)
        case .number(let text):
            // Never produced by the ledger's own records; kept verbatim for completeness.
            output.append(contentsOf: text.utf8)
        case .string(let string):
            appendString(string, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                append(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            var isFirst = true
            func appendMember(_ name: String, _ value: JSONValue) {
                if !isFirst { output.append(UInt8(ascii: ",")) }
                isFirst = false
                appendString(name, to: &output)
                output.append(UInt8(ascii: ":"))
                append(value, to: &output)
            }
            if isInByteOrder(members.lazy.map(\.key)) {
                for (name, value) in members { appendMember(name, value) }
            } else {
                for name in sortedNames(members.keys) { appendMember(name, members[name] ?? .null) }
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Member names in RFC 8785 order: by UTF-16 code units.
    ///
    /// UTF-8 byte order equals code point order, which equals UTF-16 order unless a name holds a code
    /// point from U+E000 up (lead byte 0xEE or above); such names take the slower UTF-16 comparison.
    static func sortedNames(_ names: some Collection<String>) -> [String] {
        // Objects the ledger builds itself list their members in canonical order already: confirm
        // that in one pass without allocating, and sort only when it does not hold.
        if isInByteOrder(names) { return Array(names) }
        var keyed: [(bytes: [UInt8], name: String)] = []
        keyed.reserveCapacity(names.count)
        var byteOrderIsUTF16Order = true
        for name in names {
            let bytes = Array(name.utf8)
            if byteOrderIsUTF16Order, bytes.contains(where: { $0 >= 0xEE }) { byteOrderIsUTF16Order = false }
            keyed.append((bytes, name))
        }
        guard byteOrderIsUTF16Order else {
            return names.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
        }
        keyed.sort { bytesPrecede($0.bytes, $1.bytes) }
        return keyed.map(\.name)
    }

    /// Whether `names` are strictly ascending by UTF-8 bytes and hold no byte from 0xEE up, so that
    /// their order is also the UTF-16 order RFC 8785 asks for.
    private static func isInByteOrder(_ names: some Collection<String>) -> Bool {
        var previous: String?
        for name in names {
            if name.utf8.contains(where: { $0 >= 0xEE }) { return false }
            if let previous, !previous.utf8.lexicographicallyPrecedes(name.utf8) { return false }
            previous = name
        }
        return true
    }

    private static func bytesPrecede(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        let count = min(left.count, right.count)
        var index = 0
        while index < count {
            if left[index] != right[index] { return left[index] < right[index] }
            index += 1
        }
        return left.count < right.count
    }

    private static func needsEscaping(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    static func appendString(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var string = string
        let appendedWhole: Bool = string.withUTF8 { buffer in
            guard !buffer.contains(where: needsEscaping) else { return false }
            output.append(contentsOf: buffer)
            return true
        }
        if appendedWhole {
            output.append(UInt8(ascii: "\""))
            return
        }
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0C: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x00..<0x20:
                output.append(contentsOf: "\\u00".utf8)
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            default:
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
