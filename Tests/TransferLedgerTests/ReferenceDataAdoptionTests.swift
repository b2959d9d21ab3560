import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// Region tables adopted by chained `referenceData` entries: validated like the embedded table, in
/// force from their effective day, recorded by every transfer they judge, checked and replayed by verify.
@Suite struct ReferenceDataAdoptionTests {
    typealias K = EntryKindFixture

    /// The embedded table with India made adequate under a fictional decision from 2026-01-01.
    static func indiaAdequate() throws -> JSONValue {
        try edited { entries in
            for index in entries.indices where entries[index].objectValue?["code"] == .string("IN") {
                guard case .object(var members) = entries[index] else { continue }
                members["region"] = .string("ADEQUATE")
                members["decision"] = .string("(EU) 2026/999")
                members["since"] = .string("2026-01-01")
                members["importer_conditions"] = .array([])
                entries[index] = .object(members)
            }
        }
    }

    static func edited(_ change: (inout [JSONValue]) -> Void) throws -> JSONValue {
        guard case .object(var root) = try JSONParser.parse(EmbeddedResources.regionsJSON), case .array(var entries)? = root["entries"] else {
            throw RecordError(field: "entries", rule: .missingField, message: "the embedded table has no entries")
        }
        change(&entries)
        root["entries"] = .array(entries)
        return .object(root)
    }

    /// GRP-style adequacy transfer to India: compliant only under a table where India is adequate.
    static func adequacyToIndia(_ key: String) -> Transfer {
        var transfer = K.compliant(key)
        transfer.mechanism = .adequacy
        transfer.mechanismRef = "(EU) 2026/999"
        transfer.sccModule = nil
        transfer.tiaRef = nil
        transfer.supplementaryMeasures = nil
        return transfer
    }

