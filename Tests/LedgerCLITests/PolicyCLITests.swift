import Foundation
import Testing
import LedgerTestSupport
import TransferLedger

/// The policy features end to end through the `ledger` binary: `registry add|list|show`, findings and
/// exit status 2 from `record` and `check`, `query --status/--rule`, `verify --policy` and the demo summary.
@Suite("ledger registry, check and the policy engine")
struct PolicyCLITests {
    static var facts: Int { CLIFixture.firstTransferSeq }

    /// A transfer the fixture registry makes non-compliant under R7 only: the SCC transfer cites no TIA.
    static func withoutTIA(key: String) -> Transfer {
        var transfer = CLIFixture.transfer(key: key)
        transfer.tiaRef = nil
        return transfer
    }

    /// The elements of a JSON array, nil for anything else.
    static func elements(_ value: JSONValue?) -> [JSONValue]? {
        guard case .array(let elements)? = value else { return nil }
        return elements
    }

    /// Receipts or verdicts printed one JSON object per line.
    static func objects(_ result: LedgerProcess.Result) throws -> [JSONObject] {
        try result.lines.map { try #require(try JSONParser.parse($0).objectValue, "\($0)") }
    }

    // MARK: registry add, list, show

    @Test func registryAddPrintsOneReceiptPerFactAndRecordsThemInOrder() async throws {
        let session = try CLISession()
        defer { session.remove() }
        #expect(try await session.run("init", "--db", session.db).status == 0)
        let file = session.write("registry.ndjson", CLIFixture.registry)
        let result = try await session.run("registry", "add", file, "--db", session.db)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let receipts = try Self.objects(result)
        #expect(receipts.count == Self.facts)
        #expect(receipts.map { $0["seq"] } == (0..<Self.facts).map { .integer(Int64($0)) })
        #expect(receipts.map { $0["kind"] } == ["entity", "entity", "agreement", "tia", "tia", "tia"].map { .string($0) })
        #expect(receipts.map { $0["id"] } == ["NW-FR", "NW-IN", "SCC-FR-IN-2024", "TIA-IN-2026", "TIA-JP-2026", "TIA-US-2026"].map { .string($0) })
        #expect(receipts.allSatisfy { $0["revision"] == .integer(1) })

        let ledger = try Ledger(path: session.db, readOnly: true)
        #expect(try ledger.entryCount() == UInt64(Self.facts))
        for receipt in receipts {
            guard case .integer(let seq)? = receipt["seq"] else { Issue.record("no seq"); continue }
            let entry = try ledger.entry(at: UInt64(seq))
            #expect(entry.kind == .registry)
            #expect(receipt["hash"] == .string(entry.hash.hex))
        }
        #expect(try ledger.registryFacts().map(\.fact.id) == ["NW-FR", "NW-IN", "SCC-FR-IN-2024", "TIA-IN-2026", "TIA-JP-2026", "TIA-US-2026"])
        #expect(try ledger.verify().isIntact)
    }

    @Test(arguments: [
        ("malformed JSON", #"{"kind":"entity","#, "record 3: "),
        ("unknown kind", #"{"kind":"contract","id":"X"}"#, "record 3, field kind: "),
        ("missing kind", #"{"code":"NW-XX"}"#, "record 3, field kind: "),
        ("unknown member", #"{"kind":"entity","code":"NW-DE","legalName":"N","country":"DE","groupMember":true,"validFrom":"2021-01-01","ceo":"x"}"#, "record 3, field ceo: "),
        ("membership ending before it starts", #"{"kind":"membership","id":"M-1","entity":"NW-IN","instrument":"BCR-1","validFrom":"2026-09-01","validUntil":"2026-08-31"}"#, "record 3, field validUntil: "),
        ("a second entity with the same code", #"{"kind":"entity","code":"NW-FR","legalName":"Other SA","country":"FR","groupMember":true,"validFrom":"2021-01-01"}"#, "record 3, field id: "),
        ("an agreement with an unknown party", #"{"kind":"agreement","id":"SCC-X","type":"scc2021_914","exporter":"NW-FR","importer":"NOBODY","module":"c2p","validFrom":"2024-01-01"}"#, "record 3, field importer: "),
    ] as [(String, String, String)])
    func registryAddIsAllOrNothingAndNamesTheBadLine(why: String, line: String, named: String) async throws {
        let session = try CLISession()
        defer { session.remove() }
        #expect(try await session.run("init", "--db", session.db).status == 0)
        // Line 3 is bad; a blank line before it still counts.
        let lines = [CLIFixture.registryLines[0], "", line, CLIFixture.registryLines[1]]
        let result = try await session.run("registry", "add", "--db", session.db, input: CLIFixture.ndjson(lines: lines))
        #expect(result.status == 65, "\(why): \(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: rejected, nothing written: \(named)"), "\(why): \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try Ledger(path: session.db, readOnly: true).entryCount() == 0, "\(why): the good lines are not written either")
    }

    @Test func registryListShowsEveryFactAndFiltersByKind() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.initWithRegistry()
        let all = try await session.run("registry", "list", "--db", session.db)
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.lines.first?.hasPrefix("SEQ  KIND") == true, "\(all.stdout)")
        #expect(all.lines.last == "\(Self.facts) fact(s)")
        #expect(all.lines.count == Self.facts + 2)
        #expect(all.lines.contains { $0.hasPrefix("2 ") && $0.contains("agreement") && $0.contains("SCC-FR-IN-2024") && $0.contains("from 2024-01-01") },
                "\(all.stdout)")

        let tias = try await session.run("registry", "list", "--kind", "tia", "--db", session.db)
        #expect(tias.status == 0)
        #expect(tias.lines.last == "3 fact(s)")
        #expect(tias.lines.dropFirst().dropLast().allSatisfy { $0.contains(" tia ") }, "\(tias.stdout)")
    }

    @Test func registryShowPrintsEveryVersionOfOneFact() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.initWithRegistry()
        // A correction is a new fact with the next revision.
        let correction = #"{"kind":"tia","id":"TIA-IN-2026","revision":2,"destination":"IN","importers":["NW-IN"],"outcome":"proceedWithSupplementaryMeasures","validFrom":"2026-06-01","reviewDue":"2099-12-31","requiredMeasures":["encryptionKeysInEEA","transportEncryption"],"coversSpecialCategories":true}"#
        let added = try await session.run("registry", "add", "--db", session.db, input: CLIFixture.ndjson(lines: [correction]))
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try Self.objects(added).first?["revision"] == .integer(2))

        let result = try await session.run("registry", "show", "TIA-IN-2026", "--db", session.db)
        #expect(result.status == 0, "\(result.stderr)")
        guard case .array(let versions) = try JSONParser.parse(result.stdout) else { Issue.record("not an array: \(result.stdout)"); return }
        #expect(versions.count == 2)
        #expect(versions.map { $0.objectValue?["seq"] } == [.integer(3), .integer(Int64(Self.facts))])
        #expect(versions.allSatisfy { $0.objectValue?["kind"] == .string("tia") })
        #expect(versions.map { $0.objectValue?["fact"]?.objectValue?["revision"] } == [.integer(1), .integer(2)])
        #expect(versions.first?.objectValue?["fact"]?.objectValue?["destination"] == .string("IN"))

        let missing = try await session.run("registry", "show", "NOPE", "--db", session.db)
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("NOPE"))
        #expect(try await session.run("registry", "show", "--db", session.db).status == 64)
        #expect(try await session.run("registry", "frobnicate", "--db", session.db).status == 64)
    }

    // MARK: record and check

    @Test func recordingANonCompliantTransferExitsTwoAndPrintsItsFindings() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.initWithRegistry()
        let input = CLIFixture.ndjson([CLIFixture.transfer(key: "ok"), Self.withoutTIA(key: "no-tia")])
        let result = try await session.run("record", "--db", session.db, input: input)
        #expect(result.status == 2, "\(result.stderr)")

        // Both are recorded (log, don't drop), each receipt with its status and rules.
        let receipts = try Self.objects(result)
        #expect(receipts.map { $0["seq"] } == [.integer(Int64(Self.facts)), .integer(Int64(Self.facts + 1))])
        #expect(receipts.map { $0["status"] } == [.string("recorded"), .string("recorded")])
        #expect(receipts.map { $0["validation"] } == [.string("compliant"), .string("nonCompliant")])
        #expect(receipts.map { $0["rules"] } == [.array([]), .array([.string("R7")])])
        #expect(try Ledger(path: session.db, readOnly: true).keys() == ["ok", "no-tia"])

        // The findings go to stderr, one per line, naming the entry, the input line and the rule.
        let findings = result.stderr.split(separator: "\n").map(String.init)
        #expect(!findings.isEmpty)
        #expect(findings.allSatisfy { $0.hasPrefix("entry \(Self.facts + 1) (line 2): FAIL R7: ") }, "\(result.stderr)")
        #expect(result.stderr.contains("tiaRef"), "\(result.stderr)")

        // A retry records nothing new and reports no new findings.
        let retry = try await session.run("record", "--db", session.db, input: input)
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stderr.isEmpty)
        #expect(try Self.objects(retry).map { $0["status"] } == [.string("duplicate"), .string("duplicate")])
        #expect(try Self.objects(retry).map { $0["validation"] } == [.string("compliant"), .string("nonCompliant")])
    }

