import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// Schema/transfer.schema.json is the published input contract; it must list exactly the fields and
/// codes the decoder accepts.
@Suite struct TransferSchemaTests {
    static let schema: JSONObject = (try? JSONParser.parse(SchemaFile.text("transfer.schema.json")))?.objectValue ?? [:]
    static var properties: JSONObject { schema["properties"]?.objectValue ?? [:] }

    @Test func fieldsMatchTheDecoder() throws {
        #expect(Set(Self.properties.keys) == Transfer.mandatoryFields.union(Transfer.optionalFields))
        guard case .array(let required)? = Self.schema["required"] else { Issue.record("no required list"); return }
        #expect(Set(required.compactMap(\.stringValue)) == Transfer.mandatoryFields)
        #expect(Self.schema["additionalProperties"] == .bool(false))
    }

    static func codes(_ field: String) -> [String] {
        let property = properties[field]?.objectValue ?? [:]
        let holder = property["items"]?.objectValue ?? property
        guard case .array(let values)? = holder["enum"] else { return [] }
        return values.compactMap(\.stringValue)
    }

    @Test func enumerationsMatchTheModel() {
        #expect(Self.codes("mechanism") == TransferMechanism.allCases.map(\.rawValue))
        #expect(Self.codes("transferKind") == TransferKind.allCases.map(\.rawValue))
        #expect(Self.codes("frequency") == Frequency.allCases.map(\.rawValue))
        #expect(Self.codes("sccModule") == SccModule.allCases.map(\.rawValue))
        #expect(Self.codes("supplementaryMeasures") == SupplementaryMeasure.allCases.map(\.rawValue))
        #expect(Self.codes("purposes") == Purpose.allCases.map(\.rawValue))
        #expect(Self.codes("dataCategories") == DataCategory.allCases.map(\.rawValue))
        #expect(Self.codes("subjectCategories") == SubjectCategory.allCases.map(\.rawValue))
        #expect(Self.codes("specialCategories") == SpecialCategory.allCases.map(\.rawValue))
        #expect(Self.codes("art9Condition") == Art9Condition.allCases.map(\.rawValue))
        #expect(Self.codes("subjectCount") == CountBand.allCases.map(\.rawValue))
        let party = Self.properties["exporter"]?.objectValue?["properties"]?.objectValue?["role"]?.objectValue
        #expect(party?["enum"] == .array(PartyRole.allCases.map { .string($0.rawValue) }))
    }
}
