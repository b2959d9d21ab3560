/// A parsed JSON value: the neutral form between bytes on the wire and typed records.
///
/// Numbers keep their integer value when they have one; any other number is kept as text so that a
/// field expecting an integer can say exactly what it got.
public enum JSONValue: Equatable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number written without fraction or exponent that fits in 64 bits.
    case integer(Int64)
    /// Any other number, as its text (`1.0` stays `number("1.0")`).
    case number(String)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, its members in the order they came.
    case object(JSONObject)

    /// The JSON type name used in error messages ("string", "array", …).
    package var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The object's members, or nil when this is not an object.
    public var objectValue: JSONObject? {
        if case .object(let members) = self { members } else { nil }
    }

    /// The string, or nil when this is not a string.
    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }
}
