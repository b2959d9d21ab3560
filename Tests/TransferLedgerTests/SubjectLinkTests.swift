import Foundation
import LedgerSample
import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import LedgerStorage
@testable import TransferLedger

/// Subject links on both backends (FORMAT.md §4.7): stored beside the entry, committed to by salted
/// digests, found by token, checked by `verify`, carried by `copy`, and never exported.
@Suite struct SubjectLinkTests {
    typealias K = EntryKindFixture
    static let key = SubjectKey(bytes: Array(0...31))!

    static func token(_ email: String) -> SubjectToken {
        // The fixtures' addresses are well formed.
        SubjectToken(identifier: try! SubjectIdentifier(email, kind: .email), key: key)
    }

    static let alice = token("alice@example.com"), bob = token("bob@example.com"), carol = token("carol@example.com")

    /// A transfer compliant under the fixture registry, linked to `links`.
    static func linked(_ key: String, _ links: [SubjectToken]) -> Transfer {
        var transfer = K.compliant(key)
        transfer.subjectLinks = links
        return transfer
    }

    /// The fixture registry (seq 0–3), then `t-1` linked to Alice and Bob (seq 4) and `t-2` to Alice (seq 5).
    static func ledger(_ scratch: ScratchLedger) throws -> Ledger {
        let ledger = try K.ledger(at: scratch.path)
        try ledger.record(contentsOf: [linked("t-1", [alice, bob]), linked("t-2", [alice])])
        return ledger
    }