    @Test func withoutARegistryEveryTransferIsRecordedAsNonCompliant() async throws {
        let session = try CLISession()
        defer { session.remove() }
        #expect(try await session.run("init", "--db", session.db).status == 0)
        let result = try await session.run("record", "--db", session.db, input: CLIFixture.ndjson(CLIFixture.three))
        #expect(result.status == 2)
        #expect(try Self.objects(result).allSatisfy { $0["validation"] == .string("nonCompliant") && $0["rules"] == .array([.string("REG")]) })
        #expect(result.stderr.contains("FAIL REG: exporter NW-FR is not in the group registry"), "\(result.stderr)")
        #expect(try Ledger(path: session.db, readOnly: true).keys() == ["cli-0", "cli-1", "cli-2"])
    }

    @Test func checkJudgesWithoutWriting() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.initWithRegistry()
        let before = try Data(contentsOf: URL(fileURLWithPath: session.db))
        let input = CLIFixture.ndjson([CLIFixture.transfer(key: "ok"), Self.withoutTIA(key: "no-tia")])

        let result = try await session.run("check", "--db", session.db, input: input)
        #expect(result.status == 2, "\(result.stderr)")
        let verdicts = try Self.objects(result)
        #expect(verdicts.map { $0["line"] } == [.integer(1), .integer(2)])
        #expect(verdicts.map { $0["status"] } == [.string("compliant"), .string("nonCompliant")])
        let failed = Self.elements(verdicts[1]["findings"]) ?? []
        #expect(!failed.isEmpty && failed.allSatisfy { $0.objectValue?["rule"] == JSONValue.string("R7") }, "\(result.stdout)")
        #expect(try Ledger(path: session.db, readOnly: true).entryCount() == UInt64(Self.facts), "check writes nothing")
        #expect(try Data(contentsOf: URL(fileURLWithPath: session.db)) == before)

