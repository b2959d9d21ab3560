import Foundation
import Testing
import LedgerTestSupport
import TransferLedger

/// A report names its controller: `ledger export` refuses a registry without the group's identity,
/// and `ledger registry add` takes the fact with a function's contact point only.
@Suite("ledger export names the controller")
struct ExportControllerCLITests {
    @Test func exportRefusesARegistryWithoutTheGroupAndWritesNothing() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        _ = try await session.run("keygen", "--name", "example.com/controller", "--out", "log")
        let before = try session.entryCount()
        let export = try await session.run("export", "--db", session.db, "--from", "2026-01-01", "--to", "2026-12-31",
                                           "--report-id", "R", "--addressee", "A", "--key", "log.key", "--out", "bundle")
        #expect(export.status == 65, "\(export.stderr)")
        #expect(export.stderr.contains("field group: the registry holds no group fact"), "\(export.stderr)")
        #expect(!FileManager.default.fileExists(atPath: session.directory.file("bundle")))
        #expect(try session.entryCount() == before, "no checkpoint was recorded")

        let person = #"{"kind":"group","id":"G","legalName":"Nordwind Group SE","contactEmail":"jane.doe@nordwind.example","validFrom":"2021-01-01"}"#
        let refused = try await session.run("registry", "add", "--db", session.db, input: Array((person + "\n").utf8))
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("must be a function's mailbox, not a person's"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("jane.doe"), "the message must not repeat the address")

        let added = try await session.run("registry", "add", "--db", session.db, input: Array((CLIFixture.groupLine + "\n").utf8))
        #expect(added.status == 0, "\(added.stderr)")
        let exported = try await session.run("export", "--db", session.db, "--from", "2026-01-01", "--to", "2026-12-31",
                                             "--report-id", "R", "--addressee", "A", "--key", "log.key", "--out", "bundle")
        #expect(exported.status == 0, "\(exported.stderr)")
        let verified = try await session.run("verify-report", "bundle", "--key", "log.pub")
        #expect(verified.status == 0, "\(verified.stdout)")
        let page = String(decoding: try Data(contentsOf: URL(fileURLWithPath: session.directory.file("bundle/report.html"))), as: UTF8.self)
        #expect(page.contains("Nordwind Group SE") && page.contains("dpo@nordwind.example") && page.contains("Nordwind SA, FR"))
    }
}
