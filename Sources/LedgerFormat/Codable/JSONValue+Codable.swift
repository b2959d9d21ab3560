/// Any JSON value through `Codable`, so the contract's own readers can decode what a `Decoder` holds:
/// the value types users exchange decode by reading this and handing it to the parser `NDJSON` input
/// goes through, and encode by writing their canonical JSON.
///
/// What the `Decoder` itself settles is outside the ledger's control: with `JSONDecoder`, a duplicate
/// member name keeps one of the values (the ledger's parser refuses the text), and a number is read
/// as an `Int64` when the decoder gives one (so `1.0` may read as the integer `1`).
extension JSONValue: Codable {
    /// A member name of any JSON object.
    private struct MemberKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }

        init(stringValue: String) {
            self.stringValue = stringValue
        }

        init?(intValue: Int) {
            nil
        }
    }

    /// The JSON value `decoder` holds; an object's members are taken in name order.
    public init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: MemberKey.self) {
            var members = JSONObject()
            for key in object.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                members[key.stringValue] = try object.decode(JSONValue.self, forKey: key)
            }
            self = .object(members)
        } else if var array = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !array.isAtEnd { elements.append(try array.decode(JSONValue.self)) }
            self = .array(elements)
        } else {
            let value = try decoder.singleValueContainer()
            if value.decodeNil() {
                self = .null
            } else if let flag = try? value.decode(Bool.self) {
                self = .bool(flag)
            } else if let integer = try? value.decode(Int64.self) {
                self = .integer(integer)
            } else if let number = try? value.decode(Double.self) {
                self = .number(String(number))
            } else {
                self = .string(try value.decode(String.self))
            }
        }
    }

    /// Writes the value, an object's members in their order.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .object(let members):
            var object = encoder.container(keyedBy: MemberKey.self)
            for (name, value) in members { try object.encode(value, forKey: MemberKey(stringValue: name)) }
        case .array(let elements):
            var array = encoder.unkeyedContainer()
            for element in elements { try array.encode(element) }
        case .null:
            var value = encoder.singleValueContainer()
            try value.encodeNil()
        case .bool(let flag):
            var value = encoder.singleValueContainer()
            try value.encode(flag)
        case .integer(let integer):
            var value = encoder.singleValueContainer()
            try value.encode(integer)
        case .number(let text):
            var value = encoder.singleValueContainer()
            guard let number = Double(text), number.isFinite else {
                throw EncodingError.invalidValue(text, .init(codingPath: encoder.codingPath, debugDescription: "\(text) is not a finite number"))
            }
            try value.encode(number)
        case .string(let text):
            var value = encoder.singleValueContainer()
            try value.encode(text)
        }
    }
}
