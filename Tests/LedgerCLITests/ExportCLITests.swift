import Foundation
import Testing
import LedgerTestSupport
import TransferLedger

/// `ledger export` and `ledger verify-report` end to end, with their exit statuses.
@Suite("ledger export and verify-report")
struct ExportCLITests {
    /// On a file and on a PostgreSQL database alike, from `demo --db` on.
    @Test(arguments: Backend.allCases)
    func exportThenVerifyThenTamper(_ backend: Backend) async throws {
        let session = try CLISession(backend)
        defer { session.remove() }
        let demo = try await session.run("demo", "--db", session.db, "--count", "40")
        #expect(demo.status == 0, "\(demo.stderr)")
        let keygen = try await session.run("keygen", "--name", "example.com/cli-test", "--out", "log")
        #expect(keygen.status == 0, "\(keygen.stderr)")
        let export = try await session.run("export", "--db", session.db, "--from", "2025-01-01", "--to", "2026-12-31",
                                           "--report-id", "RPT-CLI", "--addressee", "Internal audit", "--key", "log.key", "--out", "bundle")
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.hasPrefix("wrote bundle: entries 0..<"))
        let valid = try await session.run("verify-report", "bundle", "--key", "log.pub")
        #expect(valid.status == 0, "\(valid.stdout) \(valid.stderr)")
        #expect(valid.stdout.hasPrefix("valid: report 'RPT-CLI', "))

        // Exporting into the same directory again never replaces the files.
        let again = try await session.run("export", "--db", session.db, "--from", "2025-01-01", "--to", "2026-12-31",
                                          "--report-id", "RPT-CLI", "--addressee", "x", "--key", "log.key", "--out", "bundle")
        #expect(again.status == 64)

        let csv = session.directory.file("bundle/transfers.csv")
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: csv)))
        bytes[bytes.count - 3] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: csv))
        let tampered = try await session.run("verify-report", "bundle", "--key", "log.pub")
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("INVALID: transfers.csv"))
    }

    @Test func usageAndMissingBundle() async throws {
        let session = try CLISession()
        defer { session.remove() }
        _ = try await session.run("keygen", "--name", "example.com/cli-test", "--out", "log")
        let missing = try await session.run("verify-report", "nowhere", "--key", "log.pub")
        #expect(missing.status == 66)
        let noKey = try await session.run("verify-report", "nowhere")
        #expect(noKey.status == 64)
        let noPeriod = try await session.run("export", "--report-id", "R", "--addressee", "A", "--key", "log.key", "--out", "b")
        #expect(noPeriod.status == 64)
        #expect(noPeriod.stderr.hasPrefix("Error: missing --from"))
    }
}
