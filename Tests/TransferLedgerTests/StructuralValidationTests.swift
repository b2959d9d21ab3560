import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// One way to break a valid transfer's JSON, and the error that must name it.
struct RuleCase: Sendable, CustomTestStringConvertible {
    let name: String
    let field: String
    let rule: RecordError.Rule
    var messageContains: [String] = []
    let change: @Sendable (inout JSONObject) -> Void

    var testDescription: String { name }

    static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

    static let all: [RuleCase] = [
        // Shape, checked while decoding.
        RuleCase(name: "unknown top-level field", field: "colour", rule: .unknownField) { $0["colour"] = .string("blue") },
        RuleCase(name: "derived field supplied by the caller", field: "region", rule: .unknownField) { $0["region"] = .string("EEA") },
        RuleCase(name: "unknown field nested in exporter", field: "exporter.country", rule: .unknownField) {
            $0.nested("exporter") { $0["country"] = .string("FR") }
        },
        RuleCase(name: "missing mandatory field", field: "loggedBy", rule: .missingField) { $0["loggedBy"] = nil },
        RuleCase(name: "null mandatory field", field: "criminalData", rule: .wrongType) { $0["criminalData"] = .null },
        RuleCase(name: "missing nested field", field: "importer.role", rule: .missingField) { $0.nested("importer") { $0["role"] = nil } },
        RuleCase(name: "missing specialCategories", field: "specialCategories", rule: .missingField) { $0["specialCategories"] = nil },
        RuleCase(name: "boolean as string", field: "criminalData", rule: .wrongType, messageContains: ["true or false", "string"]) {
            $0["criminalData"] = .string("false")
        },
        RuleCase(name: "array as string", field: "purposes", rule: .wrongType) { $0["purposes"] = .string("hrAdministration") },
        RuleCase(name: "party as string", field: "exporter", rule: .wrongType) { $0["exporter"] = .string("NW-FR") },
        RuleCase(name: "timestamp as number", field: "occurredAt", rule: .wrongType) { $0["occurredAt"] = .integer(1_772_445_600) },
        RuleCase(name: "negative parent", field: "parent", rule: .wrongType) { $0["parent"] = .integer(-1) },
        RuleCase(name: "fractional parent", field: "parent", rule: .wrongType) { $0["parent"] = .number("1.5") },
        RuleCase(name: "number in a string list", field: "contractRefs[1]", rule: .wrongType) { $0["contractRefs"] = .array([.string("A"), .integer(2)]) },
        RuleCase(name: "unknown mechanism", field: "mechanism", rule: .unknownValue,
                 messageContains: ["'scc'", TransferMechanism.allCases.map(\.rawValue).joined(separator: ", ")]) {
            $0["mechanism"] = .string("scc")
        },
        RuleCase(name: "misspelt role", field: "importer.role", rule: .unknownValue,
                 messageContains: ["'proccessor' is not one of controller, jointController, processor, subProcessor"]) {
            $0.nested("importer") { $0["role"] = .string("proccessor") }
        },
        RuleCase(name: "unknown purpose in a list", field: "purposes[1]", rule: .unknownValue, messageContains: ["payroll, recruitment"]) {
            $0["purposes"] = strings(["hrAdministration", "marketing"])
        },
        RuleCase(name: "wrongly cased code", field: "subjectCount", rule: .unknownValue) { $0["subjectCount"] = .string("B101_1K") },
        RuleCase(name: "malformed timestamp", field: "occurredAt", rule: .malformedTimestamp) { $0["occurredAt"] = .string("2026-03-02 10:00:00Z") },
        RuleCase(name: "non-UTC timestamp", field: "occurredAt", rule: .malformedTimestamp, messageContains: ["UTC"]) {
            $0["occurredAt"] = .string("2026-03-02T10:00:00+01:00")
        },
        RuleCase(name: "impossible windowEnd", field: "windowEnd", rule: .malformedTimestamp) { $0["windowEnd"] = .string("2026-02-30T00:00:00Z") },

        // Structural rules, checked after decoding.
        RuleCase(name: "unknown country code", field: "destination", rule: .unknownDestination) { $0["destination"] = .string("XX") },
        RuleCase(name: "lowercase country code", field: "destination", rule: .unknownDestination) { $0["destination"] = .string("in") },
        RuleCase(name: "unknown organisation", field: "destination", rule: .unknownDestination) { $0["destination"] = .string("INT-XYZ") },
        RuleCase(name: "windowEnd before occurredAt", field: "windowEnd", rule: .windowBeforeStart) {
            $0["windowEnd"] = .string("2026-03-02T09:59:59.999999Z")
        },
        RuleCase(name: "over-long entity code", field: "exporter.entity", rule: .tooLong) {
            $0.nested("exporter") { $0["entity"] = .string(String(repeating: "E", count: StructuralRules.maximumCodeLength + 1)) }
        },
        RuleCase(name: "over-long loggedBy", field: "loggedBy", rule: .tooLong) {
            $0["loggedBy"] = .string(String(repeating: "s", count: StructuralRules.maximumCodeLength + 1))
        },
        RuleCase(name: "over-long idempotency key", field: "idempotencyKey", rule: .tooLong) {
            $0["idempotencyKey"] = .string(String(repeating: "k", count: StructuralRules.maximumReferenceLength + 1))
        },
        RuleCase(name: "over-long mechanismRef", field: "mechanismRef", rule: .tooLong) {
            $0["mechanismRef"] = .string(String(repeating: "r", count: StructuralRules.maximumReferenceLength + 1))
        },
        RuleCase(name: "over-long notes", field: "notes", rule: .tooLong) {
            $0["notes"] = .string(String(repeating: "n", count: StructuralRules.maximumNotesLength + 1))
        },
        RuleCase(name: "notes over-long in bytes, not characters", field: "notes", rule: .tooLong) {
            $0["notes"] = .string(String(repeating: "é", count: StructuralRules.maximumNotesLength / 2 + 1))
        },
        RuleCase(name: "too many contracts", field: "contractRefs", rule: .tooLong) {
            $0["contractRefs"] = strings((0...StructuralRules.maximumContractRefs).map { "C-\($0)" })
        },
        RuleCase(name: "over-long contract reference", field: "contractRefs[1]", rule: .tooLong) {
            $0["contractRefs"] = strings(["C-1", String(repeating: "c", count: StructuralRules.maximumReferenceLength + 1)])
        },
        RuleCase(name: "empty purposes", field: "purposes", rule: .empty) { $0["purposes"] = .array([]) },
        RuleCase(name: "empty dataCategories", field: "dataCategories", rule: .empty) { $0["dataCategories"] = .array([]) },
        RuleCase(name: "empty subjectCategories", field: "subjectCategories", rule: .empty) { $0["subjectCategories"] = .array([]) },
        RuleCase(name: "empty loggedBy", field: "loggedBy", rule: .empty) { $0["loggedBy"] = .string("") },
        RuleCase(name: "empty idempotency key", field: "idempotencyKey", rule: .empty) { $0["idempotencyKey"] = .string("") },
        RuleCase(name: "empty notes", field: "notes", rule: .empty) { $0["notes"] = .string("") },
        RuleCase(name: "duplicate data category", field: "dataCategories[2]", rule: .duplicateValue, messageContains: ["'identity'"]) {
            $0["dataCategories"] = strings(["identity", "contact", "identity"])
        },
        RuleCase(name: "duplicate special category", field: "specialCategories[1]", rule: .duplicateValue) {
            $0["specialCategories"] = strings(["health", "health"])
        },
        RuleCase(name: "duplicate supplementary measure", field: "supplementaryMeasures[1]", rule: .duplicateValue) {
            $0["supplementaryMeasures"] = strings(["splitProcessing", "splitProcessing"])
        },
        RuleCase(name: "duplicate contract reference", field: "contractRefs[1]", rule: .duplicateValue) {
            $0["contractRefs"] = strings(["DPA-1", "DPA-1"])
        },
        RuleCase(name: "entity code with a space", field: "exporter.entity", rule: .invalidCode) {
            $0.nested("exporter") { $0["entity"] = .string("NW FR") }
        },
        RuleCase(name: "entity code starting with a dash", field: "importer.entity", rule: .invalidCode) {
            $0.nested("importer") { $0["entity"] = .string("-NW") }
        },
        RuleCase(name: "non-ASCII entity code", field: "importer.entity", rule: .invalidCode) {
            $0.nested("importer") { $0["entity"] = .string("NW-ZÜ") }
        },
        RuleCase(name: "invalid onBehalfOf code", field: "onBehalfOf", rule: .invalidCode) { $0["onBehalfOf"] = .string("ACME/DE") },
        RuleCase(name: "control character in a reference", field: "tiaRef", rule: .invalidCode) { $0["tiaRef"] = .string("TIA\u{1}") },
        RuleCase(name: "carriage return in notes", field: "notes", rule: .invalidCode) { $0["notes"] = .string("a\rb") },
        RuleCase(name: "DEL in notes", field: "notes", rule: .invalidCode) { $0["notes"] = .string("a\u{7F}b") },
    ]
}

