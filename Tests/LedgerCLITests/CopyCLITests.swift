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
        let down = try await session.run("copy", "--from", database.uri, "--to", "audit.ledger", "--quiet")
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

    /// `--writer-role` and `--auditor-role` grant the copy's privileges as `ledger init` grants them: the
    /// writer appends, the auditor reads and verifies and may not append.
    @Test func aCopyGrantsTheRolesAsInitDoes() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let database = try PostgresServer.database()
        defer { database.drop() }
        let (owner, writer, auditor) = try (database.createRole("owner"), database.createRole("writer"), database.createRole("auditor"))
        // The owner owns the database, hence (PostgreSQL 15) may create in its public schema.
        try database.admin().execute("ALTER DATABASE \(database.name) OWNER TO \(owner.name)")
        let ownerURI = try database.uri(user: owner.name, password: owner.password)
        let writerURI = try database.uri(user: writer.name, password: writer.password)
        let auditorURI = try database.uri(user: auditor.name, password: auditor.password)
        try await session.ledger()
        let entries = try session.entryCount()

        let copied = try await session.run("copy", "--from", session.db, "--to", ownerURI, "--writer-role", writer.name, "--auditor-role", auditor.name)
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(copied.lines.dropFirst().first == "\(writer.name) may read and append, \(auditor.name) may read")

        let appended = try await session.run("record", "--db", writerURI, input: CLIFixture.ndjson([CLIFixture.transfer(key: "after-copy")]))
        #expect(appended.status == 0, "the writer appends: \(appended.stderr)")
        let verified = try await session.run("verify", "--db", auditorURI)
        #expect(verified.status == 0 && verified.stdout.hasPrefix("intact: \(entries + 1) entries verified"), "the auditor verifies: \(verified.stdout) \(verified.stderr)")
        let refused = try await session.run("record", "--db", auditorURI, input: CLIFixture.ndjson([CLIFixture.transfer(key: "by-auditor")]))
        #expect(refused.status != 0, "the auditor may not append")
        let shown = try await session.run("show", "0", "--db", writerURI)
        #expect(shown.status == 0, "the writer reads: \(shown.stderr)")
    }

    /// The role options are for a PostgreSQL target only, and go together, as for `ledger init`.
    @Test func roleOptionsAreRefusedForAFileTarget() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        let file = try await session.run("copy", "--from", session.db, "--to", "b.ledger", "--writer-role", "w", "--auditor-role", "a")
        #expect(file.status == 64 && file.stderr.hasPrefix("Error: --writer-role and --auditor-role apply to a PostgreSQL ledger only (--to is a file)\n"), "\(file.stderr)")
        let alone = try await session.run("copy", "--from", session.db, "--to", "b.ledger", "--writer-role", "w")
        #expect(alone.status == 64 && alone.stderr.hasPrefix("Error: --writer-role and --auditor-role go together\n"), "\(alone.stderr)")
        #expect(!(try session.names().contains("b.ledger")))
        #expect(throws: LedgerError.self) {
            try Ledger.copy(from: .file(session.db), to: .file(session.directory.file("c.ledger")), roles: DatabaseRoles(writer: "w", auditor: "a"))
        }
    }
}
