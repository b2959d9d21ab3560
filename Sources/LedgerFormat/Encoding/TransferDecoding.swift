/// Reads a transfer from its JSON form, rejecting unknown fields, wrong types and unknown codes.
///
/// Only the shape is checked here; `StructuralRules` checks lengths, syntax and reference data, so
/// that a `Transfer` built in Swift passes the same checks as one read from NDJSON.
extension Transfer {
    package static let mandatoryFields: Set<String> = [
        "occurredAt", "exporter", "importer", "destination", "mechanism", "purposes", "dataCategories",
        "subjectCategories", "specialCategories", "criminalData", "subjectCount", "loggedBy", "idempotencyKey",
    ]
    package static let optionalFields: Set<String> = [
        "mechanismRef", "windowEnd", "transferKind", "frequency", "onBehalfOf", "sccModule", "tiaRef",
        "supplementaryMeasures", "art9Condition", "art10Basis", "parent", "contractRefs", "notes",
        "subjectLinks",
    ]
    static let inputFields = mandatoryFields.union(optionalFields)
    /// A stored payload holds commitments to the subject links (`subjectLinkCommitments`), never the tokens.
    static let storedFields = inputFields.subtracting(["subjectLinks"]).union(TransferPayload.derivedFields)

    /// Decodes a transfer from a JSON object; with `stored`, the members the ledger itself adds to
    /// stored payloads are allowed and skipped.
    package init(json: JSONValue, stored: Bool = false) throws(RecordError) {
        guard case .object(let members) = json else {
            throw RecordError(field: "", rule: .notAnObject, message: "a transfer must be a JSON object, not \(json.typeName)")
        }
        let reader = FieldReader(members: members, path: "")
        try reader.rejectUnknown(allowed: stored ? Self.storedFields : Self.inputFields)

        self.init(
            occurredAt: try reader.timestamp("occurredAt"),
            exporter: try reader.party("exporter"),
            importer: try reader.party("importer"),
            destination: try reader.string("destination"),
            mechanism: try reader.code("mechanism"),
            purposes: try reader.codes("purposes"),
            dataCategories: try reader.codes("dataCategories"),
            subjectCategories: try reader.codes("subjectCategories"),
            specialCategories: try reader.codes("specialCategories"),
            criminalData: try reader.bool("criminalData"),
            subjectCount: try reader.code("subjectCount"),
            loggedBy: try reader.string("loggedBy"),
            idempotencyKey: try reader.string("idempotencyKey")
        )
        mechanismRef = reader.has("mechanismRef") ? try reader.string("mechanismRef") : nil
        windowEnd = reader.has("windowEnd") ? try reader.timestamp("windowEnd") : nil
        transferKind = reader.has("transferKind") ? try reader.code("transferKind") : .initial
        frequency = reader.has("frequency") ? try reader.code("frequency") : nil
        onBehalfOf = reader.has("onBehalfOf") ? try reader.string("onBehalfOf") : nil
        sccModule = reader.has("sccModule") ? try reader.code("sccModule") : nil
        tiaRef = reader.has("tiaRef") ? try reader.string("tiaRef") : nil
        supplementaryMeasures = reader.has("supplementaryMeasures") ? try reader.codes("supplementaryMeasures") : nil
        art9Condition = reader.has("art9Condition") ? try reader.code("art9Condition") : nil
        art10Basis = reader.has("art10Basis") ? try reader.string("art10Basis") : nil
        parent = reader.has("parent") ? try reader.sequenceNumber("parent") : nil
        contractRefs = reader.has("contractRefs") ? try reader.strings("contractRefs") : nil
        notes = reader.has("notes") ? try reader.string("notes") : nil
        subjectLinks = reader.has("subjectLinks") ? try reader.subjectTokens("subjectLinks") : nil
    }
}

