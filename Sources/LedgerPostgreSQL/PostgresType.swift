/// The PostgreSQL type OIDs the wrapper encodes and decodes in binary (pg_type.oid, fixed since
/// PostgreSQL 7: built-in OIDs never change).
package enum PostgresType {
    static let bool: UInt32 = 16
    static let bytea: UInt32 = 17
    static let name: UInt32 = 19
    static let int8: UInt32 = 20
    static let int2: UInt32 = 21
    static let int4: UInt32 = 23
    static let text: UInt32 = 25
    static let oid: UInt32 = 26
    static let json: UInt32 = 114
    static let unknown: UInt32 = 705
    static let bpchar: UInt32 = 1042
    static let varchar: UInt32 = 1043

    /// The element type of each array type the wrapper encodes (`_bool`, `_bytea`, `_int8`, `_text`).
    static let arrayElements: [UInt32: UInt32] = [1000: bool, 1001: bytea, 1016: int8, 1009: text]

    /// Whether the type's binary form is exactly its text's bytes, so UTF-8 can be sent as they are.
    static func isTextLike(_ type: UInt32) -> Bool {
        type == text || type == varchar || type == bpchar || type == name || type == unknown || type == json
    }
}
