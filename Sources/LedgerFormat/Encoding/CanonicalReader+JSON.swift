/// Any JSON value in canonical form, for the parts of a payload whose members are not fixed (the
/// verdict's findings and flags).
extension CanonicalReader {
    /// Deeper values are left to the general parser, which has its own limit.
    static let maximumDepth = 32

    /// The next value as a `JSONValue`, when it is canonical: members in strictly ascending order of
    /// their (ASCII) names, hence no duplicates; integers only; canonical strings. Nil otherwise.
    mutating func value(depth: Int = 0) -> JSONValue? {
        guard depth < Self.maximumDepth, let byte = next else { return nil }
        switch byte {
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "["): return array(depth: depth)
        case UInt8(ascii: "\""): return string().map(JSONValue.string)
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return bool().map(JSONValue.bool)
        case UInt8(ascii: "n"): return null() ? .null : nil
        default: return integer().map(JSONValue.integer)
        }
    }

    private mutating func object(depth: Int) -> JSONValue? {
        guard consume(UInt8(ascii: "{")) else { return nil }
        var members: [JSONObject.Element] = []
        if consume(UInt8(ascii: "}")) { return .object(JSONObject(uniqueMembers: members)) }
        var previous: UnsafeBufferPointer<UInt8>?
        repeat {
            // ASCII names only: for them byte order is RFC 8785's UTF-16 order.
            guard let name = plainString(), name.allSatisfy({ $0 < 0x80 }),
                  previous.map({ $0.lexicographicallyPrecedes(name) }) ?? true,
                  consume(UInt8(ascii: ":")), let value = value(depth: depth + 1) else { return nil }
            members.append((String(decoding: name, as: UTF8.self), value))
            previous = name
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "}")) ? .object(JSONObject(uniqueMembers: members)) : nil
    }

    private mutating func array(depth: Int) -> JSONValue? {
        guard consume(UInt8(ascii: "[")) else { return nil }
        var elements: [JSONValue] = []
        if consume(UInt8(ascii: "]")) { return .array(elements) }
        repeat {
            guard let element = value(depth: depth + 1) else { return nil }
            elements.append(element)
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "]")) ? .array(elements) : nil
    }

    private mutating func null() -> Bool {
        consume(UInt8(ascii: "n")) && consume(UInt8(ascii: "u")) && consume(UInt8(ascii: "l")) && consume(UInt8(ascii: "l"))
    }
}