    @Test func theTableInForceIsTheNewestEffectiveOnTheLedgerDay() throws {
        let base = PolicyEngine()
        let table = try ReferenceDataPayload(table: Self.indiaAdequate(), effectiveFrom: Day("2026-07-01") ?? Day(daysSinceEpoch: 0)).referenceData
        let later = try ReferenceDataPayload(table: Self.edited { $0.removeLast() }, effectiveFrom: Day(daysSinceEpoch: 0)).referenceData
        var versions = ReferenceDataVersions(base: base)
        versions.adopt(table, effectiveFrom: try #require(Day("2026-07-01")), seq: 10)
        #expect(versions.inForce(at: Fixture.time("2026-06-30T23:59:59.999999Z")).referenceData.version == base.referenceData.version, "the day before")
        #expect(versions.inForce(at: Fixture.time("2026-07-01T00:00:00Z")).referenceData.version == table.version, "the day of")
        // A later adoption with an earlier effective day does not displace a newer effective one …
        versions.adopt(later, effectiveFrom: try #require(Day("2026-06-01")), seq: 11)
        #expect(versions.inForce(at: Fixture.time("2026-06-15T00:00:00Z")).referenceData.version == later.version)
        #expect(versions.inForce(at: Fixture.time("2026-07-02T00:00:00Z")).referenceData.version == table.version)
        // … and on the same effective day the later adoption wins.
        var tie = ReferenceDataVersions(base: base)
        tie.adopt(table, effectiveFrom: try #require(Day("2026-07-01")), seq: 10)
        tie.adopt(later, effectiveFrom: try #require(Day("2026-07-01")), seq: 11)
        #expect(tie.inForce(at: Fixture.time("2026-07-01T12:00:00Z")).referenceData.version == later.version)
        #expect(versions.engine(for: table.version) != nil && versions.engine(for: Digest.zero) == nil)
    }

    @Test(arguments: Backend.allCases)
    func appendsRecordTheTableInForceFromItsEffectiveDay(_ backend: Backend) throws {
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let path = directory.path
        let ledger = try K.ledger(at: path)
        let today = Day(Timestamp.now())
        let baseVersion = ReferenceData.embedded.versionHex

        // Effective tomorrow: today is the day before, so the embedded table still judges.
        let tomorrow = try ledger.adoptReferenceData(Self.edited { $0.removeLast() }, effectiveFrom: today.adding(days: 1))
        let before = try ledger.record(Self.adequacyToIndia("a-before"))
        #expect(before.verdict?.status == .nonCompliant, "under the embedded table India is a third country")
        #expect(try ledger.entry(at: before.seq).payloadText.contains(#""referenceData":"\#(baseVersion)""#))

        // Effective today: the day of, so the adopted table judges and is recorded.
        let adopted = try ledger.adoptReferenceData(Self.indiaAdequate(), effectiveFrom: today)
        let after = try ledger.record(Self.adequacyToIndia("a-after"))
        #expect(after.verdict?.status == .compliant, "\(String(describing: after.verdict?.findings))")
        let payload = try ledger.entry(at: after.seq).payloadText
        #expect(payload.contains(#""referenceData":"\#(adopted.idempotencyKey)""#) && payload.contains(#""region":"ADEQUATE""#))
        #expect(try ledger.check(Self.adequacyToIndia("a-check")).status == .compliant)
        #expect(try ledger.referenceDataAdoptions().map(\.seq) == [tomorrow.seq, adopted.seq])

        // A second process sees the adoption too.
        #expect(try Ledger(path: path).record(Self.adequacyToIndia("a-other")).verdict?.status == .compliant)
        #expect(try K.problems(path) == [])
        #expect(try K.problems(path, policy: true) == [], "each transfer is replayed against the table it recorded")
    }

    enum BadTable: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case notAnObject, noEntries, duplicateCode, lowercaseCode, unknownRegion, adequateWithoutSince, untilBeforeSince
        case decisionOnAThirdCountry, unknownImporterCondition, impossibleDate
        var testDescription: String { rawValue }
    }

    @Test(arguments: Backend.allCases, BadTable.allCases)
    func aMalformedTableIsRefusedNamingTheFieldAndWritesNothing(_ backend: Backend, _ bad: BadTable) throws {
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let ledger = try K.ledger(at: directory.path)
        func change(_ code: String, _ edit: @escaping (inout JSONObject) -> Void) throws -> JSONValue {
            try Self.edited { entries in
                for index in entries.indices where entries[index].objectValue?["code"] == .string(code) {
                    guard case .object(var members) = entries[index] else { continue }
                    edit(&members)
                    entries[index] = .object(members)
                }
            }
        }
        let table: JSONValue
        let field: String
        switch bad {
        case .notAnObject: table = .array([]); field = ""
        case .noEntries: table = .object(["entries": .array([])]); field = "entries"
        case .duplicateCode: table = try change("DE") { $0["code"] = .string("FR") }; field = "entries[74].code"
        case .lowercaseCode: table = try change("DE") { $0["code"] = .string("de") }; field = "entries[56].code"
        case .unknownRegion: table = try change("DE") { $0["region"] = .string("EU") }; field = "entries[56].region"
        case .adequateWithoutSince: table = try change("JP") { $0["since"] = nil }; field = "entries[113].since"
        case .untilBeforeSince: table = try change("JP") { $0["until"] = .string("2019-01-01") }; field = "entries[113].until"
        case .decisionOnAThirdCountry: table = try change("IN") { $0["decision"] = .string("(EU) 2026/1") }; field = "entries[104].decision"
        case .unknownImporterCondition: table = try change("JP") { $0["importer_conditions"] = .array([.string("FRIENDLY")]) }; field = "entries[113].importer_conditions[0]"
        case .impossibleDate: table = try change("JP") { $0["since"] = .string("2019-02-30") }; field = "entries[113].since"
        }
        let error = try #require(throws: LedgerError.self) { try ledger.adoptReferenceData(table, effectiveFrom: Day(Timestamp.now())) }
        guard case .rejected(let rejection) = error else { Issue.record("\(error)"); return }
        #expect(rejection.field == field, "\(rejection)")
        #expect(try ledger.entryCount() == 4)
    }

    @Test(arguments: Backend.allCases)
    func theEmbeddedTablePassesTheSameValidation(_ backend: Backend) throws {
        #expect(try ReferenceData.validate(JSONParser.parse(EmbeddedResources.regionsJSON)).count == 250)
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let ledger = try K.ledger(at: directory.path)
        try ledger.adoptReferenceData(Self.indiaAdequate(), effectiveFrom: Day(Timestamp.now()))
        let error = try #require(throws: LedgerError.self) { try ledger.adoptReferenceData(Self.indiaAdequate(), effectiveFrom: Day(daysSinceEpoch: 0)) }
        guard case .rejected(let rejection) = error else { Issue.record("\(error)"); return }
        #expect(rejection.rule == .alreadyAdopted)
        #expect(try ledger.entryCount() == 5)
    }

    @Test(arguments: Backend.allCases)
    func verifyReportsAnUnknownTableVersionAndEditedAdoptions(_ backend: Backend) throws {
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let path = directory.path
        let ledger = try K.ledger(at: path)
        let adoption = try ledger.adoptReferenceData(Self.indiaAdequate(), effectiveFrom: Day(Timestamp.now()))
        try ledger.record(Self.adequacyToIndia("u-1"))
        #expect(try K.problems(path) == [])
        // The transfer (seq 5) names a table nobody adopted: consistent hashes, unknown version.
        try ledger.record(K.compliant("u-2"))
        try K.rewriteTip(path, seq: 6) { $0.replacingOccurrences(of: adoption.idempotencyKey, with: String(repeating: "ab", count: 32)) }
        #expect(try K.problems(path) == ["6:payload"])

        try K.tamper(path) { raw in
            try raw.execute("UPDATE entry SET payload = replace(payload, '\"effectiveFrom\":', '\"effectiveFrom\": ') WHERE seq = \(adoption.seq)")
            try raw.execute("DELETE FROM reference_data")
        }
        // The edited adoption no longer hashes; its table is still read, so the transfer after it stays known.
        #expect(try K.problems(path).sorted() == ["4:hash", "4:payload", "4:projection", "6:payload"])
    }

    @Test(arguments: Backend.allCases)
    func aDestinationOnlyAnAdoptedTableKnowsIsRecordedAndVerified(_ backend: Backend) throws {
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let path = directory.path
        let ledger = try K.ledger(at: path)
        var transfer = K.compliant("xk-1")
        transfer.destination = "XK"
        #expect(throws: LedgerError.self) { try ledger.record(transfer) }
        let kosovo = JSONValue.object(["code": .string("XK"), "kind": .string("COUNTRY"), "name": .string("Kosovo"), "region": .string("THIRD_COUNTRY")])
        try ledger.adoptReferenceData(Self.edited { $0.append(kosovo) }, effectiveFrom: Day(Timestamp.now()))
        #expect(try ledger.record(transfer).seq == 5)
        #expect(try K.problems(path) == [], "checked against the table it recorded, not the embedded one")
        #expect(try K.problems(path, policy: true) == [])
    }
}
