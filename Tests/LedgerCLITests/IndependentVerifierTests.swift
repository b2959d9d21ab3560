import Foundation
import LedgerTestSupport
import Testing
import TransferLedger

/// `Tools/IndependentVerifier/verify.py`, a verifier written in Python from FORMAT.md alone, against
/// ledgers the binary wrote: it must find them intact with the same tip, and find the same tampered
/// entries `ledger verify` finds. Either side drifting from FORMAT.md breaks these tests.
@Suite("Independent verifier (Python, from FORMAT.md)")
struct IndependentVerifierTests {
    /// Debian's interpreter, which has `python3-cryptography` (.ci/run installs both).
    static let python = "/usr/bin/python3"

    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tools/IndependentVerifier/verify.py").path
    }

    /// A demo ledger with subject links, erasures of private documents and of one subject's link, and
    /// two checkpoints, the first kept as a file.
    static func ledger(_ session: CLISession) async throws -> (db: String, checkpoint: String) {
        let (db, _) = try await session.demo(count: 200)
        #expect(try await session.run("keygen", "--name", "example.com/independent", "--out", session.directory.file("log")).status == 0)
        let checkpoint = session.directory.file("first.checkpoint")
        #expect(try await session.run("checkpoint", "--db", db, "--key", session.directory.file("log.key"), "--out", checkpoint).status == 0)
        // Two subjects linked to one transfer; the first one's link is erased later.
        let subjectKey = session.directory.file("subject.key")
        #expect(try await session.run("subject-key", "generate", "--out", subjectKey).status == 0)
        var tokens: [SubjectToken] = []
        for address in ["alice@example.com", "bob@example.com"] {
            let token = try await session.run("subject-token", "--key", subjectKey, address)
            tokens.append(try #require(SubjectToken(hex: String(token.stdout.dropLast()))))
        }
        var linked = CLIFixture.transfer(key: "independent-linked", at: "2026-12-01T10:00:00Z")
        linked.subjectLinks = tokens
        let recorded = try await session.run("record", "--db", db, input: CLIFixture.ndjson([linked, CLIFixture.transfer(key: "independent-plain")]))
        #expect([0, 2].contains(recorded.status), "recorded, with or without findings: \(recorded.stderr)")
        #expect(try await session.run("erase", "--db", db, "--seq", "100", "--seq", "150", "--reason", "retentionPeriod").status == 0)
        let erased = try await session.run("erase", "--db", db, "--subject", "alice@example.com", "--key", subjectKey, "--reason", "art17Request")
        #expect(erased.status == 0, "\(erased.stderr)")
        #expect(try await session.run("checkpoint", "--db", db, "--key", session.directory.file("log.key")).status == 0)
        return (db, checkpoint)
    }

    static func verify(_ session: CLISession, _ arguments: String...) async throws -> LedgerProcess.Result {
        try await LedgerProcess.run(program: python, [script] + arguments, in: session.directory.path)
    }

    /// Drops every trigger on `tables`, as an owner rewriting history would.
    static func dropTriggers(of tables: [String], in raw: RawSQLite) throws {
        let list = tables.map { "'\($0)'" }.joined(separator: ",")
        for row in try raw.rows("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (\(list))") {
            try raw.execute("DROP TRIGGER \(try #require(row[0].text))")
        }
    }

    @Test func findsTheBinarysLedgerIntactWithTheSameTip() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let (db, checkpoint) = try await Self.ledger(session)

        let independent = try await Self.verify(session, db, "--key", session.directory.file("log.pub"), "--checkpoint", checkpoint)
        #expect(independent.status == 0, "\(independent.stdout) \(independent.stderr)")
        #expect(independent.lines.contains("checkpoint entries 2"))
        let ours = try await session.run("verify", "--db", db, "--json", "--key", session.directory.file("log.pub"), "--checkpoint", checkpoint)
        #expect(ours.status == 0, "\(ours.stdout)")
        let report = try #require(try JSONParser.parse(ours.stdout).objectValue)
        let tip = try #require(report["tipHash"]?.stringValue)
        guard case .integer(let count) = report["entriesChecked"] else { throw CLISession.Failure("no entriesChecked: \(ours.stdout)") }
        #expect(independent.lines.contains("tip \(tip)"))
        #expect(independent.lines.contains("entries \(count)"))
    }

    @Test func findsTheSameTamperedEntriesAsLedgerVerify() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let (db, _) = try await Self.ledger(session)
        let linked = try #require(try RawSQLite(db).value("SELECT seq FROM subject_link LIMIT 1").integer)
        let raw = try RawSQLite(db)
        // A payload edited in place, a private document deleted without an erasure, a subject link
        // deleted without one: each at its own entry.
        try Self.dropTriggers(of: ["entry", "transfer_private", "subject_link"], in: raw)
        try raw.execute("""
            UPDATE entry SET payload = replace(payload, 'e', 'E') WHERE seq = 80;
            DELETE FROM transfer_private WHERE seq = 90;
            DELETE FROM subject_link WHERE seq = \(linked) AND token = (SELECT min(token) FROM subject_link WHERE seq = \(linked));
            """)

        let independent = try await Self.verify(session, db)
        #expect(independent.status == 1)
        let named = Set(independent.lines.compactMap { $0.split(separator: ":").first.map(String.init) }.filter { $0.hasPrefix("entry ") })
        #expect(named == ["entry 80", "entry 90", "entry \(linked)"], "\(independent.stdout)")

        let ours = try await session.run("verify", "--db", db, "--json")
        #expect(ours.status == 1)
        guard case .array(let problems) = try JSONParser.parse(ours.stdout).objectValue?["problems"] else { throw CLISession.Failure("no problems: \(ours.stdout)") }
        let entries = Set(problems.compactMap { problem -> String? in
            guard case .integer(let seq) = problem.objectValue?["seq"] else { return nil }
            return "entry \(seq)"
        })
        #expect(named.isSubset(of: entries), "ledger verify: \(entries)")
    }

    @Test func refusesALedgerShorterThanATrustedCheckpoint() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let (db, _) = try await Self.ledger(session)
        let latest = session.directory.file("latest.checkpoint")
        #expect(try await session.run("checkpoint", "--db", db, "--key", session.directory.file("log.key"), "--out", latest).status == 0)
        // The last two entries (the checkpoints that signed sizes last - 1 and last) and every node
        // they completed removed, consistently: the ledger is one entry shorter than `latest` says.
        let raw = try RawSQLite(db)
        let last = try #require(try raw.value("SELECT max(seq) FROM entry").integer) - 1
        try Self.dropTriggers(of: ["entry", "checkpoint", "node"], in: raw)
        try raw.execute("""
            DELETE FROM checkpoint WHERE seq >= \(last); DELETE FROM entry WHERE seq >= \(last);
            DELETE FROM node WHERE (idx + 1) << level > \(last);
            """)
        let intact = try await Self.verify(session, db)
        #expect(intact.status == 0, "without the checkpoint the truncation is consistent: \(intact.stdout)")
        let truncated = try await Self.verify(session, db, "--key", session.directory.file("log.pub"), "--checkpoint", latest)
        #expect(truncated.status == 1)
        #expect(truncated.stdout.contains("fewer than the trusted checkpoint"), "\(truncated.stdout)")
    }
}
