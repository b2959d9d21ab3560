import LedgerSample
import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// Issue 11, item 16: the JSON Schemas type no optional member as null, so the decoders refuse null
/// (naming the field) and accept the member left out. Checked member by member from the schemas
/// themselves, on records generated from a valid sample of each kind.
@Suite("Schemas and decoders agree on null: refused, and an absent optional member accepted")
struct SchemaNullTests {
    struct Kind: Sendable, CustomTestStringConvertible {
        let schema: String
        let sample: @Sendable () throws -> JSONObject
        let decode: @Sendable (JSONValue) throws(RecordError) -> Void
        var testDescription: String { schema }
    }

    static let transfer: @Sendable () throws -> JSONObject = {
        var transfer = PolicyRulesTests.payrollToIndia
        transfer.windowEnd = try Timestamp(rfc3339: "2026-05-02T00:00:00Z")
        transfer.notes = "batch of May"
        transfer.parent = 3
        transfer.contractRefs = ["DPA-1"]
        return try #require(transfer.jsonValue.objectValue)
    }

    static let kinds: [Kind] = [
        Kind(schema: "transfer.schema.json", sample: transfer, decode: { (json) throws(RecordError) in _ = try Transfer(json: json) }),
        Kind(schema: "correction.schema.json", sample: {
            try #require(TransferCorrection(supersedes: 7, reason: .wrongReference, reasonNote: "ticket CHG-1",
                                            transfer: PolicyRulesTests.payrollToIndia).jsonValue.objectValue)
        }, decode: { (json) throws(RecordError) in _ = try TransferCorrection(json: json) }),
        Kind(schema: "gov-access-request.schema.json", sample: {
            try #require(try SampleGroup.govAccessRequest(about: PolicyRulesTests.payrollToIndia, seq: 4).jsonValue.objectValue)
        }, decode: { (json) throws(RecordError) in _ = try GovAccessRequest(json: json) }),
    ]

    /// The members a schema lists but does not require.
    static func optionalMembers(_ schema: String) throws -> [String] {
        let object = try #require(try JSONParser.parse(SchemaFile.text(schema)).objectValue, "\(schema)")
        let properties = try #require(object["properties"]?.objectValue, "\(schema)")
        guard case .array(let required)? = object["required"] else { return properties.keys.sorted() }
        let requiredNames = Set(required.compactMap(\.stringValue))
        return properties.keys.filter { !requiredNames.contains($0) }.sorted()
    }

    @Test(arguments: kinds)
    func nullIsRefusedAndAbsenceAcceptedForEveryOptionalMember(kind: Kind) throws {
        let sample = try kind.sample()
        #expect(throws: Never.self, "the sample itself must decode") { try kind.decode(.object(sample)) }
        let optional = try Self.optionalMembers(kind.schema)
        #expect(!optional.isEmpty)
        for member in optional {
            var withNull = sample
            withNull[member] = .null
            do {
                try kind.decode(.object(withNull))
                Issue.record("\(kind.schema): \(member): null was accepted")
            } catch {
                #expect(error.field == member && error.rule == .wrongType, "\(kind.schema): \(member): \(error)")
            }
            var without = sample
            without[member] = nil
            do {
                try kind.decode(.object(without))
            } catch {
                // Another member may require this one (art9Condition with special categories); the
                // absence itself must never be a type error.
                #expect(error.rule == .missingField || error.field != member, "\(kind.schema): \(member) absent: \(error)")
            }
        }
    }
}
