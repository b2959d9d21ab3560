/// The payload of a `referenceData` entry, which adopts a region table:
/// `{"effectiveFrom": "YYYY-MM-DD", "table": {…}, "version": "<hex SHA-256 of the table's canonical JSON>"}`.
package struct ReferenceDataPayload {
    /// The table as adopted, in the format of `Schema/regions.json`.
    let table: JSONValue
    /// The first UTC day on which the table judges appends.
    package let effectiveFrom: Day
    /// The validated table; its version is the SHA-256 of `table`'s canonical bytes.
    package let referenceData: ReferenceData

    /// A payload for `table`, validated as strictly as the embedded table.
    package init(table: JSONValue, effectiveFrom: Day) throws(RecordError) {
        self.table = table
        self.effectiveFrom = effectiveFrom
        referenceData = try ReferenceData(validating: table, version: SHA256.hash(CanonicalJSON.encode(table)))
    }

    /// Reads a stored payload as strictly as an incoming table, checking its recorded version.
    package init(bytes: [UInt8]) throws(RecordError) {
        let json = try NDJSON.json(bytes)
        let reader = try FieldReader.object(json, expected: "a reference data payload")
        try reader.rejectUnknown(allowed: ["effectiveFrom", "table", "version"])
        do {
            try self.init(table: try reader.value("table"), effectiveFrom: try reader.day("effectiveFrom"))
        } catch {
            throw error.field == "effectiveFrom" ? error : error.nested(in: "table")
        }
        let version = try reader.string("version")
        guard version == referenceData.versionHex else {
            throw RecordError(field: "version", rule: .wrongType,
                              message: "the table hashes to \(referenceData.versionHex.prefix(12))…, not the recorded \(version.prefix(12))…")
        }
    }

    /// The canonical JSON bytes stored in the entry.
    package var canonicalBytes: [UInt8] {
        CanonicalJSON.encode(.object([
            "effectiveFrom": .string(effectiveFrom.description), "table": table, "version": .string(referenceData.versionHex),
        ]))
    }
}

extension EntryKind {
    /// The adoption of a region table (`Schema/regions.json` format) from an effective day on.
    public static let referenceData = EntryKind(rawValue: "referenceData")
}
