import Foundation
import Testing
import LedgerTestSupport
import TransferLedger

/// Issue 11, items 14, 15 and 18 and the WAL known limit: an auditor's read-only copy verifies, a damaged
/// file is described as damaged, proof and key file errors name the field, and checkpoints kept outside
/// the ledger catch its latest batches vanishing.
@Suite("Read-only copies, damaged files, proof files, checkpoint directories")
struct ReadOnlyLedgerTests {
    /// Runs as `nobody` when the tests run as root: root ignores permissions, so without it a read-only
    /// directory would not be read-only at all and the test would pass without the fix.
    static var unprivileged: [String] {
        getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
    }

    @Test func readOnlyCommandsWorkOnACopyInAReadOnlyDirectory() async throws {
        let session = try CLISession()
        defer {
            chmod(session.directory.file("ro"), 0o755)
            session.remove()
        }
        try await session.ledger()
        let directory = session.directory.file("ro")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        let copy = directory + "/audit.ledger"
        try FileManager.default.copyItem(atPath: session.db, toPath: copy)
        #expect(!FileManager.default.fileExists(atPath: session.db + "-wal"), "the ledger was not closed cleanly")
        #expect(chmod(copy, 0o444) == 0 && chmod(directory, 0o555) == 0)
        for arguments in [["verify"], ["query", "--format", "csv"], ["show", "0"], ["registry", "list"]] {
            let result = try await session.run(arguments + ["--db", copy], launcher: Self.unprivileged)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["audit.ledger"])
    }

    @Test func aDamagedStoredEntryIsNamedNotRejected() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        let raw = try RawSQLite(session.db)
        try raw.execute("DROP TRIGGER entry_no_update")
        try raw.execute("UPDATE entry SET payload = substr(payload, 1, 40) WHERE seq = 1")
        for arguments in [["registry", "list"], ["registry", "show", "NW-FR"]] {
            let result = try await session.run(arguments + ["--db", session.db])
            #expect(result.status == 74, "\(arguments)")
            #expect(result.stderr.hasPrefix("Error: the ledger is damaged: stored entry 1 does not decode"), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("rejected"))
        }
    }

    @Test func proofAndKeyFileErrorsNameTheField() async throws {
        let session = try CLISession()
        defer { session.remove() }
        #expect(try await session.run("keygen", "--name", "example.com/p", "--out", "log").status == 0)
        _ = session.write("broken.json", Array(#"{"type":"inclusion","#.utf8))
        let broken = try await session.run("verify-proof", "broken.json", "--key", "log.pub")
        #expect(broken.status == 65)
        #expect(broken.stderr.hasPrefix("Error: broken.json is not a proof file: "), "\(broken.stderr)")
        #expect(!broken.stderr.contains("The given data was not valid JSON"))

        _ = session.write("missing.json", Array(#"{"type":"inclusion","treeSize":1}"#.utf8))
        let missing = try await session.run("verify-proof", "missing.json", "--key", "log.pub")
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("field "), "\(missing.stderr)")
        #expect(missing.stderr.contains(": is mandatory and missing"))
        #expect(!missing.stderr.contains("CodingKeys"))

        _ = session.write("bad.pub", Array("not a key\n".utf8))
        let badKey = try await session.run("verify-proof", "missing.json", "--key", "bad.pub")
        #expect(badKey.status == 65, "README: a malformed key is rejected input")
        #expect(try await session.run("verify-proof", "missing.json", "--key", "absent.pub").status == 66)
    }

    @Test func checkpointsKeptInADirectoryCatchVanishedBatches() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        #expect(try await session.run("keygen", "--name", "example.com/w", "--out", "log").status == 0)
        try FileManager.default.createDirectory(atPath: session.directory.file("kept"), withIntermediateDirectories: false)
        #expect(try await session.run("checkpoint", "--db", session.db, "--key", "log.key", "--out", "kept/").status == 0)
        // The file as it was before the next batch: what a dropped WAL tail leaves behind.
        let earlier = session.directory.file("earlier.ledger")
        try FileManager.default.copyItem(atPath: session.db, toPath: earlier)
        let recorded = try await session.run("record", "--db", session.db, input: CLIFixture.ndjson([CLIFixture.transfer(key: "late-1")]))
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(try await session.run("checkpoint", "--db", session.db, "--key", "log.key", "--out", "kept").status == 0)
        let kept = try FileManager.default.contentsOfDirectory(atPath: session.directory.file("kept"))
        #expect(kept.count == 2 && kept.allSatisfy { $0.hasPrefix("checkpoint-") && $0.hasSuffix(".txt") }, "\(kept)")

        let current = try await session.run("verify", "--db", session.db, "--checkpoints", "kept", "--key", "log.pub")
        #expect(current.status == 0, "\(current.stdout)")
        // Without the kept checkpoints, the cut-off file looks intact: its own checkpoint vanished with the batch.
        #expect(try await session.run("verify", "--db", earlier).status == 0)
        let cut = try await session.run("verify", "--db", earlier, "--checkpoints", "kept", "--key", "log.pub")
        #expect(cut.status == 1)
        #expect(cut.stdout.contains("entries were removed"), "\(cut.stdout)")
        #expect(try await session.run("verify", "--db", earlier, "--checkpoints", "kept").status == 64)
    }
}