@Suite("Structural validation")
struct StructuralValidationTests {
    /// Decodes and checks `members` as the ledger does; nil when the transfer is accepted.
    static func firstError(_ members: JSONObject) -> (error: RecordError, decoded: Transfer?)? {
        let transfer: Transfer
        do {
            transfer = try Transfer(jsonBytes: CanonicalJSON.encode(.object(members)))
        } catch {
            return (error, nil)
        }
        do {
            try StructuralRules.check(transfer)
            return nil
        } catch {
            return (error, transfer)
        }
    }

    @Test func theUnchangedFixtureIsValid() throws {
        #expect(Self.firstError(Fixture.validJSON) == nil)
        #expect(throws: Never.self) { try StructuralRules.check(Fixture.transfer(key: "k")) }
        #expect(throws: Never.self) { try StructuralRules.check(Fixture.fullyPopulated) }
    }

    @Test(arguments: RuleCase.all)
    func eachRuleNamesItsFieldAndRule(_ rule: RuleCase) throws {
        var members = Fixture.validJSON
        rule.change(&members)
        let found = try #require(Self.firstError(members), "\(rule.name) was accepted")
        #expect(found.error.field == rule.field)
        #expect(found.error.rule == rule.rule)
        #expect(found.error.record == nil)
        for part in rule.messageContains {
            #expect(found.error.message.contains(part), "message: \(found.error.message)")
        }

        // A record that decodes but breaks a structural rule is refused by the ledger, which writes nothing.
        // On SQLite only: the rules are checked before storage is asked, and that a refusal writes
        // nothing on either backend is what the batch tests below assert on both.
        guard let transfer = found.decoded else { return }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try Ledger.create(at: directory.file("rules.ledger"))
        try ledger.record(Fixture.transfer(key: "before"))
        let error = try #require(throws: LedgerError.self) { try ledger.record(transfer) }
        guard case .rejected(let rejection) = error else {
            Issue.record("expected .rejected, got \(error)")
            return
        }
        #expect(rejection.field == rule.field)
        #expect(rejection.rule == rule.rule)
        #expect(rejection.record == 1)
        #expect(try ledger.entryCount() == 1)
        #expect(try ledger.keys() == ["before"])
    }

