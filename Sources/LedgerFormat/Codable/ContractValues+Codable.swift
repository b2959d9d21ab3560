// The values services exchange, `Codable` with the contract's field names (Schema/transfer.schema.json,
// FORMAT.md): each decodes through the reader NDJSON input goes through and encodes its canonical JSON,
// so a JSON record decodes to the same value, or fails on the same field and rule, either way.

/// A value whose `Codable` form is its contract JSON: decoded by the reader NDJSON input goes through,
/// so that a `Decoder` accepts exactly what that reader accepts, and encoded as `jsonValue`.
package protocol ContractJSONCodable: Codable {
    /// Reads the value from its contract JSON as NDJSON input is read.
    static func read(contractJSON json: JSONValue) throws(RecordError) -> Self
    /// The value's contract JSON.
    var jsonValue: JSONValue { get }
}

extension ContractJSONCodable {
    /// Decodes the value from its contract JSON; a refusal is a `DecodingError.dataCorrupted` whose
    /// underlying error is the reader's `RecordError`, naming the field and the rule.
    public init(from decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        do {
            self = try Self.read(contractJSON: json)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)", underlyingError: error))
        }
    }

    /// Encodes the value as `jsonValue`, its contract JSON.
    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }
}

/// `Codable` as its contract JSON object, read exactly as `Transfer(jsonBytes:)` reads it (see
/// `JSONValue`'s `Codable` conformance for what a `Decoder` settles first). The structural rules
/// (lengths, syntax, reference data) are checked when the transfer is recorded or checked, as for NDJSON.
extension Transfer: ContractJSONCodable {
    package static func read(contractJSON json: JSONValue) throws(RecordError) -> Transfer { try Transfer(json: json) }
}

/// `Codable` as `{"entity", "role"}`, read as a transfer's exporter or importer is read.
extension Party: ContractJSONCodable {
    package static func read(contractJSON json: JSONValue) throws(RecordError) -> Party { try Party(json: json, path: "party") }
}

/// `Codable` as its NDJSON input for `ledger correct`, read as that input is read.
extension TransferCorrection: ContractJSONCodable {
    package static func read(contractJSON json: JSONValue) throws(RecordError) -> TransferCorrection { try TransferCorrection(json: json) }
}

/// `Codable` as its NDJSON input for `ledger gov-access`, read as that input is read.
extension GovAccessRequest: ContractJSONCodable {
    package static func read(contractJSON json: JSONValue) throws(RecordError) -> GovAccessRequest { try GovAccessRequest(json: json) }
}

/// `Codable` as `{"findings", "flags", "ruleSetVersion", "status"}` (FORMAT.md §4.1), read as a verdict
/// stored in an entry is read: unknown rule ids, severities and flags are kept, an unknown status or
/// member is refused.
extension PolicyVerdict: ContractJSONCodable {
    package static func read(contractJSON json: JSONValue) throws(RecordError) -> PolicyVerdict { try PolicyVerdict(json: json) }
}

/// `Codable` as its canonical RFC 3339 text, such as `"2026-05-01T09:30:00Z"`; decoding accepts what
/// `init(rfc3339:)` accepts.
extension Timestamp: Codable {
    /// Decodes an RFC 3339 timestamp in UTC, at most microsecond precision.
    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer()
        let text = try value.decode(String.self)
        do {
            try self.init(rfc3339: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: value, debugDescription: "'\(text)' \(error)")
        }
    }

    /// Encodes the canonical text, `rfc3339`.
    public func encode(to encoder: any Encoder) throws {
        var value = encoder.singleValueContainer()
        try value.encode(rfc3339)
    }
}

/// `Codable` as 64 hex digits, lower-case when encoded, either case when decoded.
extension Digest: Codable {
    /// Decodes 64 hex digits.
    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer()
        let text = try value.decode(String.self)
        guard let digest = Digest(hex: text) else {
            throw DecodingError.dataCorruptedError(in: value, debugDescription: "'\(text)' is not a 64-digit hex SHA-256")
        }
        self = digest
    }

    /// Encodes the lower-case hex digits.
    public func encode(to encoder: any Encoder) throws {
        var value = encoder.singleValueContainer()
        try value.encode(hex)
    }
}
