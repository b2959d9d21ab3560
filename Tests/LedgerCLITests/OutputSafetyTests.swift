import Foundation
import LedgerTestSupport
import Testing
import TransferLedger

/// Issue 11, items 1–4 and 13: no command destroys a ledger, records an entry for output it then fails
/// to write, leaves a partial file behind, or reports success for output that was lost.
@Suite("Output safety: demo, checkpoint --out, export, keygen, stdout")
struct OutputSafetyTests {
    static func entryCount(_ path: String) throws -> UInt64 {
        try Ledger(path: path, readOnly: true).entryCount()
    }

    /// A session ledger with three transfers and a key pair `log.key` / `log.pub`.
    static func sessionWithKey() async throws -> CLISession {
        let session = try CLISession()
        try await session.ledger()
        try await session.registerGroup()
        let keygen = try await session.run("keygen", "--name", "example.com/safety", "--out", "log")
        #expect(keygen.status == 0, "\(keygen.stderr)")
        return session
    }

    @Test func demoRefusesALedgerItDidNotMake() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        let before = try Self.entryCount(session.db)
        let demo = try await session.run("demo", "--db", session.db, "--count", "5")
        #expect(demo.status == 64)
        #expect(demo.stderr.hasPrefix("Error: \(session.db) exists and is not a ledger 'ledger demo' made"))
        #expect(try Self.entryCount(session.db) == before)
        #expect(try Ledger(path: session.db, readOnly: true).keys() == ["cli-0", "cli-1", "cli-2"])
    }

    @Test func demoReplacesOnlyItsOwnUntouchedLedger() async throws {
        let session = try CLISession()
        defer { session.remove() }
        #expect(try await session.run("demo", "--db", "d.ledger", "--count", "5").status == 0)
        #expect(try await session.run("demo", "--db", "d.ledger", "--count", "5").status == 0)
        // Once another writer appended, the marker no longer matches: the file is refused, even with its marker.
        let recorded = try await session.run("record", "--db", "d.ledger", input: CLIFixture.ndjson([CLIFixture.transfer(key: "real-1")]))
        #expect(recorded.status == 0 || recorded.status == 2, "\(recorded.stderr)")
        let before = try Self.entryCount(session.directory.file("d.ledger"))
        let again = try await session.run("demo", "--db", "d.ledger", "--count", "5")
        #expect(again.status == 64)
        #expect(again.stderr.contains("entries were added or changed since"))
        #expect(try Self.entryCount(session.directory.file("d.ledger")) == before)
    }

    @Test func checkpointOutChecksTheFileBeforeRecording() async throws {
        let session = try await Self.sessionWithKey()
        defer { session.remove() }
        let existing = session.write("cp.txt", Array("keep me\n".utf8))
        let before = try Self.entryCount(session.db)
        let taken = try await session.run("checkpoint", "--db", session.db, "--key", "log.key", "--out", "cp.txt")
        #expect(taken.status == 64)
        #expect(taken.stderr.hasPrefix("Error: cp.txt already exists"))
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "keep me\n")
        #expect(try Self.entryCount(session.db) == before)

        let full = try await session.run(["checkpoint", "--db", session.db, "--key", "log.key", "--out", "new.txt"], launcher: CLISession.fullDisk)
        #expect(full.status == 74, "\(full.stderr)")
        #expect(try Self.entryCount(session.db) == before)
        #expect(try !session.names().contains { $0.contains("new.txt") })

        let written = try await session.run("checkpoint", "--db", session.db, "--key", "log.key", "--out", "new.txt")
        #expect(written.status == 0, "\(written.stderr)")
        #expect(try String(contentsOfFile: session.directory.file("new.txt"), encoding: .utf8) == written.stdout)
    }

    @Test func keygenOnAFullDiskLeavesNothingAndARetryWorks() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let full = try await session.run(["keygen", "--name", "example.com/k", "--out", "k"], launcher: CLISession.fullDisk)
        #expect(full.status == 74, "\(full.stderr)")
        #expect(try session.names().isEmpty)
        #expect(try await session.run("keygen", "--name", "example.com/k", "--out", "k").status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: session.directory.file("k.key"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    static func export(_ session: CLISession, key: String = "log.key", out: String = "bundle", extra: [String] = [],
                       launcher: [String] = []) async throws -> LedgerProcess.Result {
        try await session.run(["export", "--db", session.db, "--from", "2025-01-01", "--to", "2026-12-31", "--report-id", "RPT",
                               "--addressee", "Audit", "--key", key, "--out", out] + extra, launcher: launcher)
    }

    @Test func aFailedExportLeavesNothingAndARetryWorks() async throws {
        let session = try CLISession()
        defer { session.remove() }
        #expect(try await session.run("demo", "--db", session.db, "--count", "40").status == 0)
        #expect(try await session.run("keygen", "--name", "example.com/safety", "--out", "log").status == 0)
        #expect(try await session.run("checkpoint", "--db", session.db, "--key", "log.key").status == 0)
        let files = try session.names()
        // 64 KiB (dash counts 512-byte blocks): room for the read-only connection's shared memory, not for report.json.
        let small = ["/bin/sh", "-c", "trap '' XFSZ; ulimit -f 128; exec \"$@\"", "sh"]
        let failed = try await Self.export(session, extra: ["--recorded-checkpoint"], launcher: small)
        #expect(failed.status == 74)
        #expect(failed.stderr.hasPrefix("Error: report.json: cannot write"), "\(failed.stderr)")
        // Nothing but the ledger's own WAL companions changed: no bundle, no hidden partial directory.
        let others = { (names: [String]) in names.filter { !$0.hasPrefix("cli.ledger") } }
        #expect(try others(session.names()) == others(files))

        let retry = try await Self.export(session)
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(try await session.run("verify-report", "bundle", "--key", "log.pub").status == 0)
    }

    @Test func exportChecksTheBundleDirectoryBeforeRecording() async throws {
        let session = try await Self.sessionWithKey()
        defer { session.remove() }
        try FileManager.default.createDirectory(atPath: session.directory.file("bundle"), withIntermediateDirectories: false)
        _ = session.write("bundle/notes.txt", Array("mine".utf8))
        let before = try Self.entryCount(session.db)
        let refused = try await Self.export(session)
        #expect(refused.status == 64)
        #expect(refused.stderr.hasPrefix("Error: bundle already exists"))
        // No checkpoint was signed for an export that could not be written.
        #expect(try Self.entryCount(session.db) == before)
    }

    @Test func exportWithAnotherKeyThanTheCheckpointsIsRefused() async throws {
        let session = try await Self.sessionWithKey()
        defer { session.remove() }
        #expect(try await session.run("checkpoint", "--db", session.db, "--key", "log.key").status == 0)
        #expect(try await session.run("keygen", "--name", "example.com/other", "--out", "other").status == 0)
        let before = try Self.entryCount(session.db)
        let refused = try await Self.export(session, key: "other.key")
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("the key 'example.com/other' did not sign this ledger's newest checkpoint"))
        #expect(try Self.entryCount(session.db) == before)
        #expect(try !session.names().contains("bundle"))
    }

    @Test func aFullStandardOutputIsAnIOError() async throws {
        let session = try await Self.sessionWithKey()
        defer { session.remove() }
        #expect(try await session.run("checkpoint", "--db", session.db, "--key", "log.key").status == 0)
        let input = CLIFixture.ndjson([CLIFixture.transfer(key: "full-1")])
        let record = try await session.run(["record", "--db", session.db], input: input, standardOutput: "/dev/full")
        #expect(record.status == 74)
        #expect(record.stderr.contains("Error: cannot write standard output"))
        #expect(record.stderr.contains("was committed to \(session.db)"))
        #expect(record.stderr.contains("returns their receipts as 'duplicate'"))
        let retry = try await session.run(["record", "--db", session.db], input: input)
        #expect(retry.stdout.contains("\"status\":\"duplicate\""))

        for arguments in [["query"], ["query", "--format", "csv"], ["prove", "5"], ["verify"], ["show", "0"]] {
            let result = try await session.run(arguments + ["--db", session.db], standardOutput: "/dev/full")
            #expect(result.status == 74, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("Error: cannot write standard output"), "\(arguments)")
        }
    }
}
