import Foundation
import LedgerTestSupport
import Testing
import TransferLedger

/// `ledger erase` end to end: what it prints, what it refuses, what verify, show and query say after,
/// and that the erased bytes are gone from every file of an SQLite ledger.
@Suite("ledger erase")
struct EraseCLITests {
    static let marker = "ZQXJ-ERASE-ME-4471"
    static let kept = "ZQXJ-KEEP-ME-0932"

    /// Two transfers with distinctive notes, the first to be erased.
    static let transfers = [
        CLIFixture.transfer(key: "erase-0", at: "2026-03-01T08:00:00Z", notes: "batch \(marker)"),
        CLIFixture.transfer(key: "erase-1", at: "2026-03-02T08:00:00Z", notes: "batch \(kept)"),
    ]

    @Test(arguments: Backend.allCases)
    func eraseBySeqThenVerifyShowAndQuery(_ backend: Backend) async throws {
        let session = try CLISession(backend)
        defer { session.remove() }
        try await session.ledger(with: Self.transfers)
        let seq = CLIFixture.firstTransferSeq
        let erase = try await session.run("erase", "--db", session.db, "--seq", String(seq), "--reason", "art17Request", "--reference", "DSR-7")
        #expect(erase.status == 0, "\(erase.stderr)")
        let receipt = try #require(try JSONParser.parse(erase.stdout).objectValue)
        #expect(receipt["erased"] == .array([.integer(Int64(seq))]))
        #expect(receipt["seq"] == .integer(Int64(seq + 2)))

        let verify = try await session.run("verify", "--db", session.db)
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        let show = try await session.run("show", String(seq), "--db", session.db)
        #expect(show.stdout.contains("erased by entry \(seq + 2)"))
        for format in ["json", "ndjson", "csv", "table"] {
            let query = try await session.run("query", "--db", session.db, "--format", format)
            #expect(query.status == 0)
            #expect(!query.stdout.contains(Self.marker), "\(format)")
            #expect(query.stdout.contains("erased"), "\(format): \(query.stdout)")
            #expect(format == "table" || query.stdout.contains(Self.kept), "\(format)")
        }
        let json = try await session.run("query", "--db", session.db, "--format", "ndjson")
        #expect(json.stdout.contains(#""erasedBy":\#(seq + 2)"#))

        guard backend == .sqlite else { return }
        // Every file of the ledger (the database, its WAL, its shared memory), byte for byte.
        let files = try session.names().filter { $0.hasPrefix("cli.ledger") }
        #expect(files.contains("cli.ledger"))
        var sawKept = false
        for name in files {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: session.directory.file(name)))
            #expect(bytes.range(of: Data(Self.marker.utf8)) == nil, "\(name) still holds the erased notes")
            if bytes.range(of: Data(Self.kept.utf8)) != nil { sawKept = true }
        }
        #expect(sawKept, "the search finds text that was not erased")
    }

    @Test(arguments: Backend.allCases)
    func refusalsExitWithTheirStatusAndWriteNothing(_ backend: Backend) async throws {
        let session = try CLISession(backend)
        defer { session.remove() }
        try await session.ledger(with: Self.transfers)
        let seq = String(CLIFixture.firstTransferSeq)
        let first = try await session.run("erase", "--db", session.db, "--seq", seq, "--reason", "unlawfullyRecorded")
        #expect(first.status == 0, "\(first.stderr)")
        let count = try session.entryCount()
        let cases: [([String], Int32, String)] = [
            (["--seq", "999", "--reason", "art17Request"], 65, "there is no entry 999"),
            (["--seq", "0", "--reason", "art17Request"], 65, "has no private document"),
            (["--seq", seq, "--reason", "art17Request"], 65, "[already-erased]"),
            (["--before", "2026-02-30", "--reason", "retentionPeriod"], 64, "not a date"),
            (["--seq", seq], 64, "missing --reason"),
            (["--seq", seq, "--reason", "tidy"], 64, "is not one of"),
            (["--seq", seq, "--before", "2026-01-01", "--reason", "art17Request"], 64, "exactly one of"),
            (["--retention"], 65, "no retention policy"),
        ]
        for (arguments, status, message) in cases {
            let result = try await session.run(["erase", "--db", session.db] + arguments)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(try session.entryCount() == count, "\(arguments) wrote something")
        }
    }

    @Test(arguments: Backend.allCases)
    func byDateAndByRetentionAreIdempotent(_ backend: Backend) async throws {
        let session = try CLISession(backend)
        defer { session.remove() }
        try await session.ledger(with: Self.transfers)
        let byDate = try await session.run("erase", "--db", session.db, "--before", "2026-03-02", "--reason", "retentionPeriod")
        #expect(byDate.status == 0, "\(byDate.stderr)")
        #expect(byDate.stdout.contains(#""before":"2026-03-02","erased":[\#(CLIFixture.firstTransferSeq)]"#), "\(byDate.stdout)")
        let again = try await session.run("erase", "--db", session.db, "--before", "2026-03-02", "--reason", "retentionPeriod")
        #expect(again.status == 0 && again.stdout.isEmpty)
        #expect(again.stderr.contains("nothing to erase"))

        // A policy of 30 days, in force since 2026: both March transfers are older than that today.
        let policy = #"{"kind":"retentionPolicy","id":"RET-30D","days":30,"validFrom":"2026-01-01"}"#
        let registered = try await session.run("registry", "add", "--db", session.db, input: Array((policy + "\n").utf8))
        #expect(registered.status == 0, "\(registered.stderr)")
        let count = try session.entryCount()
        let retention = try await session.run("erase", "--db", session.db, "--retention")
        #expect(retention.status == 0, "\(retention.stderr)")
        #expect(retention.stdout.contains(#""erased":[\#(CLIFixture.firstTransferSeq + 1)],"#), "\(retention.stdout)")
        #expect(retention.stdout.contains(#""reason":"retentionPeriod""#))
        let twice = try await session.run("erase", "--db", session.db, "--retention")
        #expect(twice.status == 0 && twice.stdout.isEmpty)
        #expect(try session.entryCount() == count + 1)
        let verify = try await session.run("verify", "--db", session.db, "--policy")
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
    }

    /// `erase --subject`: one person's links go in one erasure entry, the token is never printed, the
    /// subject's answer is then empty and says so, another subject of the same transfer keeps theirs,
    /// and (SQLite) the token is in no file of the ledger any more.
    @Test(arguments: Backend.allCases)
    func eraseBySubjectThenVerifyAndAnswer(_ backend: Backend) async throws {
        let session = try CLISession(backend)
        defer { session.remove() }
        let key = SubjectCLITests.keyFile(session)
        func token(_ email: String) async throws -> SubjectToken {
            try #require(SubjectToken(hex: try await session.run("subject-token", "--key", key, email).stdout.trimmingCharacters(in: .newlines)))
        }
        let alice = try await token("alice@example.com"), bob = try await token("bob@example.com")
        var transfers = Self.transfers
        transfers[0].subjectLinks = [alice, bob]
        transfers[1].subjectLinks = [alice]
        try await session.ledger(with: transfers)
        let first = CLIFixture.firstTransferSeq

        let erase = try await session.run("erase", "--db", session.db, "--subject", " Alice@Example.COM ", "--key", key,
                                          "--reason", "art17Request", "--reference", "DSR-2026-0077")
        #expect(erase.status == 0, "\(erase.stderr)")
        let receipt = try #require(try JSONParser.parse(erase.stdout).objectValue)
        #expect(receipt["erasedLinks"] == .array([.integer(Int64(first)), .integer(Int64(first + 1))]))
        #expect(receipt["erased"] == .array([]), "no private document was named")
        #expect(receipt["seq"] == .integer(Int64(first + 2)))
        #expect(!(erase.stdout + erase.stderr).contains(alice.description), "the token is never printed")
        #expect(try await session.run("verify", "--db", session.db).status == 0)

        let answer = try await session.run("subject-report", "--db", session.db, "--subject", "alice@example.com", "--key", key)
        #expect(answer.status == 0 && answer.stdout.contains("\"disclosures\":[]"), "\(answer.stdout)")
        #expect(answer.stderr.contains("no transfer linked to this identifier is recorded"), "\(answer.stderr)")
        let other = try await session.run("subject-report", "--db", session.db, "--subject", "bob@example.com", "--key", key)
        #expect(other.status == 0 && !other.stdout.contains("\"disclosures\":[]") && other.stderr.isEmpty, "\(other.stdout) \(other.stderr)")

        let count = try session.entryCount()
        let again = try await session.run("erase", "--db", session.db, "--subject", "alice@example.com", "--key", key, "--reason", "art17Request")
        #expect(again.status == 65 && again.stdout.isEmpty, "\(again.stderr)")
        #expect(again.stderr.contains("no subject link of this identifier is stored") && !again.stderr.contains(alice.description), "\(again.stderr)")
        #expect(try session.entryCount() == count)

        guard backend == .sqlite else { return }
        let files = try session.names().filter { $0.hasPrefix("cli.ledger") }
        var all = Data()
        for name in files { all += try Data(contentsOf: URL(fileURLWithPath: session.directory.file(name))) }
        #expect(all.range(of: Data(alice.digest.bytes)) == nil, "a file still holds the erased token")
        #expect(all.range(of: Data(bob.digest.bytes)) != nil, "the search finds a token that was not erased")
    }

    @Test(arguments: [
        (["--subject", "a@b.c", "--reason", "art17Request"], "missing --key"),
        (["--subject", "a@b.c", "--key", "k", "--before", "2026-01-01", "--reason", "art17Request"], "exactly one of"),
        (["--seq", "1", "--key", "k", "--reason", "art17Request"], "--key and --type belong to --subject"),
        (["--subject", "a@b.c", "--key", "k", "--type", "badge", "--reason", "art17Request"], "--type 'badge' is not one of"),
        (["--subject", "not-an-address", "--key", "k", "--reason", "art17Request"], "not a valid email identifier"),
    ])
    func subjectUsageErrorsWriteNothing(_ arguments: [String], message: String) async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger(with: Self.transfers)
        _ = SubjectCLITests.keyFile(session)
        let count = try session.entryCount()
        let result = try await session.run(["erase", "--db", session.db] + arguments.map { $0 == "k" ? session.directory.file("subject.key") : $0 })
        #expect(result.status == 64 && result.stderr.contains(message) && result.stdout.isEmpty, "\(result.stderr)")
        #expect(!result.stderr.contains("not-an-address"), "the identifier is never echoed")
        #expect(try session.entryCount() == count)
    }

    /// A report bundle over a range that holds an erasure still verifies, and holds no private text.
    @Test func anErasedLedgerExportsAndTheBundleVerifies() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger(with: Self.transfers)
        let erase = try await session.run("erase", "--db", session.db, "--seq", String(CLIFixture.firstTransferSeq), "--reason", "art17Request")
        #expect(erase.status == 0, "\(erase.stderr)")
        try await session.registerGroup()
        _ = try await session.run("keygen", "--name", "example.com/erase-test", "--out", "log")
        let export = try await session.run("export", "--db", session.db, "--from", "2026-01-01", "--to", "2026-12-31",
                                           "--report-id", "RPT-E", "--addressee", "DPO", "--key", "log.key", "--out", "bundle")
        #expect(export.status == 0, "\(export.stderr)")
        let verify = try await session.run("verify-report", "bundle", "--key", "log.pub")
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        for name in ["report.json", "transfers.csv", "report.html"] {
            let text = try String(contentsOfFile: session.directory.file("bundle/\(name)"), encoding: .utf8)
            #expect(!text.contains(Self.marker) && !text.contains(Self.kept), "\(name)")
        }
    }
}
