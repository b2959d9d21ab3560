// The values services exchange, `Codable` with the contract's field names (Schema/transfer.schema.json,
// FORMAT.md): each decodes through the reader NDJSON input goes through and encodes its canonical JSON,
// so a JSON record decodes to the same value, or fails on the same field and rule, either way.

/// `Codable` as its contract JSON object, read exactly as `Transfer(jsonBytes:)` reads it (see
/// `JSONValue`'s `Codable` conformance for what a `Decoder` settles first). The structural rules
/// (lengths, syntax, reference data) are checked when the transfer is recorded or checked, as for NDJSON.
extension Transfer: Codable {
    /// Decodes a transfer from its contract JSON object.
    public init(from decoder: any Decoder) throws {
        self = try JSONValue.decode(from: decoder) { (json) throws(RecordError) in try Transfer(json: json) }
    }

    /// Encodes the transfer as `jsonValue`, its contract JSON object.
    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }
}

/// `Codable` as `{"entity", "role"}`, read as a transfer's exporter or importer is read.
extension Party: Codable {
    /// Decodes a party from `{"entity", "role"}`.
    public init(from decoder: any Decoder) throws {
        self = try JSONValue.decode(from: decoder) { (json) throws(RecordError) in try Party(json: json, path: "party") }
    }

    /// Encodes the party as `{"entity", "role"}`.
    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }
}

/// `Codable` as its NDJSON input for `ledger correct`, read as that input is read.
extension TransferCorrection: Codable {
    /// Decodes a correction from its JSON object.
    public init(from decoder: any Decoder) throws {
        self = try JSONValue.decode(from: decoder) { (json) throws(RecordError) in try TransferCorrection(json: json) }
    }

    /// Encodes the correction as `jsonValue`.
    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }
}

/// `Codable` as its NDJSON input for `ledger gov-access`, read as that input is read.
extension GovAccessRequest: Codable {
    /// Decodes a government access request from its JSON object.
    public init(from decoder: any Decoder) throws {
        self = try JSONValue.decode(from: decoder) { (json) throws(RecordError) in try GovAccessRequest(json: json) }
    }

    /// Encodes the request as `jsonValue`.
    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }
}

/// `Codable` as `{"findings", "flags", "ruleSetVersion", "status"}` (FORMAT.md §4.1), read as a verdict
/// stored in an entry is read: unknown rule ids, severities and flags are kept, an unknown status or
/// member is refused.
extension PolicyVerdict: Codable {
    /// Decodes a verdict from its JSON object.
    public init(from decoder: any Decoder) throws {
        self = try JSONValue.decode(from: decoder) { (json) throws(RecordError) in try PolicyVerdict(json: json) }
    }

    /// Encodes the verdict as `jsonValue`, exactly as hashed in its entry.
    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }
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
