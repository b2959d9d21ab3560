import Foundation
import LedgerTestSupport
import Testing
import TransferLedger

/// Subject access through the binary: `subject-key generate`, `subject-token`, NDJSON `subjectLinks`
/// and `subject-report` in both forms, with its usage errors.
@Suite struct SubjectCLITests {
    /// FORMAT.md §4.7's worked example key, as a key file.
    static let vectorKey = "transferledger-subject-key/v1 " + Hex.encode(Array(UInt8(0)...31)) + "\n"

    static func keyFile(_ session: CLISession) -> String {
        let path = session.write("subject.key", Array(vectorKey.utf8))
        chmod(path, 0o600)
        return path
    }

    @Test func subjectKeyGenerateWritesAPrivateKeyOnceAndSubjectTokenDerivesTheSpecifiedToken() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let generated = try await session.run("subject-key", "generate", "--out", "k.key")
        #expect(generated.status == 0, "\(generated.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: session.directory.file("k.key"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try await session.run("subject-key", "generate", "--out", "k.key").status == 64, "never replaced")

        let key = Self.keyFile(session)
        let email = try await session.run("subject-token", "--key", key, " Alice.Martin@Example.COM ")
        #expect(email.status == 0 && email.stdout == "7b174a81e8eae133439c82f2e0796dec372b14c61fd40c89da6228e6f9e194b9\n", "\(email.stderr)")
        let employee = try await session.run("subject-token", "--key", key, "--type", "employee", "NW-FR:004711")
        #expect(employee.stdout == "b28ea11b0613729fc645012ae71801ed77d385cc1220966ff440d913b81a26f3\n")

        let malformed = try await session.run("subject-token", "--key", key, "not-an-address")
        #expect(malformed.status == 64 && !malformed.stderr.contains("not-an-address"), "never echoes the identifier: \(malformed.stderr)")
        chmod(key, 0o644)
        #expect(try await session.run("subject-token", "--key", key, "a@b.c").status == 65, "a key others may read")
        #expect(try await session.run("subject-token", "--key", session.directory.file("missing.key"), "a@b.c").status == 66)
    }

    @Test(arguments: Backend.allCases)
    func recordWithLinksThenAnswerForTheSubjectAndForTheCategory(_ backend: Backend) async throws {
        let session = try CLISession(backend)
        defer { session.remove() }
        let key = Self.keyFile(session)
        let alice = try await session.run("subject-token", "--key", key, "alice@example.com").stdout.trimmingCharacters(in: .newlines)
        var linked = CLIFixture.transfer(key: "linked-1")
        linked.subjectLinks = [try #require(SubjectToken(hex: alice))]
        try await session.ledger(with: CLIFixture.three + [linked])
        #expect(try await session.run("verify", "--db", session.db).status == 0)

        let subject = try await session.run("subject-report", "--db", session.db, "--subject", "Alice@Example.com", "--key", key)
        #expect(subject.status == 0, "\(subject.stderr)")
        let answer = try #require(try JSONParser.parse(subject.stdout).objectValue)
        #expect(answer["scope"] == .object(["kind": .string("subject")]))
        guard case .array(let disclosures)? = answer["disclosures"] else { Issue.record("no disclosures: \(subject.stdout)"); return }
        #expect(disclosures.count == 1)
        #expect(!subject.stdout.contains(alice) && !subject.stdout.contains("linked-1"), "no token, no idempotency key")
        let nobody = try await session.run("subject-report", "--db", session.db, "--subject", "nobody@example.com", "--key", key)
        #expect(nobody.status == 0 && nobody.stdout.contains("\"disclosures\":[]"))

        let page = try await session.run("subject-report", "--db", session.db, "--exporter", "NW-FR", "--subject-category", "employee",
                                         "--from", "2026-01-01", "--to", "2026-12-31", "--format", "html", "--output", "answer.html")
        #expect(page.status == 0, "\(page.stderr)")
        let html = try String(contentsOfFile: session.directory.file("answer.html"), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("Nordwind Technology India Pvt Ltd"))
        let again = try await session.run("subject-report", "--db", session.db, "--exporter", "NW-FR", "--subject-category", "employee",
                                          "--format", "html", "--output", "answer.html")
        #expect(again.status == 64, "an existing output is never replaced")
    }

    @Test(arguments: [
        (["--exporter", "NW-FR"], "give either --exporter and --subject-category"),
        (["--exporter", "NW-FR", "--subject-category", "staff"], "--subject-category 'staff' is not one of"),
        (["--exporter", "NW-FR", "--subject-category", "employee", "--subject", "a@b.c"], "give either"),
        (["--exporter", "NW-FR", "--subject-category", "employee", "--key", "k"], "--key and --type belong to --subject"),
        (["--subject", "a@b.c"], "missing --key"),
        (["--exporter", "NW-FR", "--subject-category", "employee", "--format", "pdf"], "--format 'pdf' is not one of json, html"),
        (["--exporter", "NW-FR", "--subject-category", "employee", "--from", "2026-02-01", "--to", "2026-01-01"], "is later than --to"),
    ])
    func usageErrorsNameTheOptionAndWriteNothing(_ arguments: [String], message: String) async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.initWithRegistry()
        let before = try session.names()
        let result = try await session.run(["subject-report", "--db", session.db] + arguments)
        #expect(result.status == 64 && result.stderr.contains(message), "\(result.stderr)")
        let after = try session.names()
        #expect(result.stdout.isEmpty && after == before)
    }
}
