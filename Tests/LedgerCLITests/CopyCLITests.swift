import Foundation
import Testing
import LedgerTestSupport
import TransferLedger

/// `ledger copy`: a verified copy into a new file or an empty database that `verify --checkpoint`
/// proves is the same ledger, and one-line errors with the documented statuses when it cannot be made.
@Suite struct CopyCLITests {
    @Test func aCopyVerifiesAgainstACheckpointSignedOnTheSource() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let database = try PostgresServer.database()
        defer { database.drop() }
        try await session.ledger()
        #expect(try await session.run("keygen", "--name", "example.com/copy", "--out", session.directory.file("log")).status == 0)
        let signed = try await session.run("checkpoint", "--key", "log.key", "--out", "cp", "--db", session.db)
        #expect(signed.status == 0, "\(signed.stderr)")

        let up = try await session.run("copy", "--from", session.db, "--to", database.uri)
        #expect(up.status == 0, "\(up.stderr)")
        let entries = try session.entryCount()
        #expect(up.lines.first == "copied \(entries) entries from \(session.db) to \(LedgerLocation(database.uri))")
        let down = try await session.run("copy", "--from", database.uri, "--to", "audit.ledger")
        #expect(down.status == 0 && down.lines.dropFirst() == up.lines.dropFirst(), "the same tip and root: \(down.stdout)")
        for copy in [database.uri, "audit.ledger"] {
            let verified = try await session.run("verify", "--checkpoint", "cp", "--key", "log.pub", "--db", copy)
            #expect(verified.status == 0, "\(copy): \(verified.stdout)")
        }
    }

    @Test func whatCannotBeCopiedIsOneLineAndChangesNothing() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        let exists = try await session.run("copy", "--from", session.db, "--to", session.db)
        #expect(exists.status == 64 && exists.stderr == "Error: a ledger already exists at \(session.db)\n")
        let missing = try await session.run("copy", "--from", "missing.ledger", "--to", "b.ledger")
        #expect(missing.status == 66 && missing.stderr.hasPrefix("Error: cannot open ledger missing.ledger"))
        let usage = try await session.run("copy", "--from", session.db)
        #expect(usage.status == 64 && usage.stderr.hasPrefix("Error: missing --to\n"))

        // The trigger goes back after the edit, so the problem is the entry's and not the schema's.
        let raw = try RawSQLite(session.db)
        let trigger = try #require(try raw.value("SELECT sql FROM sqlite_master WHERE name = 'entry_no_update'").text)
        try raw.execute("DROP TRIGGER entry_no_update")
        try raw.execute("UPDATE entry SET recorded_at = '2020-01-01T00:00:00Z' WHERE seq = 2")
        try raw.execute(trigger)
        let tampered = try await session.run("copy", "--from", session.db, "--to", "b.ledger")
        #expect(tampered.status == 65, "\(tampered.stderr)")
        #expect(tampered.stderr.hasPrefix("Error: the ledger does not verify, nothing was copied: entry 2: "), "\(tampered.stderr)")
        #expect(tampered.stderr.split(separator: "\n").count == 1 && tampered.stdout.isEmpty)
        #expect(try session.names() == ["cli.ledger", "cli.ledger-shm", "cli.ledger-wal"] || session.names() == ["cli.ledger"])
    }
}