    @Test(arguments: Backend.allCases)
    func linksAreStoredBesideTheEntryAndCommittedToBySaltedDigests(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Self.ledger(scratch)
        #expect(try ledger.store.entries(linkedTo: Self.alice) == [4, 5])
        #expect(try ledger.store.entries(linkedTo: Self.bob) == [4])
        #expect(try ledger.store.entries(linkedTo: Self.carol) == [])
        let links = try ledger.store.subjectLinks(at: 4)
        #expect(Set(links.map(\.token)) == [Self.alice, Self.bob])
        #expect(Set(links.map(\.salt)).count == 2 && links.allSatisfy { $0.salt.count == SubjectLink.saltByteCount })

        let (entry, document) = try #require(try ledger.store.transferEntry(at: 4))
        let payload = String(decoding: entry.payload, as: UTF8.self)
        let commitments = links.map { $0.commitment().hex }.sorted()
        #expect(payload.contains("\"subjectLinkCommitments\":[\"\(commitments[0])\",\"\(commitments[1])\"]"))
        for token in [Self.alice, Self.bob] {
            #expect(!payload.contains(token.description) && !String(decoding: document, as: UTF8.self).contains(token.description),
                    "a token in the payload or the private document")
        }
        #expect(try ledger.verify().isIntact)
        // Read back, a transfer holds no tokens: queries and `show` cannot disclose them.
        #expect(try ledger.transfers(matching: TransferQuery()).allSatisfy { $0.transfer.subjectLinks == nil })
    }

    @Test(arguments: Backend.allCases)
    func aRetryIsADuplicateAndOtherLinksAreAConflict(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Self.ledger(scratch)
        let again = try ledger.record(Self.linked("t-1", [Self.bob, Self.alice]))
        #expect(again.duplicate && again.seq == 4)
        #expect(throws: LedgerError.self) { try ledger.record(Self.linked("t-1", [Self.alice, Self.carol])) }
        #expect(throws: LedgerError.self) { try ledger.record(Self.linked("t-1", [])) }
        #expect(try ledger.store.subjectLinks(at: 4).count == 2, "nothing written")
        if backend == .postgres {
            // The intake's rows are kept for good: a transfer with links never goes through it.
            let intake = try scratch.raw().rows("SELECT transfer FROM intake").compactMap { $0.first?.text }.joined()
            #expect(!intake.contains(Self.alice.description) && !intake.contains(Self.bob.description))
        }
    }

    @Test func linksAreLimitedAndDistinctAndCorrectionsCarryNone() throws {
        let many = (0..<101).map { Self.token("person\($0)@example.com") }
        #expect { try StructuralRules.check(Self.linked("x", many)) } throws: { ($0 as? RecordError)?.rule == .tooLong }
        #expect { try StructuralRules.check(Self.linked("x", [Self.alice, Self.alice])) } throws: {
            ($0 as? RecordError).map { $0.rule == .duplicateValue && $0.field == "subjectLinks[1]" } == true
        }
        #expect(throws: Never.self) { try StructuralRules.check(Self.linked("x", Array(many.prefix(100)))) }
        let correction = TransferCorrection(supersedes: 4, reason: .other, transfer: Self.linked("t-1", [Self.alice]))
        #expect { try TransferCorrection(json: correction.jsonValue) } throws: { ($0 as? RecordError)?.field == "transfer.subjectLinks" }
        let line = #"{"subjectLinks":["7B174A81E8EAE133439C82F2E0796DEC372B14C61FD40C89DA6228E6F9E194B9"]}"#
        var json = try #require(Fixture.transfer(key: "x").jsonValue.objectValue)
        json["subjectLinks"] = try #require(JSONParser.parse(line).objectValue?["subjectLinks"])
        #expect { try Transfer(json: .object(json)) } throws: { ($0 as? RecordError)?.field == "subjectLinks[0]" }
    }

    enum LinkTampering: String, CaseIterable {
        case deleted, saltAltered, tokenAltered, addedToAnotherEntry
    }

    @Test(arguments: Backend.allCases, LinkTampering.allCases)
    func verifyReportsAMissingOrAlteredLinkAtItsEntry(_ backend: Backend, tampering: LinkTampering) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        _ = try Self.ledger(scratch)
        let bob = RawLedger.Value.blob(Self.bob.digest.bytes)
        try scratch.tamper { raw in
            switch tampering {
            case .deleted: _ = try raw.rows("DELETE FROM subject_link WHERE token = ? AND seq = 4", bob)
            case .saltAltered: _ = try raw.rows("UPDATE subject_link SET salt = ? WHERE token = ?", .blob(Array(repeating: 7, count: 16)), bob)
            case .tokenAltered: _ = try raw.rows("UPDATE subject_link SET token = ? WHERE token = ?", .blob(Self.carol.digest.bytes), bob)
            case .addedToAnotherEntry: _ = try raw.rows("INSERT INTO subject_link (token, seq, salt) VALUES (?, 3, ?)", bob, .blob(Array(repeating: 1, count: 16)))
            }
        }
        let report = try Ledger(path: scratch.path, readOnly: true).verify()
        let problems = report.problems.map(\.description)
        switch tampering {
        case .deleted:
            #expect(problems.count == 1 && problems[0].hasPrefix("entry 4: the subject link committed to as") && problems[0].contains("is missing"), "\(problems)")
        case .saltAltered, .tokenAltered:
            #expect(problems.contains { $0.hasPrefix("entry 4:") && $0.contains("matches none of the entry's subjectLinkCommitments") }, "\(problems)")
            #expect(problems.contains { $0.hasPrefix("entry 4:") && $0.contains("is missing") }, "\(problems)")
        case .addedToAnotherEntry:
            #expect(problems == ["entry 3: a subject link row exists for an entry that commits to no subject link [projection]"])
        }
    }

    @Test(arguments: Backend.allCases)
    func aSubjectReportFollowsTheLinksToTheCurrentVersion(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Self.ledger(scratch)
        var corrected = K.compliant("t-2")
        corrected.purposes = [.payroll]
        try ledger.record(correction: TransferCorrection(supersedes: 5, reason: .wrongDataDescription, transfer: corrected))
        let answer = try Ledger(path: scratch.path, readOnly: true).subjectReport(tokens: [Self.alice])
        #expect(answer.scope == .subject)
        #expect(answer.disclosures.count == 2)
        #expect(answer.disclosures.map(\.purposes).contains([.payroll]), "the corrected version counts")
        #expect(answer.disclosures.filter { $0.purposes == K.compliant("t-2").purposes }.count == 1, "t-1 only: the superseded t-2 does not count")
        #expect(answer.disclosures.allSatisfy { $0.recipient.legalName == "Nordwind Technology India Pvt Ltd" && $0.safeguard.sccModule == .c2p })
        #expect(try ledger.subjectReport(tokens: [Self.bob]).disclosures.count == 1)
        #expect(try ledger.subjectReport(tokens: [Self.carol]).disclosures.isEmpty)
        let after = Fixture.time("2026-05-02T00:00:00Z")
        #expect(try ledger.subjectReport(tokens: [Self.alice], from: after).disclosures.isEmpty, "the period applies")
    }

    @Test(arguments: Backend.allCases)
    func aCopyCarriesTheLinksAsStored(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Self.ledger(scratch)
        let target = scratch.file("copy.ledger")
        try Ledger.copy(from: LedgerLocation(scratch.path), to: LedgerLocation(target))
        let copy = try Ledger(path: target, readOnly: true)
        #expect(try copy.verify().isIntact)
        #expect(Set(try copy.store.subjectLinks(at: 4)) == Set(try ledger.store.subjectLinks(at: 4)))
    }

    @Test(arguments: Backend.allCases)
    func noBundleFileOrDisclosedEntryHoldsATokenOrASalt(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Ledger.create(at: scratch.path)
        try ledger.register(SampleGroup.registryFacts())
        var transfers = MerkleFixtures.transfers(40)
        let tokens = (0..<20).map { Self.token("person\($0)@example.com") }
        for index in transfers.indices where index % 2 == 0 { transfers[index].subjectLinks = [tokens[index / 2]] }
        try ledger.record(contentsOf: transfers)
        let signer = try MerkleFixtures.signer()
        let bundle = scratch.file("bundle")
        let request = ReportRequest(reportID: "RPT-LINKS", addressee: "CNIL", group: "Nordwind Group",
                                    generatedAt: ExportBundleTests.periodEnd, periodStart: ExportBundleTests.periodStart,
                                    periodEnd: ExportBundleTests.periodEnd)
        _ = try ledger.exportReport(request, signer: signer, to: bundle)
        #expect(ReportVerifier.verify(bundle: bundle, keys: [signer.verifierKey]).problems.isEmpty)

        var salts: [[UInt8]] = []
        try ledger.store.forEachSubjectLink { _, link in salts.append(link.salt) }
        #expect(salts.count == 20)
        var text = ""
        var raw: [UInt8] = []
        for name in ReportBundle.signedFiles {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: bundle + "/" + name)))
            raw += bytes
            text += String(decoding: bytes, as: UTF8.self)
        }
        // The disclosed entries, decoded from base64.
        // The closing line's registry evidence (the header's controller) is checked with the rest of the text.
        for line in text.split(separator: "\n") where line.contains("\"canonical\"") && !line.hasPrefix("]") {
            let object = try #require(try JSONParser.parse(line.hasPrefix(",") ? String(line.dropFirst()) : String(line)).objectValue)
            raw += Base64.decode(try #require(object["canonical"]?.stringValue)) ?? []
            // A format-2 entry's payload is beside its canonical bytes.
            raw += object["payload"]?.stringValue.flatMap(Base64.decode) ?? []
        }
        let disclosed = String(decoding: raw, as: UTF8.self)
        #expect(disclosed.contains("subjectLinkCommitments"), "disclosed entries keep their commitments (FORMAT.md Part III)")
        for token in tokens {
            #expect(!disclosed.contains(token.description) && !raw.contains(subsequence: token.digest.bytes), "token \(token) exported")
        }
        for salt in salts {
            #expect(!disclosed.contains(Hex.encode(salt)) && !raw.contains(subsequence: salt), "a salt was exported")
        }
    }
}

extension Array where Element == UInt8 {
    func contains(subsequence needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { self[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