        // Only compliant input: exit 0.
        let compliant = try await session.run("check", "--db", session.db, input: CLIFixture.ndjson(CLIFixture.three))
        #expect(compliant.status == 0, "\(compliant.stdout)")
        #expect(try Self.objects(compliant).allSatisfy { $0["status"] == .string("compliant") && $0["findings"] == .array([]) })

        // record then stores exactly the verdict check gave.
        let recorded = try await session.run("record", "--db", session.db, input: input)
        #expect(recorded.status == 2)
        let stored = try Ledger(path: session.db, readOnly: true).transfers(matching: TransferQuery())
        for (transfer, verdict) in zip(stored, verdicts) {
            var members = verdict
            members["line"] = nil
            #expect(transfer.verdict?.jsonValue == .object(members))
        }

        // A malformed line is refused like record refuses it, naming the line.
        let bad = try await session.run("check", "--db", session.db, input: CLIFixture.ndjson(lines: [CLIFixture.transfer(key: "x").jsonValue.canonicalText, "{"]))
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("record 2"), "\(bad.stderr)")
    }

    @Test func factsAddedByAnotherProcessAreSeenByTheNextJudgement() async throws {
        let session = try CLISession()
        defer { session.remove() }
        #expect(try await session.run("init", "--db", session.db).status == 0)
        // A long-lived service connection, opened before the registry exists.
        let service = try Ledger(path: session.db)
        let transfer = CLIFixture.transfer(key: "service-1")
        #expect(try service.check(transfer).status == .nonCompliant)

        let added = try await session.run("registry", "add", "--db", session.db, input: CLIFixture.registry)
        #expect(added.status == 0, "\(added.stderr)")

        #expect(try service.check(transfer).status == .compliant)
        let receipt = try service.record(transfer)
        #expect(receipt.seq == UInt64(Self.facts))
        #expect(receipt.verdict?.status == .compliant, "\(receipt.verdict?.findings ?? [])")
    }

    // MARK: query and verify

    @Test func queryFiltersByStatusAndRule() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.initWithRegistry()
        let input = CLIFixture.ndjson(CLIFixture.three + [Self.withoutTIA(key: "no-tia")])
        #expect(try await session.run("record", "--db", session.db, input: input).status == 2)

        func keys(_ filters: String...) async throws -> [String?] {
            let result = try await LedgerProcess.run(["query", "--db", session.db, "--format", "ndjson"] + filters, in: session.directory.path)
            #expect(result.status == 0, "\(filters): \(result.stderr)")
            return try result.lines.map { try JSONParser.parse($0).objectValue?["idempotencyKey"]?.stringValue }
        }
        #expect(try await keys("--status", "nonCompliant") == ["no-tia"])
        #expect(try await keys("--status", "compliant") == ["cli-0", "cli-1", "cli-2"])
        #expect(try await keys("--status", "compliantWithWarnings") == [])
        #expect(try await keys("--rule", "R7") == ["no-tia"])
        #expect(try await keys("--rule", "R6") == [])
        #expect(try await keys("--rule", "R7", "--status", "compliant") == [])

        let table = try await session.run("query", "--db", session.db, "--status", "nonCompliant", "--format", "table")
        #expect(table.lines.first?.hasSuffix("STATUS") == true, "\(table.stdout)")
        #expect(table.lines.dropFirst().first?.hasSuffix("nonCompliant") == true, "\(table.stdout)")
        #expect(table.lines.last == "1 transfer(s)")

        let bad = try await session.run("query", "--db", session.db, "--status", "fine")
        #expect(bad.status == 64)
    }

    @Test func verifyPolicyReplaysTheVerdicts() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()

        let clean = try await session.run("verify", "--policy", "--db", session.db)
        #expect(clean.status == 0, "\(clean.stdout)")
        #expect(clean.lines.last?.hasPrefix("intact: \(Self.facts + 3) entries verified") == true, "\(clean.stdout)")
        let cleanJSON = try await session.run("verify", "--policy", "--json", "--db", session.db)
        #expect(cleanJSON.status == 0)
        #expect(try JSONParser.parse(cleanJSON.stdout).objectValue?["policyFindings"] == .array([]))

        // An onward transfer naming no parent: intact, but a derived finding, so exit 2.
        var onward = CLIFixture.transfer(key: "onward")
        onward.transferKind = .onward
        #expect(try await session.run("record", "--db", session.db, input: CLIFixture.ndjson([onward])).status == 2)
        let seq = Self.facts + 3
        let findings = try await session.run("verify", "--policy", "--db", session.db)
        #expect(findings.status == 2, "\(findings.stdout)")
        #expect(findings.lines.contains { $0.hasPrefix("finding: entry \(seq): ") && $0.hasSuffix("[onwardWithoutParent]") }, "\(findings.stdout)")
        #expect(findings.lines.last?.hasPrefix("intact: \(seq + 1) entries verified") == true)
        let json = try await session.run("verify", "--policy", "--json", "--db", session.db)
        #expect(json.status == 2)
        let report = try #require(try JSONParser.parse(json.stdout).objectValue)
        #expect(report["intact"] == .bool(true))
        let derived: [JSONValue?] = (Self.elements(report["policyFindings"]) ?? []).map { $0.objectValue?["seq"] }
        #expect(derived == [JSONValue.integer(Int64(seq))])
        // Without --policy, the same ledger is simply intact.
        #expect(try await session.run("verify", "--db", session.db).status == 0)

        // A status column changed behind the library's back: invalid, exit 1.
        let raw = try RawSQLite(session.db)
        try raw.execute("DROP TRIGGER transfer_no_update")
        try raw.rows("UPDATE transfer SET status = 'compliant' WHERE seq = ?", .integer(Int64(seq)))
        try raw.execute("""
            CREATE TRIGGER transfer_no_update BEFORE UPDATE ON transfer
            BEGIN
                SELECT RAISE(ABORT, 'ledger entries are immutable');
            END
            """)
        let tampered = try await session.run("verify", "--policy", "--db", session.db)
        #expect(tampered.status == 1, "\(tampered.stdout)")
        #expect(tampered.lines.contains { $0.hasPrefix("entry \(seq): ") && $0.hasSuffix("[projection]") }, "\(tampered.stdout)")
    }

    // MARK: demo

    @Test func demoSummarisesThePolicyStatuses() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let path = session.directory.file("demo.ledger")
        let result = try await session.run("demo", "--db", path, "--count", "120")
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let header = try #require(result.lines.firstIndex { $0.hasPrefix("POLICY STATUS") }, "\(result.stdout)")
        #expect(result.lines[header].hasSuffix("TRANSFERS"))
        let rows = result.lines[(header + 1)...].prefix(3)
        #expect(rows.map { $0.split(separator: " ").first.map(String.init) } == ["compliant", "compliantWithWarnings", "nonCompliant"])

        // The table's counts are the ledger's stored statuses.
        let ledger = try Ledger(path: path, readOnly: true)
        var total = 0
        for (row, status) in zip(rows, [ValidationStatus.compliant, .compliantWithWarnings, .nonCompliant]) {
            var query = TransferQuery()
            query.status = status
            let count = try ledger.transfers(matching: query).count
            #expect(row.split(separator: " ").last.map(String.init) == String(count), "\(status): \(row)")
            total += count
        }
        #expect(total == 120)
        #expect(result.lines.contains { $0.hasPrefix("rules with findings: ") }, "\(result.stdout)")
        #expect(result.lines.contains("try:    ledger query --db \(path) --status nonCompliant"))
    }
}
