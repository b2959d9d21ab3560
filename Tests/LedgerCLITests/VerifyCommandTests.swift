import Foundation
import Testing
import LedgerTestSupport
import TransferLedger

@Suite("ledger verify")
struct VerifyCommandTests {
    @Test func anIntactLedgerExitsZero() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let receipts = try await session.ledger()
        let tip = try #require(receipts.last?["hash"]?.stringValue)
        let result = try await session.run("verify", "--db", session.db)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == "intact: \(CLIFixture.firstTransferSeq + 3) entries verified, tip \(tip)\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func jsonReportIsValidJSON() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let receipts = try await session.ledger()
        let result = try await session.run("verify", "--db", session.db, "--json")
        #expect(result.status == 0)
        let report = try #require(try JSONParser.parse(result.stdout).objectValue)
        #expect(report["intact"] == .bool(true))
        #expect(report["entriesChecked"] == .integer(Int64(CLIFixture.firstTransferSeq + 3)))
        #expect(report["policyFindings"] == nil, "only with --policy")
        #expect(report["problems"] == .array([]))
        #expect(report["ledger"] == .string(session.db))
        #expect(report["tipHash"] == receipts.last?["hash"])
    }

    /// The entry of `CLIFixture.three[1]`, the one with special categories, after the registry facts.
    static var tampered: Int { CLIFixture.firstTransferSeq + 1 }

    /// Changes one byte of that entry's payload behind the library's back, dropping the trigger that would
    /// refuse it: the art. 9 condition, which keeps the transfer valid and its projection row unchanged.
    static func tamper(_ path: String) throws {
        let raw = try RawSQLite(path)
        try raw.execute("DROP TRIGGER entry_no_update")
        try raw.rows(#"UPDATE entry SET payload = replace(payload, '"art9Condition":"b"', '"art9Condition":"c"') WHERE seq = ?"#,
                     .integer(Int64(tampered)))
        #expect(try raw.value("SELECT count(*) FROM entry WHERE payload LIKE '%\"art9Condition\":\"c\"%'") == .integer(1))
    }

    @Test func aTamperedLedgerExitsOneAndNamesTheEntry() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        try Self.tamper(session.db)

        let result = try await session.run("verify", "--db", session.db)
        #expect(result.status == 1)
        #expect(result.lines.contains { $0.hasPrefix("entry \(Self.tampered): hash does not match its contents") && $0.hasSuffix("[hash]") }, "\(result.stdout)")
        #expect(result.lines.contains("ledger: trigger entry_no_update is missing [schema]"), "\(result.stdout)")
        #expect(result.lines.last == "INVALID: 2 problem(s) in \(CLIFixture.firstTransferSeq + 3) entries")

        let json = try await session.run("verify", "--db", session.db, "--json")
        #expect(json.status == 1)
        let report = try #require(try JSONParser.parse(json.stdout).objectValue)
        #expect(report["intact"] == .bool(false))
        guard case .array(let problems)? = report["problems"] else { Issue.record("no problems array"); return }
        #expect(problems.contains { $0.objectValue?["seq"] == .integer(Int64(Self.tampered)) && $0.objectValue?["check"] == .string("hash") })
        #expect(problems.contains { $0.objectValue?["seq"] == nil && $0.objectValue?["check"] == .string("schema") })
    }

    @Test func verifyNeverWritesToTheLedger() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        try Self.tamper(session.db)
        let before = try Data(contentsOf: URL(fileURLWithPath: session.db))
        _ = try await session.run("verify", "--db", session.db)
        #expect(try Data(contentsOf: URL(fileURLWithPath: session.db)) == before)
    }

    @Test func aMissingLedgerExits66() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let result = try await session.run("verify", "--db", session.db)
        #expect(result.status == 66)
        #expect(result.stderr.hasPrefix("Error: cannot open ledger \(session.db)"))
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: session.db))
    }

    @Test func aFileThatIsNotALedgerExits66() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let path = session.write("notes.txt", Array(String(repeating: "not a database\n", count: 100).utf8))
        let result = try await session.run("verify", "--db", path)
        #expect(result.status == 66)
        #expect(result.stderr.hasPrefix("Error: \(path) is not a TransferLedger database"))
    }
}
