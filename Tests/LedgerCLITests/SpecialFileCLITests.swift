import Foundation
import Testing
import LedgerTestSupport
import TransferLedger

/// Issue 11, items 6, 8 and 10: files that are not what they claim — a damaged schema version, a FIFO,
/// a device, an endless or enormous report line — are refused with a clear error instead of a crash,
/// a hang or unbounded memory.
@Suite("Special and damaged files are refused, never read forever")
struct SpecialFileCLITests {
    @Test(arguments: [-5, 0, -2_147_483_648])
    func aDamagedSchemaVersionIsNotALedger(version: Int) async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        try RawSQLite(session.db).execute("PRAGMA user_version = \(version)")
        _ = try await session.run("keygen", "--name", "example.com/schema", "--out", "log")
        for arguments in [["verify"], ["record"], ["checkpoint", "--key", "log.key"], ["registry", "add"]] {
            let result = try await session.runGuarded(arguments + ["--db", session.db])
            #expect(result.status == 66, "\(arguments): \(result.stderr)")
            #expect(result.stderr == "Error: \(session.db) is not a TransferLedger database: damaged schema version \(version) (a ledger's is 1 to \(try Self.schemaVersion()))\n")
        }
    }

    /// The schema version this build writes: the number of SQLite migrations in the repository.
    static func schemaVersion() throws -> Int {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Schema/migrations").path).filter { $0.hasSuffix(".sql") }.count
    }

    /// Every place a file is named, given a FIFO (no writer ever comes) and a character device.
    @Test(arguments: ["fifo", "/dev/zero"])
    func specialFilesAreRefusedWherePathsAreGiven(special: String) async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        _ = try await session.run("keygen", "--name", "example.com/special", "--out", "log")
        let fifo = session.directory.file("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let path = special == "fifo" ? fifo : special
        let before = try session.entryCount()
        let cases: [[String]] = [
            ["verify", "--db", path],
            ["record", path, "--db", session.db],
            ["check", path, "--db", session.db],
            ["correct", path, "--db", session.db],
            ["gov-access", path, "--db", session.db],
            ["registry", "add", path, "--db", session.db],
            ["checkpoint", "--key", path, "--db", session.db],
            ["verify", "--checkpoint", path, "--key", "log.pub", "--db", session.db],
            ["verify", "--key", path, "--db", session.db],
            ["verify-proof", path, "--key", "log.pub"],
            ["prove", "1", "--checkpoint", path, "--db", session.db],
        ]
        for arguments in cases {
            let result = try await session.runGuarded(arguments)
            #expect(result.status == 66, "\(arguments): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains("not a regular file"), "\(arguments): \(result.stderr)")
        }
        #expect(try session.entryCount() == before)
    }

    @Test func standardInputStaysAllowedForNDJSON() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.initWithRegistry()
        let result = try await session.run("record", "-", "--db", session.db, input: CLIFixture.ndjson([CLIFixture.three[0]]))
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func aKeyFileLargerThanAnyKeyIsRefusedUnread() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        let big = session.write("big.pub", [UInt8](repeating: 0x41, count: RegularFile.smallFileLimit + 1))
        let result = try await session.runGuarded(["verify", "--key", big, "--db", session.db])
        #expect(result.status == 66, "\(result.stderr)")
        #expect(result.stderr.contains("is larger than \(RegularFile.smallFileLimit) bytes"))
    }

    /// A bundle whose report.json is a link to /dev/zero, or a regular file with one line longer than
    /// the bound: verify-report refuses it with a problem, in bounded memory.
    @Test(arguments: ["device", "longLine"])
    func verifyReportRefusesEndlessOrOverlongReportFiles(kind: String) async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        try await session.registerGroup()
        _ = try await session.run("keygen", "--name", "example.com/bundle", "--out", "log")
        let export = try await session.run("export", "--db", session.db, "--from", "2026-01-01", "--to", "2026-12-31",
                                           "--report-id", "R", "--addressee", "A", "--key", "log.key", "--out", "bundle")
        #expect(export.status == 0, "\(export.stderr)")
        let report = session.directory.file("bundle/report.json")
        try FileManager.default.removeItem(atPath: report)
        if kind == "device" {
            try FileManager.default.createSymbolicLink(atPath: report, withDestinationPath: "/dev/zero")
        } else {
            // A sparse file: 65 MiB of zero bytes without a line feed, cheap to make.
            let handle = try #require(FileHandle(forWritingAtPath: session.write("bundle/report.json", [])))
            try handle.truncate(atOffset: 65 << 20)
            try handle.close()
        }
        let result = try await session.runGuarded(["verify-report", "bundle", "--key", "log.pub"])
        #expect(result.status == 1, "\(result.stdout) \(result.stderr)")
        let expected = kind == "device" ? "INVALID: report.json: is not a regular file" : "INVALID: report.json: has a line longer than 67108864 bytes"
        #expect(result.stdout.hasPrefix(expected), "\(result.stdout)")
    }
}
