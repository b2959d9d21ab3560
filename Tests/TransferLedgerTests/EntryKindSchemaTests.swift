import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// Schema/correction.schema.json and Schema/gov-access-request.schema.json describe exactly what the
/// decoders accept: the same members and the same codes.
@Suite struct EntryKindSchemaTests {
    static func properties(_ file: String) throws -> JSONObject {
        try #require(try JSONParser.parse(SchemaFile.text(file)).objectValue?["properties"]?.objectValue, "\(file)")
    }

    static func codes(_ properties: JSONObject, _ field: String) -> [String] {
        let property = properties[field]?.objectValue ?? [:]
        guard case .array(let values)? = (property["items"]?.objectValue ?? property)["enum"] else { return [] }
        return values.compactMap(\.stringValue)
    }

    @Test func theCorrectionSchemaMatchesTheDecoder() throws {
        let properties = try Self.properties("correction.schema.json")
        #expect(Set(properties.keys) == ["supersedes", "reason", "reasonNote", "transfer"])
        #expect(Self.codes(properties, "reason") == CorrectionReason.allCases.map(\.rawValue))
    }

    @Test func theGovernmentAccessSchemaMatchesTheDecoder() throws {
        let properties = try Self.properties("gov-access-request.schema.json")
        #expect(Set(properties.keys) == GovAccessRequest.fields)
        #expect(Self.codes(properties, "authorityType") == GovAccessRequest.AuthorityType.allCases.map(\.rawValue))
        #expect(Self.codes(properties, "art48Basis") == GovAccessRequest.Art48Basis.allCases.map(\.rawValue))
        #expect(Self.codes(properties, "outcome") == GovAccessRequest.Outcome.allCases.map(\.rawValue))
        #expect(Self.codes(properties, "challengeOutcome") == GovAccessRequest.ChallengeOutcome.allCases.map(\.rawValue))
        #expect(Self.codes(properties, "dataCategoriesRequested") == DataCategory.allCases.map(\.rawValue))
        #expect(Self.codes(properties, "approxSubjectCount") == CountBand.allCases.map(\.rawValue))
    }
}
