import Foundation
import Testing
import LedgerTestSupport
import TransferLedger

@Suite("ledger init and ledger record")
struct RecordCommandTests {
    @Test func initCreatesALedgerOnceOnly() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let created = try await session.run("init", "--db", session.db)
        #expect(created.status == 0)
        #expect(created.stdout == "created ledger \(session.db)\n")
        #expect(try Ledger(path: session.db, readOnly: true).entryCount() == 0)

        let again = try await session.run("init", "--db", session.db)
        #expect(again.status == 64)
        #expect(again.stderr.hasPrefix("Error: a ledger already exists at \(session.db)"))
        #expect(again.stdout.isEmpty)
    }

    @Test(arguments: [(["init", "--db="], [String: String]()), (["init"], ["LEDGER_DB": ""])])
    func initWithAnEmptyPathDoesNotClaimSuccess(arguments: [String], environment: [String: String]) async throws {
        let session = try CLISession()
        defer { session.remove() }
        let result = try await LedgerProcess.run(arguments, environment: environment, in: session.directory.path)
        #expect(result.status == 66, "stdout: \(result.stdout)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("Error: cannot open ledger"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: session.directory.path).filter { !$0.hasPrefix(".") } == [])
    }

    @Test func recordFromAFilePrintsOneReceiptPerLine() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.initWithRegistry()
        let file = session.write("in.ndjson", CLIFixture.ndjson(CLIFixture.three))
        let result = try await session.run("record", file, "--db", session.db)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.isEmpty)

        let ledger = try Ledger(path: session.db, readOnly: true)
        #expect(result.lines.count == 3)
        for (index, line) in result.lines.enumerated() {
            let receipt = try #require(try JSONParser.parse(line).objectValue)
            let seq = UInt64(CLIFixture.firstTransferSeq + index)
            #expect(Set(receipt.keys) == ["seq", "hash", "recordedAt", "idempotencyKey", "status", "validation", "rules"])
            #expect(receipt["seq"] == .integer(Int64(seq)))
            #expect(receipt["status"] == .string("recorded"))
            #expect(receipt["validation"] == .string("compliant"))
            #expect(receipt["rules"] == .array([]))
            #expect(receipt["idempotencyKey"] == .string("cli-\(index)"))
            #expect(receipt["hash"] == .string(try ledger.entry(at: seq).hash.hex))
            #expect(receipt["recordedAt"] == .string(try ledger.entry(at: seq).recordedAt))
        }
        #expect(try ledger.keys() == ["cli-0", "cli-1", "cli-2"])

        // Recording the same file again is a retry: same receipts, marked duplicate, nothing written.
        let retry = try await session.run("record", file, "--db", session.db)
        #expect(retry.status == 0)
        #expect(retry.lines == result.lines.map { $0.replacingOccurrences(of: #""status":"recorded""#, with: #""status":"duplicate""#) })
        #expect(try ledger.entryCount() == UInt64(CLIFixture.firstTransferSeq + 3))
    }

    @Test(arguments: [[], ["-"]])
    func recordFromStandardInput(extra: [String]) async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.initWithRegistry()
        let result = try await LedgerProcess.run(["record", "--db", session.db] + extra,
                                                 input: CLIFixture.ndjson(CLIFixture.three), in: session.directory.path)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.lines.count == 3)
        #expect(try Ledger(path: session.db, readOnly: true).keys() == ["cli-0", "cli-1", "cli-2"])
    }

    @Test func blankLinesAndCRLFAreAccepted() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.initWithRegistry()
        let lines = CLIFixture.three.map(\.jsonValue.canonicalText)
        let input = Array((lines[0] + "\r\n\r\n   \n" + lines[1] + "\r\n" + lines[2]).utf8)
        let result = try await session.run("record", "--db", session.db, input: input)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.lines.count == 3)
    }

    @Test(arguments: [
        ("malformed JSON", 3, #"{"occurredAt": "#, "record 3: "),
        ("unknown field", 2, #"{"colour":"blue"}"#, "record 2, field colour: "),
        ("unknown destination after a blank line", 4, nil, "record 4, field destination: "),
    ] as [(String, Int, String?, String)])
    func aBadLineIsRejectedByNumberAndNothingIsWritten(why: String, line: Int, text: String?, named: String) async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger(with: [CLIFixture.transfer(key: "before")])
        var lines = CLIFixture.three.map(\.jsonValue.canonicalText)
        if let text {
            lines.insert(text, at: line - 1)
        } else {
            lines.insert("", at: 2)
            lines.insert(CLIFixture.transfer(key: "bad", destination: "XX").jsonValue.canonicalText, at: line - 1)
        }
        let result = try await session.run("record", "--db", session.db, input: CLIFixture.ndjson(lines: lines))
        #expect(result.status == 65, "\(why): \(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: rejected, nothing written: \(named)"), "\(why): \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try Ledger(path: session.db, readOnly: true).keys() == ["before"])
    }

    @Test func aConflictingIdempotencyKeyIsRejected() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        let conflicting = CLIFixture.transfer(key: "cli-1", destination: "BR")
        let input = CLIFixture.ndjson([CLIFixture.transfer(key: "new"), conflicting])
        let result = try await session.run("record", "--db", session.db, input: input)
        #expect(result.status == 65)
        #expect(result.stderr.contains("record 2, field idempotencyKey"))
        #expect(result.stderr.contains("entry \(CLIFixture.firstTransferSeq + 1)"), "\(result.stderr)")
        #expect(try Ledger(path: session.db, readOnly: true).entryCount() == UInt64(CLIFixture.firstTransferSeq + 3))
    }

    @Test func recordingIntoAMissingLedgerFails() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let result = try await session.run("record", "--db", session.db, input: CLIFixture.ndjson(CLIFixture.three))
        #expect(result.status == 66)
        #expect(result.stderr.hasPrefix("Error: cannot open ledger \(session.db)"))
    }

    @Test func recordingFromAMissingFileFails() async throws {
        let session = try CLISession()
        defer { session.remove() }
        _ = try await session.run("init", "--db", session.db)
        let result = try await session.run("record", session.directory.file("nope.ndjson"), "--db", session.db)
        #expect(result.status == 66)
        #expect(result.stderr.hasPrefix("Error: cannot read "))
    }
}
