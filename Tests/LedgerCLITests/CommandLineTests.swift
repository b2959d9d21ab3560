import LedgerSample
import Foundation
import Testing
import LedgerTestSupport
import TransferLedger

@Suite("ledger show, help, usage errors, LEDGER_DB and demo")
struct CommandLineTests {
    @Test func showPrintsOneEntry() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let receipts = try await session.ledger()
        let hash = try #require(receipts[1]["hash"]?.stringValue)
        let seq = CLIFixture.firstTransferSeq + 1
        #expect(receipts[1]["seq"] == .integer(Int64(seq)))
        let result = try await session.run("show", String(seq), "--db", session.db)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.lines.first == "entry \(seq)")
        #expect(result.lines.contains("  hash:           \(hash)"))
        #expect(result.lines.contains("  previous hash:  \(receipts[0]["hash"]?.stringValue ?? "?")"))
        // The payload the hash covers, with the private members replaced by their document's digest.
        #expect(result.stdout.contains(#""destination": "JP""#))
        #expect(result.lines.contains { $0.hasPrefix(#"  "private": ""#) })
        for hidden in ["idempotencyKey", "cli-1", "loggedBy", "svc:cli-test"] {
            #expect(!result.stdout.contains(hidden), "show must not print the private member \(hidden)")
        }
    }

    @Test func showJSONCarriesTheCanonicalBytesTheHashCovers() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let receipts = try await session.ledger()
        let seq = CLIFixture.firstTransferSeq + 2
        let result = try await session.run("show", String(seq), "--json", "--db", session.db)
        #expect(result.status == 0)
        let entry = try #require(try JSONParser.parse(result.stdout).objectValue)
        #expect(entry["seq"] == .integer(Int64(seq)))
        #expect(entry["hash"] == receipts[2]["hash"])
        #expect(entry["previousHash"] == receipts[1]["hash"])
        let hex = try #require(entry["canonicalBytes"]?.stringValue)
        let bytes = try #require(Hex.decode(hex))
        #expect(SHA256().leafHash(bytes).hex == entry["hash"]?.stringValue)
        // The payload shown is the one the canonical bytes commit to (format 2: by its SHA-256, after
        // the stub header), without the notes, which stay in the private document the payload commits to.
        let payload = try #require(entry["payload"]?.objectValue)
        #expect(entry["format"] == .integer(2))
        #expect(Array(bytes.suffix(32)) == SHA256.hash(Array(JSONValue.object(payload).canonicalText.utf8)).bytes)
        for hidden in ["notes", "idempotencyKey", "loggedBy"] { #expect(payload[hidden] == nil, "\(hidden)") }
        // The verdict is part of what the hash covers.
        #expect(payload["validation"]?.objectValue?["status"] == .string("compliant"))
        let document = try #require(try RawSQLite(session.db).value("SELECT document FROM transfer_private WHERE seq = ?", .integer(Int64(seq))).text)
        #expect(payload["private"] == .string(SHA256.hash(Array(document.utf8)).hex))
        let members = try #require(try JSONParser.parse(document).objectValue)
        #expect(members["notes"] == .string("He said \"hi\", then left\nsecond line, with commas"))
        #expect(members["idempotencyKey"] == .string("cli-2"))
    }

    @Test(arguments: [(["show", "99"], Int32(66)), (["show", "abc"], 64), (["show"], 64), (["show", "1", "2"], 64), (["show", "-1"], 64)] as [([String], Int32)])
    func showRejectsBadSequenceNumbers(arguments: [String], status: Int32) async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        let result = try await LedgerProcess.run(arguments + ["--db", session.db], in: session.directory.path)
        #expect(result.status == status, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: "))
    }

    @Test(arguments: [[], ["help"], ["--help"], ["-h"]])
    func topLevelHelp(arguments: [String]) async throws {
        let session = try CLISession()
        defer { session.remove() }
        let result = try await LedgerProcess.run(arguments, in: session.directory.path)
        #expect(result.status == 0)
        for section in ["OVERVIEW: ", "USAGE: ledger <subcommand>", "OPTIONS:", "SUBCOMMANDS:"] {
            #expect(result.stdout.contains(section), "missing \(section)")
        }
        for command in ["init", "record", "verify", "query", "show", "keygen", "checkpoint", "prove", "verify-proof", "witness", "demo", "help"] {
            #expect(result.lines.contains { $0.hasPrefix("  \(command) ") }, "missing \(command)")
        }
        #expect(result.stderr.isEmpty)
    }

    @Test(arguments: ["init", "record", "verify", "query", "show", "keygen", "checkpoint", "prove", "verify-proof", "witness", "demo"])
    func commandHelp(command: String) async throws {
        let session = try CLISession()
        defer { session.remove() }
        let viaHelp = try await session.run("help", command)
        #expect(viaHelp.status == 0)
        for section in ["OVERVIEW: ", "USAGE: ledger \(command)", "OPTIONS:", "  -h, --help"] {
            #expect(viaHelp.stdout.contains(section), "missing \(section)")
        }
        let viaFlag = try await session.run(command, "--help")
        #expect(viaFlag.status == 0)
        #expect(viaFlag.stdout == viaHelp.stdout)
    }

    @Test func recordHelpDescribesItsArgument() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let result = try await session.run("help", "record")
        #expect(result.stdout.contains("ARGUMENTS:\n  <file>"))
        #expect(result.stdout.contains("  --db <path>"))
    }

    @Test(arguments: [
        ["verify", "--bogus"], ["verify", "--db"], ["verify", "extra"], ["verify", "--json=yes"], ["init", "--count", "3"],
        ["frobnicate"], ["help", "frobnicate"], ["demo", "--count", "0"], ["demo", "--count", "lots"],
    ])
    func usageErrorsExit64(arguments: [String]) async throws {
        let session = try CLISession()
        defer { session.remove() }
        let result = try await LedgerProcess.run(arguments, in: session.directory.path)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: "), "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: session.directory.file("transfers.ledger")))
        #expect(!FileManager.default.fileExists(atPath: session.directory.file("demo.ledger")))
    }

    @Test func unknownOptionNamesItAndShowsUsage() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let result = try await session.run("verify", "--bogus")
        #expect(result.stderr == "Error: unknown option '--bogus'\nUsage: ledger verify [--checkpoint <file> | --checkpoints <dir>] [--key <pubkey>] [--db <path>] [--json]\n  See 'ledger help verify' for more information.\n")
    }

    @Test func ledgerDBEnvironmentVariableIsTheDefaultPath() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let environment = ["LEDGER_DB": session.db]
        #expect(try await session.run("init", environment: environment).status == 0)
        #expect(FileManager.default.fileExists(atPath: session.db))
        #expect(try await session.run("registry", "add", input: CLIFixture.registry, environment: environment).status == 0)
        let recorded = try await session.run("record", input: CLIFixture.ndjson(CLIFixture.three), environment: environment)
        #expect(recorded.status == 0, "stderr: \(recorded.stderr)")
        let entries = CLIFixture.firstTransferSeq + 3
        #expect(try await session.run("verify", environment: environment).stdout.hasPrefix("intact: \(entries) entries"))
        #expect(try await session.run("query", environment: environment).lines.count == 3)
        #expect(try await session.run("registry", "list", environment: environment).lines.last == "\(CLIFixture.firstTransferSeq) fact(s)")
        #expect(try await session.run("show", String(entries - 1), environment: environment).status == 0)
        #expect(!FileManager.default.fileExists(atPath: session.directory.file("transfers.ledger")))

        // --db wins over the environment.
        let other = session.directory.file("other.ledger")
        #expect(try await session.run("init", "--db", other, environment: environment).status == 0)
        #expect(try await session.run("verify", "--db", other, environment: environment).stdout.hasPrefix("intact: 0 entries"))
    }

    @Test func withoutDbOrLedgerDBTheLedgerIsInTheWorkingDirectory() async throws {
        let session = try CLISession()
        defer { session.remove() }
        #expect(try await session.run("init").status == 0)
        #expect(FileManager.default.fileExists(atPath: session.directory.file("transfers.ledger")))
        #expect(try await session.run("registry", "add", input: CLIFixture.registry).status == 0)
        #expect(try await session.run("record", input: CLIFixture.ndjson(CLIFixture.three)).status == 0)
        #expect(try Ledger(path: session.directory.file("transfers.ledger"), readOnly: true).entryCount() == UInt64(CLIFixture.firstTransferSeq + 3))
    }

    @Test func demoBuildsAndVerifiesASampleLedger() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let path = session.directory.file("demo.ledger")
        let result = try await session.run("demo", "--db", path, "--count", "300")
        #expect(result.status == 0, "stderr: \(result.stderr)")
        // The group's registry is recorded first, then the transfers judged against it.
        let facts = SampleGroup.registryLines.count
        #expect(result.stdout.contains("\(facts) registry facts, 300 transfers recorded"), "\(result.stdout)")
        // Then two corrections of transfers logged with the wrong SCC module, and one government access request.
        #expect(result.lines.contains("corrections (R23): entry \(facts + 300), entry \(facts + 301); government access request (R24): entry \(facts + 302), compliant"),
                "\(result.stdout)")
        #expect(result.lines.contains { $0.hasPrefix("verify: intact, \(facts + 303) entries, tip ") }, "\(result.stdout)")
        let ledger = try Ledger(path: path, readOnly: true)
        #expect(try ledger.entryCount() == UInt64(facts + 303))
        #expect(try ledger.transfers(matching: TransferQuery()).filter { $0.supersededBy != nil }.count == 2)
        #expect(try ledger.govAccessRequests().count == 1)
        #expect(try ledger.registryFacts().count == facts)
        #expect(try ledger.transfers(matching: TransferQuery()).count == 300)
        #expect(try ledger.verify().isIntact)

        // A second run replaces the earlier demo rather than failing or appending.
        let again = try await session.run("demo", "--db", path, "--count", "10")
        #expect(again.status == 0, "stderr: \(again.stderr)")
        // Ten transfers hold no module to correct: only the government access request follows them.
        #expect(try Ledger(path: path, readOnly: true).entryCount() == UInt64(facts + 10 + 1))
    }

    @Test func demoNeverReplacesAFileThatIsNotALedger() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let contents = Array(String(repeating: "precious data\n", count: 50).utf8)
        let path = session.write("precious.txt", contents)
        let result = try await session.run("demo", "--db", path, "--count", "5")
        // Refused like any file demo did not make (issue 11, item 1): a usage error, choose another --db.
        #expect(result.status == 64, "stderr: \(result.stderr)")
        #expect(FileManager.default.contents(atPath: path) == Data(contents))
    }
}