/// Typed access to the members of one JSON object, with errors that carry the field's full path.
package struct FieldReader {
    let members: JSONObject
    let path: String

    func fieldPath(_ name: String) -> String {
        path.isEmpty ? name : path + "." + name
    }

    package func rejectUnknown(allowed: Set<String>) throws(RecordError) {
        guard let name = members.keys.filter({ !allowed.contains($0) }).min() else { return }
        throw RecordError(field: fieldPath(name), rule: .unknownField, message: "is not a field of this record")
    }

    package func value(_ name: String) throws(RecordError) -> JSONValue {
        guard let value = members[name] else {
            throw RecordError(field: fieldPath(name), rule: .missingField, message: "is mandatory and missing")
        }
        // The JSON Schemas type no member as null: an absent optional member is left out, never null.
        guard value != .null else {
            throw RecordError(field: fieldPath(name), rule: .wrongType, message: "is null; leave an optional member out instead")
        }
        return value
    }

    /// Whether an optional member is present; a `null` one is present, and its reader refuses it.
    func has(_ name: String) -> Bool {
        members[name] != nil
    }

    /// An integer beyond ±(2^53 − 1), which FORMAT.md §2 excludes from payloads.
    package func beyondSafeIntegers(_ name: String, _ integer: Int64) -> RecordError {
        RecordError(field: fieldPath(name), rule: .wrongType, message: "\(integer) is beyond ±(2^53 − 1), the integers a payload may hold (FORMAT.md §2)")
    }

    func wrongType(_ name: String, expected: String, got value: JSONValue) -> RecordError {
        RecordError(field: fieldPath(name), rule: .wrongType, message: "must be \(expected), not \(value.typeName)")
    }

    package func string(_ name: String) throws(RecordError) -> String {
        let value = try value(name)
        guard case .string(let string) = value else { throw wrongType(name, expected: "a string", got: value) }
        return string
    }

    func bool(_ name: String) throws(RecordError) -> Bool {
        let value = try value(name)
        guard case .bool(let flag) = value else { throw wrongType(name, expected: "true or false", got: value) }
        return flag
    }

    package func sequenceNumber(_ name: String) throws(RecordError) -> UInt64 {
        let value = try value(name)
        guard case .integer(let integer) = value, integer >= 0 else {
            throw wrongType(name, expected: "a non-negative integer (a sequence number)", got: value)
        }
        guard integer <= CanonicalJSON.maximumInteger else { throw beyondSafeIntegers(name, integer) }
        return UInt64(integer)
    }

    func timestamp(_ name: String) throws(RecordError) -> Timestamp {
        let text = try string(name)
        do {
            return try Timestamp(rfc3339: text)
        } catch {
            throw RecordError(field: fieldPath(name), rule: .malformedTimestamp, message: "'\(text)' \(error)")
        }
    }

    package func code<Code: LedgerCode>(_ name: String) throws(RecordError) -> Code {
        let text = try string(name)
        guard let code = Code(rawValue: text) else {
            throw RecordError(field: fieldPath(name), rule: .unknownValue, message: "'\(text)' is not one of \(Code.spellings)")
        }
        return code
    }

    func array(_ name: String) throws(RecordError) -> [JSONValue] {
        let value = try value(name)
        guard case .array(let elements) = value else { throw wrongType(name, expected: "an array", got: value) }
        return elements
    }

    func strings(_ name: String) throws(RecordError) -> [String] {
        try array(name).enumerated().map { (index, element) throws(RecordError) -> String in
            guard case .string(let string) = element else {
                throw wrongType("\(name)[\(index)]", expected: "a string", got: element)
            }
            return string
        }
    }

    /// A list of subject tokens, each 64 lowercase hex digits (FORMAT.md §4.7).
    func subjectTokens(_ name: String) throws(RecordError) -> [SubjectToken] {
        try strings(name).enumerated().map { (index, text) throws(RecordError) -> SubjectToken in
            guard let token = SubjectToken(hex: text) else {
                throw RecordError(field: fieldPath("\(name)[\(index)]"), rule: .wrongType, message: "is not a subject token (64 lowercase hex digits)")
            }
            return token
        }
    }

    func codes<Code: LedgerCode>(_ name: String) throws(RecordError) -> [Code] {
        try strings(name).enumerated().map { (index, text) throws(RecordError) -> Code in
            guard let code = Code(rawValue: text) else {
                throw RecordError(field: fieldPath("\(name)[\(index)]"), rule: .unknownValue, message: "'\(text)' is not one of \(Code.spellings)")
            }
            return code
        }
    }

    func party(_ name: String) throws(RecordError) -> Party {
        try Party(json: try value(name), path: fieldPath(name))
    }

    /// The fields as given.
    package init(members: JSONObject, path: String) {
        self.members = members
        self.path = path
    }
}

extension Party {
    /// Reads a party `{"entity", "role"}` as a transfer's exporter or importer is read; `path` names it
    /// in errors.
    package init(json value: JSONValue, path: String) throws(RecordError) {
        guard case .object(let members) = value else {
            throw RecordError(field: path, rule: .wrongType, message: "must be an object {\"entity\": CODE, \"role\": ROLE}, not \(value.typeName)")
        }
        let reader = FieldReader(members: members, path: path)
        try reader.rejectUnknown(allowed: ["entity", "role"])
        self.init(entity: try reader.string("entity"), role: try reader.code("role"))
    }
}
