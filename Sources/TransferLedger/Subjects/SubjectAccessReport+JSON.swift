import LedgerFormat

extension SubjectAccessReport {
    /// The `format` member of the JSON answer (FORMAT.md §29).
    public static let format = "transferledger-subject-access/1"

    /// The answer as JSON in the shape FORMAT.md §29 specifies: codes as the contract spells them,
    /// times in RFC 3339, the plain-language safeguard beside its facts.
    public var jsonValue: JSONValue {
        var members: JSONObject = [
            "format": .string(Self.format),
            "generatedAt": .string(generatedAt.rfc3339),
            "disclosures": .array(disclosures.map(\.jsonValue)),
        ]
        switch scope {
        case .category(let exporter, let subjectCategory):
            members["scope"] = .object(["kind": .string("category"), "exporter": .string(exporter), "subjectCategory": .string(subjectCategory.rawValue)])
        case .subject:
            members["scope"] = .object(["kind": .string("subject")])
        }
        members["controller"] = controllerName.map(JSONValue.string)
        var period: JSONObject = [:]
        period["from"] = from.map { .string($0.rfc3339) }
        period["to"] = to.map { .string($0.rfc3339) }
        members["period"] = .object(period)
        return .object(members)
    }

    /// The JSON answer's bytes: canonical JSON (RFC 8785) and a line feed.
    public var json: [UInt8] { CanonicalJSON.encode(jsonValue) + [0x0A] }
}

extension SubjectAccessReport.Disclosure {
    var jsonValue: JSONValue {
        .object([
            "exporter": exporter.jsonValue,
            "recipient": recipient.jsonValue,
            "destination": .string(destination),
            "destinationName": .string(destinationName),
            "safeguard": safeguard.jsonValue,
            "purposes": .array(purposes.map { .string($0.rawValue) }),
            "dataCategories": .array(dataCategories.map { .string($0.rawValue) }),
            "specialCategories": .array(specialCategories.map { .string($0.rawValue) }),
            "firstTransfer": .string(firstTransfer.rfc3339),
            "lastTransfer": .string(lastTransfer.rfc3339),
            "transfers": .integer(Int64(transfers)),
        ])
    }
}

extension SubjectAccessReport.Organisation {
    var jsonValue: JSONValue {
        var members: JSONObject = ["role": .string(role.rawValue), "groupMember": .bool(groupMember)]
        members["legalName"] = legalName.map(JSONValue.string)
        members["country"] = country.map(JSONValue.string)
        return .object(members)
    }
}

extension SubjectAccessReport.Safeguard {
    var jsonValue: JSONValue {
        var members: JSONObject = ["mechanism": .string(mechanism.rawValue), "summary": .string(summary)]
        members["reference"] = reference.map(JSONValue.string)
        members["sccModule"] = sccModule.map { .string($0.rawValue) }
        members["leadAuthority"] = leadAuthority.map(JSONValue.string)
        members["publicVersion"] = publicVersion.map(JSONValue.string)
        return .object(members)
    }
}
