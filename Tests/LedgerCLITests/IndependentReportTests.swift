import Foundation
import LedgerTestSupport
import Testing
import TransferLedger

/// `Tools/IndependentVerifier/verify_report.py`, an independent check of a bundle's evidence from
/// FORMAT.md Part III, against bundles the binary exported, and against the forgeries of
/// `forge_report.py` (consistent edits, signed again with the key), which both verifiers must refuse.
@Suite("Independent report check (Python, from FORMAT.md Part III)")
struct IndependentReportTests {
    static func tool(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tools/IndependentVerifier/\(name)").path
    }

    static func python(_ session: CLISession, _ arguments: [String]) async throws -> LedgerProcess.Result {
        try await LedgerProcess.run(program: IndependentVerifierTests.python, arguments, in: session.directory.path)
    }

    /// A demo ledger, its log key, and a period bundle and a narrowed one of it.
    static func bundles(_ session: CLISession) async throws -> [String] {
        let (db, _) = try await session.demo(count: 400)
        #expect(try await session.run("keygen", "--name", "example.com/reports", "--out", session.directory.file("log")).status == 0)
        var bundles: [String] = []
        for (name, filters) in [("period", [String]()), ("narrowed", ["--destination", "US"])] {
            let out = session.directory.file(name)
            let export = try await session.run(["export", "--db", db, "--from", "2026-03-01", "--to", "2026-08-31", "--report-id", "R-\(name)",
                                                "--addressee", "CNIL", "--key", session.directory.file("log.key"), "--out", out, "--quiet"] + filters)
            #expect(export.status == 0, "\(export.stderr)")
            bundles.append(out)
        }
        return bundles
    }

    @Test func theEvidenceOfExportedBundlesHolds() async throws {
        let session = try CLISession()
        defer { session.remove() }
        for bundle in try await Self.bundles(session) {
            let check = try await Self.python(session, [Self.tool("verify_report.py"), bundle, "--key", session.directory.file("log.pub")])
            #expect(check.status == 0, "\(bundle): \(check.stdout) \(check.stderr)")
            #expect(check.stdout.contains("evidence holds"))
        }
    }

    @Test(arguments: ["hide-in-scope", "move-stub"])
    func bothVerifiersRefuseAForgerySignedWithTheKey(_ forgery: String) async throws {
        let session = try CLISession()
        defer { session.remove() }
        let bundle = try await Self.bundles(session)[1]
        let forged = try await Self.python(session, [Self.tool("forge_report.py"), bundle, session.directory.file("log.key"), forgery])
        #expect(forged.status == 0, "\(forged.stderr)")
        let seq = forged.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let independent = try await Self.python(session, [Self.tool("verify_report.py"), bundle, "--key", session.directory.file("log.pub")])
        #expect(independent.status == 1)
        #expect(independent.stdout.contains("entry \(seq): "), "\(independent.stdout)")
        let ours = try await session.run("verify-report", bundle, "--key", session.directory.file("log.pub"))
        #expect(ours.status == 1)
        #expect((ours.stdout + ours.stderr).contains("entry \(seq):"), "\(ours.stdout) \(ours.stderr)")
        #expect(!(ours.stdout + ours.stderr).contains("report.sig"), "the forgery is signed: only the scope rules catch it")
    }
}
