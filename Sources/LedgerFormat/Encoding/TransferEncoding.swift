extension Transfer {
    /// The transfer as a JSON object with the contract's field names; absent optionals are omitted and
    /// `transferKind` is always written, so equal transfers always have equal canonical bytes.
    public var jsonValue: JSONValue {
        var members: JSONObject = [
            "occurredAt": .string(occurredAt.rfc3339),
            "exporter": exporter.jsonValue,
            "importer": importer.jsonValue,
            "destination": .string(destination),
            "mechanism": .string(mechanism.rawValue),
            "purposes": .codes(purposes),
            "dataCategories": .codes(dataCategories),
            "subjectCategories": .codes(subjectCategories),
            "specialCategories": .codes(specialCategories),
            "criminalData": .bool(criminalData),
            "subjectCount": .string(subjectCount.rawValue),
            "loggedBy": .string(loggedBy),
            "idempotencyKey": .string(idempotencyKey),
            "transferKind": .string(transferKind.rawValue),
        ]
        members["mechanismRef"] = mechanismRef.map(JSONValue.string)
        members["windowEnd"] = windowEnd.map { .string($0.rfc3339) }
        members["frequency"] = frequency.map { .string($0.rawValue) }
        members["onBehalfOf"] = onBehalfOf.map(JSONValue.string)
        members["sccModule"] = sccModule.map { .string($0.rawValue) }
        members["tiaRef"] = tiaRef.map(JSONValue.string)
        members["supplementaryMeasures"] = supplementaryMeasures.map(JSONValue.codes)
        members["art9Condition"] = art9Condition.map { .string($0.rawValue) }
        members["art10Basis"] = art10Basis.map(JSONValue.string)
        members["parent"] = parent.map { .integer(Int64($0)) }
        members["contractRefs"] = contractRefs.map { .array($0.map(JSONValue.string)) }
        members["notes"] = notes.map(JSONValue.string)
        // A set: sorted, so the same links in another order are the same content.
        members["subjectLinks"] = subjectLinks.map { .array($0.sorted().map { .string($0.description) }) }
        return .object(members)
    }
}

extension Party {
    /// The party as `{"entity": …, "role": …}`.
    package var jsonValue: JSONValue {
        .object(["entity": .string(entity), "role": .string(role.rawValue)])
    }
}

extension JSONValue {
    static func codes<Code: LedgerCode>(_ codes: [Code]) -> JSONValue {
        .array(codes.map { .string($0.rawValue) })
    }
}