    @Test(arguments: [
        ("not an object", "[]", RecordError.Rule.notAnObject),
        ("a string", #""transfer""#, .notAnObject),
        ("broken JSON", #"{"occurredAt":"#, .syntax),
        ("duplicate key", #"{"loggedBy":"a","loggedBy":"b"}"#, .syntax),
    ])
    func rejectsInputThatIsNotATransferObject(why: String, text: String, rule: RecordError.Rule) throws {
        let error = try #require(throws: RecordError.self, "\(why)") { try Transfer(jsonBytes: Array(text.utf8)) }
        #expect(error.rule == rule)
        #expect(error.field == "")
    }

    @Test func acceptsValuesExactlyAtTheLimits() throws {
        var members = Fixture.validJSON
        members["loggedBy"] = .string(String(repeating: "s", count: StructuralRules.maximumCodeLength))
        members.nested("exporter") { $0["entity"] = .string("9" + String(repeating: "a", count: StructuralRules.maximumCodeLength - 1)) }
        members["idempotencyKey"] = .string(String(repeating: "k", count: StructuralRules.maximumReferenceLength))
        members["notes"] = .string(String(repeating: "é", count: StructuralRules.maximumNotesLength / 2))
        members["contractRefs"] = RuleCase.strings((0..<StructuralRules.maximumContractRefs).map { "C-\($0)" })
        members["windowEnd"] = members["occurredAt"]
        members["specialCategories"] = .array([])
        members["supplementaryMeasures"] = .array([])
        members["parent"] = nil
        members.nested("importer") { $0["entity"] = .string("a-b_c.d:e") }
        #expect(Self.firstError(members) == nil)
    }

    @Test func allowsLineBreaksAndTabsInNotesOnly() {
        var members = Fixture.validJSON
        members["notes"] = .string("line one\nline two\tend")
        #expect(Self.firstError(members) == nil)
        members["tiaRef"] = .string("line one\nline two")
        #expect(Self.firstError(members)?.error.field == "tiaRef")
    }

    @Test(arguments: Backend.allCases)
    func aBadRecordInABatchWritesNothingAndIsNamed(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Ledger.create(at: scratch.path)
        try ledger.record(contentsOf: Fixture.transfers(2, prefix: "earlier"))

        var batch = Fixture.transfers(3, prefix: "batch")
        batch[1].destination = "XX"
        let error = try #require(throws: LedgerError.self) { try ledger.record(contentsOf: batch) }
        #expect(error == .rejected(RecordError(record: 2, field: "destination", rule: .unknownDestination,
                                               message: "'XX' is not an ISO 3166-1 alpha-2 code or a known international organisation code")))
        #expect(error.description.contains("record 2"))
        #expect(try ledger.entryCount() == 2)
        #expect(try ledger.keys() == ["earlier-0", "earlier-1"])
    }

    @Test(arguments: Backend.allCases)
    func aFailureAfterEarlierInsertsInTheSameBatchRollsThemBack(_ backend: Backend) throws {
        // Record 3's parent does not exist; records 1 and 2 were already inserted in the transaction.
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Ledger.create(at: scratch.path)
        var batch = Fixture.transfers(3, prefix: "batch")
        batch[2].parent = 99
        let error = try #require(throws: LedgerError.self) { try ledger.record(contentsOf: batch) }
        guard case .rejected(let rejection) = error else { Issue.record("expected .rejected, got \(error)"); return }
        #expect(rejection.record == 3)
        #expect(rejection.rule == .unknownParent)
        #expect(try ledger.entryCount() == 0)
        #expect(try ledger.verify().isIntact)
        // The ledger still works after the rollback.
        #expect(try ledger.record(contentsOf: Array(batch[0..<2])).map(\.seq) == [0, 1])
    }
}
