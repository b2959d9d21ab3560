import Foundation
import Testing
import LedgerTestSupport
import TransferLedger

/// `ledger correct`, `ledger gov-access` and `ledger registry adopt|tables` end to end through the
/// binary: receipts, exit statuses, refusals that write nothing, and how `query` and `show` mark a
/// superseded transfer.
@Suite("ledger correct, gov-access and registry adopt")
struct EntryKindCLITests {
    static var first: Int { CLIFixture.firstTransferSeq }

    /// One correction line superseding `seq` with `transfer`.
    static func correction(_ seq: Int, _ transfer: Transfer, reason: String = "roleMisclassified") -> [UInt8] {
        CLIFixture.ndjson(lines: [#"{"supersedes":\#(seq),"reason":"\#(reason)","reasonNote":"ticket CHG-4411","transfer":\#(transfer.jsonValue.canonicalText)}"#])
    }

    static func misclassified(_ key: String) -> Transfer {
        var transfer = CLIFixture.transfer(key: key)
        transfer.sccModule = .c2c
        return transfer
    }

    static func objects(_ result: LedgerProcess.Result) throws -> [JSONObject] {
        try PolicyCLITests.objects(result)
    }

    @Test func correctPrintsAReceiptAndQueryAndShowMarkTheOriginal() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.initWithRegistry()
        let recorded = try await session.run("record", "--db", session.db, input: CLIFixture.ndjson([Self.misclassified("c-1")]))
        #expect(recorded.status == 2, "nonCompliant: \(recorded.stderr)")

        let corrected = try await session.run("correct", "--db", session.db, input: Self.correction(Self.first, CLIFixture.transfer(key: "c-1")))
        #expect(corrected.status == 0, "\(corrected.stderr)")
        #expect(corrected.stderr.isEmpty)
        let receipt = try #require(try Self.objects(corrected).first)
        #expect(receipt["seq"] == .integer(Int64(Self.first + 1)) && receipt["supersedes"] == .integer(Int64(Self.first)))
        #expect(receipt["status"] == .string("recorded") && receipt["validation"] == .string("compliant") && receipt["idempotencyKey"] == .string("c-1"))

        let retry = try await session.run("correct", "-", "--db", session.db, input: Self.correction(Self.first, CLIFixture.transfer(key: "c-1")))
        let retried = try Self.objects(retry).first?["status"]
        #expect(retry.status == 0 && retried == .string("duplicate"))

        let listed = try await session.run("query", "--db", session.db, "--format", "ndjson")
        #expect(try Self.objects(listed).map { $0["supersededBy"] } == [.integer(Int64(Self.first + 1))])
        let table = try await session.run("query", "--db", session.db, "--format", "table")
        #expect(table.stdout.contains("nonCompliant, superseded→\(Self.first + 1)") && table.stdout.contains("1 superseded"), "\(table.stdout)")
        let csv = try await session.run("query", "--db", session.db, "--format", "csv")
        let rows = try #require(RFC4180.parse(csv.stdout))
        let column = try #require(rows.first?.firstIndex(of: "supersededBy"))
        #expect(rows.last?[column] == String(Self.first + 1) && rows.first?.last == "erasedBy")
        let current = try await session.run("query", "--db", session.db, "--format", "ndjson", "--not-superseded")
        #expect(current.status == 0 && current.stdout.isEmpty, "\(current.stdout)\(current.stderr)")

        let original = try await session.run("show", String(Self.first), "--db", session.db)
        #expect(original.stdout.contains("superseded by:  entry \(Self.first + 1)"), "\(original.stdout)")
        let correction = try await session.run("show", String(Self.first + 1), "--db", session.db, "--json")
        let shown = try #require(try JSONParser.parse(correction.stdout).objectValue)
        #expect(shown["kind"] == .string("correction") && shown["supersededBy"] == nil)
        #expect(try await session.run("verify", "--db", session.db, "--policy").status == 0)
    }

    @Test func correctExitsWithTheStatusesOfRecord() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.initWithRegistry()
        _ = try await session.run("record", "--db", session.db, input: CLIFixture.ndjson([CLIFixture.transfer(key: "c-2")]))

        let findings = try await session.run("correct", "--db", session.db, input: Self.correction(Self.first, Self.misclassified("c-2")))
        #expect(findings.status == 2 && findings.stderr.contains("FAIL R6"), "\(findings.stderr)")

        for (target, expected) in [(Self.first, "already corrected by entry \(Self.first + 1)"), (0, "is a registry entry"), (99, "there is no entry 99")] {
            let refused = try await session.run("correct", "--db", session.db, input: Self.correction(target, CLIFixture.transfer(key: "c-2"), reason: "other"))
            #expect(refused.status == 65 && refused.stderr.contains("record 1, field supersedes") && refused.stderr.contains(expected), "\(refused.stderr)")
            #expect(refused.stdout.isEmpty)
        }
        let malformed = try await session.run("correct", "--db", session.db, input: CLIFixture.ndjson(lines: [#"{"supersedes":-1}"#]))
        #expect(malformed.status == 65)
        #expect(try Ledger(path: session.db, readOnly: true).entryCount() == UInt64(Self.first + 2))
    }

    @Test func govAccessRecordsRequestsWithTheirVerdicts() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.initWithRegistry()
        _ = try await session.run("record", "--db", session.db, input: CLIFixture.ndjson([CLIFixture.transfer(key: "g-1")]))
        let lawful = #"{"requestId":"GAR-1","receivedBy":"NW-IN","country":"IN","authorityType":"court","legalInstrumentCode":"MLAT-12","receivedAt":"2026-04-01T09:00:00Z","dataCategoriesRequested":["identity"],"approxSubjectCount":"b1_10","relatedFlowIds":[],"relatedRecords":[\#(Self.first)],"exporterNotifiedAt":"2026-04-02T00:00:00Z","exporterNotificationProhibited":false,"dataSubjectNotified":false,"dataSubjectNotificationProhibited":false,"waiverSought":false,"challenged":false,"art48Basis":"internationalAgreement","art48BasisRef":"MLAT-EU-IN","outcome":"refused","minimisationApplied":false}"#
        let result = try await session.run("gov-access", "--db", session.db, input: CLIFixture.ndjson(lines: [lawful]))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.objects(result).map { $0["idempotencyKey"] } == [.string("GAR-1")])

        let unlawful = lawful.replacingOccurrences(of: "GAR-1", with: "GAR-2")
            .replacingOccurrences(of: #""art48Basis":"internationalAgreement","art48BasisRef":"MLAT-EU-IN","outcome":"refused""#,
                                  with: #""art48Basis":"none","outcome":"disclosed","disclosedAt":"2026-04-03T00:00:00Z""#)
        let flagged = try await session.run("gov-access", "--db", session.db, input: CLIFixture.ndjson(lines: [lawful, unlawful]))
        #expect(flagged.status == 2 && flagged.stderr.contains("FAIL R24"), "\(flagged.stderr)")
        #expect(try Self.objects(flagged).map { $0["status"] } == [.string("duplicate"), .string("recorded")])

        let refused = try await session.run("gov-access", "--db", session.db, input: CLIFixture.ndjson(lines: [lawful.replacingOccurrences(of: "\"court\"", with: "\"police\"")]))
        #expect(refused.status == 65 && refused.stderr.contains("record 1, field authorityType"), "\(refused.stderr)")
        #expect(try await session.run("verify", "--db", session.db, "--policy").status == 0)
    }

    @Test func registryAdoptAndTables() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.initWithRegistry()
        let table = session.write("regions.json", Array(EmbeddedResourcesCopy.regionsWithoutTheLastEntry.utf8))
        let usage = try await session.run("registry", "adopt", table, "--db", session.db)
        #expect(usage.status == 64 && usage.stderr.contains("--effective"))
        let adopted = try await session.run("registry", "adopt", table, "--effective", "2026-01-01", "--db", session.db)
        #expect(adopted.status == 0, "\(adopted.stderr)")
        let receipt = try #require(try Self.objects(adopted).first)
        #expect(receipt["seq"] == .integer(Int64(Self.first)) && receipt["effectiveFrom"] == .string("2026-01-01"))
        let again = try await session.run("registry", "adopt", table, "--effective", "2026-02-01", "--db", session.db)
        #expect(again.status == 65 && again.stderr.contains("already adopted"), "\(again.stderr)")

        let bad = session.write("bad.json", Array(#"{"entries":[{"code":"FR","name":"France","kind":"COUNTRY","region":"EU"}]}"#.utf8))
        let refused = try await session.run("registry", "adopt", bad, "--effective", "2026-01-01", "--db", session.db)
        #expect(refused.status == 65 && refused.stderr.contains("entries[0].region"), "\(refused.stderr)")

        let listed = try await session.run("registry", "tables", "--db", session.db)
        #expect(listed.status == 0 && listed.stdout.contains("built in") && listed.stdout.contains("1 adopted table(s)"), "\(listed.stdout)")
        let transfer = try await session.run("record", "--db", session.db, input: CLIFixture.ndjson([CLIFixture.transfer(key: "r-1")]))
        let version = try #require(receipt["version"].flatMap { if case .string(let text) = $0 { text } else { nil } })
        let shown = try await session.run("show", String(Self.first + 1), "--db", session.db)
        #expect(transfer.status == 0 && shown.stdout.contains(version), "the transfer records the adopted table")
        #expect(try await session.run("verify", "--db", session.db, "--policy").status == 0)
    }
}

extension EntryKindCLITests {
    /// §3.6: a table adopted later that annuls the Japan decision back to before a recorded transfer
    /// lists that transfer under `verify --policy`, keeps its verdict, and leaves integrity intact.
    @Test func verifyPolicyListsTransfersALaterTableJudgesDifferently() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.initWithRegistry()
        let japan = CLIFixture.transfer(key: "d-jp", at: "2026-03-02T10:00:00Z", destination: "JP")
        let india = CLIFixture.transfer(key: "d-in", at: "2026-03-02T10:00:00Z", destination: "IN")
        _ = try await session.run("record", "--db", session.db, input: CLIFixture.ndjson([japan, india]))
        let before = try await session.run("verify", "--db", session.db, "--policy")
        #expect(!before.stdout.contains("referenceDataDrift") && !before.stderr.contains("referenceDataDrift"), "\(before.stdout)\(before.stderr)")

        let annulled = session.write("annulled.json", Array(EmbeddedResourcesCopy.regions(setting: "until", to: "2025-12-31", on: "JP").utf8))
        let adopted = try await session.run("registry", "adopt", annulled, "--effective", "2026-06-01", "--db", session.db)
        #expect(adopted.status == 0, "\(adopted.stderr)")

        let after = try await session.run("verify", "--db", session.db, "--policy")
        let output = after.stdout + after.stderr
        #expect(after.status == 2, "intact, with a finding: \(output)")
        let listed = output.split(separator: "\n").filter { $0.contains("referenceDataDrift") }
        #expect(listed.count == 1, "\(output)")
        #expect(listed.first?.contains("entry \(Self.first):") == true && listed.first?.contains("destination JP on 2026-03-02 is ADEQUATE") == true
                && listed.first?.contains("but THIRD_COUNTRY") == true, "\(output)")
        #expect(!output.contains("differs from the replay"), "the recorded verdict stands: \(output)")
        let json = try await session.run("verify", "--db", session.db, "--policy", "--json")
        let report = try #require(try JSONParser.parse(json.stdout).objectValue)
        #expect(report["problems"] == .array([]), "integrity is intact: \(json.stdout)")
    }
}

/// The embedded region table, edited for adoption tests (the CLI tests cannot see the library's internals).
enum EmbeddedResourcesCopy {
    /// The embedded table with `member` of entry `code` set to `value`.
    static func regions(setting member: String, to value: String, on code: String) -> String {
        let text = (try? String(contentsOfFile: #filePath.components(separatedBy: "/Tests/")[0] + "/Schema/regions.json", encoding: .utf8)) ?? ""
        guard case .object(var root)? = try? JSONParser.parse(text), case .array(let entries)? = root["entries"] else { return text }
        root["entries"] = .array(entries.map { entry in
            guard case .object(var members) = entry, members["code"] == .string(code) else { return entry }
            members[member] = .string(value)
            return .object(members)
        })
        return JSONValue.object(root).canonicalText
    }

    static var regionsWithoutTheLastEntry: String {
        let text = (try? String(contentsOfFile: #filePath.components(separatedBy: "/Tests/")[0] + "/Schema/regions.json", encoding: .utf8)) ?? ""
        guard case .object(var root)? = try? JSONParser.parse(text), case .array(var entries)? = root["entries"] else { return text }
        entries.removeLast()
        root["entries"] = .array(entries)
        return JSONValue.object(root).canonicalText
    }
}
