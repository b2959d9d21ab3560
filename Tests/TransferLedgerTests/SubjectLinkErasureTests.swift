import Foundation
import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import LedgerPostgreSQL
@testable import LedgerStorage
@testable import TransferLedger

/// Erasing one data subject's links (FORMAT.md §4.6, §4.7) on both backends: the links go, one erasure
/// entry names each by its commitment, the chain and every proof stays valid, the other subjects'
/// links of the same transfers stay, and the database and `verify` refuse or report the rest.
@Suite struct SubjectLinkErasureTests {
    typealias Links = SubjectLinkTests
    static let alice = Links.alice, bob = Links.bob, carol = Links.carol

    /// The commitment of `token`'s stored link at entry `seq`.
    static func commitment(_ ledger: Ledger, _ token: SubjectToken, at seq: UInt64) throws -> Digest {
        try #require(try ledger.store.subjectLinks(at: seq).first { $0.token == token }).commitment()
    }

    @Test(arguments: Backend.allCases)
    func erasingASubjectRemovesItsLinksAndKeepsTheChainAndTheOtherLinks(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Links.ledger(scratch)               // t-1 (4): Alice, Bob; t-2 (5): Alice
        let signer = try MerkleFixtures.signer()
        let before = try ledger.checkpoint(signedBy: [signer])   // 6
        let proof = try ledger.inclusionProof(for: 4, checkpoint: before)
        let expected = [ErasureItem(seq: 4, kind: .subjectLink, digest: try Self.commitment(ledger, Self.alice, at: 4)),
                        ErasureItem(seq: 5, kind: .subjectLink, digest: try Self.commitment(ledger, Self.alice, at: 5))]

        let outcome = try ledger.erase(ErasureRequest(.subject(Self.alice), reason: .art17Request, reference: "DSR-2026-0077"))
        #expect(outcome.receipt?.seq == 7)
        #expect(outcome.items == expected)
        let payload = String(decoding: try ledger.entry(at: 7).payload, as: UTF8.self)
        #expect(!payload.contains(Self.alice.description), "the erasure entry never holds the token")
        for item in expected {
            #expect(TransferPayload.linkCommitments(kind: .transfer, payload: try ledger.entry(at: item.seq).payload).contains(item.digest))
        }

        #expect(try ledger.store.entries(linkedTo: Self.alice) == [])
        #expect(try ledger.store.entries(linkedTo: Self.bob) == [4], "the other subject's link of the same transfer stays")
        #expect(try ledger.subjectReport(tokens: [Self.alice]).disclosures.isEmpty)
        #expect(try ledger.subjectReport(tokens: [Self.bob]).disclosures.count == 1)
        #expect(try ledger.store.erasure(of: 4, kind: .subjectLink) == 7)

        let after = try ledger.checkpoint(signedBy: [signer])
        #expect(throws: Never.self) { try proof.verify(against: Checkpoint(parsing: before.text)) }
        #expect(try ledger.inclusionProof(for: 4, checkpoint: before) == proof)
        let report = try Ledger(path: scratch.path, readOnly: true).verify(checkpoints: [before, after], keys: [signer.verifierKey])
        #expect(report.isIntact, "\(report.problems)")

        // Once erased, the subject has nothing left: a refusal that writes nothing.
        let count = try ledger.entryCount()
        let error = #expect(throws: LedgerError.self) { try ledger.erase(ErasureRequest(.subject(Self.alice), reason: .art17Request)) }
        guard case .rejected(let rejection)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(rejection.rule == .nothingToErase && rejection.field == "subject")
        #expect(!rejection.description.contains(Self.alice.description), "the token is never in an error")
        #expect(try ledger.entryCount() == count)
    }

    /// One Art. 17 request: the subject's links and the private documents of named entries, one entry.
    @Test(arguments: Backend.allCases)
    func linksAndPrivateDocumentsGoInOneErasure(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Links.ledger(scratch)
        let outcome = try ledger.erase(ErasureRequest(.subject(Self.bob, entries: [4, 5]), reason: .art17Request))
        #expect(outcome.items.map { "\($0.seq) \($0.kind)" } == ["4 private", "4 subjectLink", "5 private"], "canonical order")
        #expect(try ledger.erasure(of: 4) == 6 && ledger.erasure(of: 5) == 6)
        #expect(try ledger.store.entries(linkedTo: Self.bob) == [] && ledger.store.entries(linkedTo: Self.alice) == [4, 5])
        let report = try ledger.verify()
        #expect(report.isIntact, "\(report.problems)")

        // A refusal in either half writes nothing: entry 5's document is already erased.
        let count = try ledger.entryCount()
        #expect(throws: LedgerError.self) { try ledger.erase(ErasureRequest(.subject(Self.alice, entries: [5]), reason: .art17Request)) }
        #expect(try ledger.entryCount() == count && ledger.store.entries(linkedTo: Self.alice) == [4, 5])
        let unknown = #expect(throws: LedgerError.self) { try ledger.erase(ErasureRequest(.subject(Self.carol), reason: .art17Request)) }
        guard case .rejected(let rejection)? = unknown else { Issue.record("\(String(describing: unknown))"); return }
        #expect(rejection.rule == .nothingToErase && rejection.message.contains("no subject link of this identifier is stored"))
        #expect(try ledger.entryCount() == count)
    }

    /// The database refuses deleting a link no erasure names, on SQLite by counting (links stored ≥
    /// commitments − erased items), on PostgreSQL by recomputing the commitment; it refuses TRUNCATE.
    @Test(arguments: Backend.allCases)
    func theDatabaseRefusesDeletingALinkWithoutAnErasure(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Links.ledger(scratch)
        let raw = try scratch.raw()
        let bob = RawLedger.Value.blob(Self.bob.digest.bytes)
        #expect(throws: (any Error).self) { _ = try raw.rows("DELETE FROM subject_link WHERE token = ? AND seq = 4", bob) }
        _ = try ledger.erase(ErasureRequest(.subject(Self.alice), reason: .art17Request))
        #expect(throws: (any Error).self, "erasing Alice's link does not free Bob's") {
            _ = try raw.rows("DELETE FROM subject_link WHERE token = ? AND seq = 4", bob)
        }
        if backend == .postgres {
            #expect(throws: (any Error).self) { try raw.execute("TRUNCATE subject_link") }
        }
        #expect(try ledger.store.entries(linkedTo: Self.bob) == [4])
        #expect(try ledger.verify().isIntact)
    }

    enum Tampering: String, CaseIterable {
        /// Bob's link deleted with the guards off, no erasure naming it.
        case deletedWithoutErasure
        /// Alice's erased link put back.
        case erasedLinkRestored
        /// An erasure (appended bypassing the library's checks) naming a commitment entry 4 does not hold.
        case foreignCommitment
        /// A second erasure naming Alice's already erased link (the database refuses it).
        case erasedTwice
    }

    @Test(arguments: Backend.allCases, Tampering.allCases)
    func verifyReportsWhatNoErasureExplains(_ backend: Backend, tampering: Tampering) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Links.ledger(scratch)
        let aliceLink = try #require(try ledger.store.subjectLinks(at: 4).first { $0.token == Self.alice })
        _ = try ledger.erase(ErasureRequest(.subject(Self.alice), reason: .art17Request))   // 6
        let expected: String
        switch tampering {
        case .deletedWithoutErasure:
            try scratch.tamper { _ = try $0.rows("DELETE FROM subject_link WHERE token = ? AND seq = 4", .blob(Self.bob.digest.bytes)) }
            let bobCommitment = try #require(TransferPayload.linkCommitments(kind: .transfer, payload: try ledger.entry(at: 4).payload)
                .first { $0 != aliceLink.commitment() })
            expected = "entry 4: the subject link committed to as \(bobCommitment.shortHex) is missing from the subject_link table, and no erasure entry names it"
        case .erasedLinkRestored:
            try scratch.tamper {
                _ = try $0.rows("INSERT INTO subject_link (token, seq, salt) VALUES (?, 4, ?)", .blob(Self.alice.digest.bytes), .blob(aliceLink.salt))
            }
            expected = "entry 4: the subject link committed to as \(aliceLink.commitment().shortHex) is still stored, though entry 6 erased it [projection]"
        case .foreignCommitment:
            try Self.appendErasure(ledger, ErasureItem(seq: 4, kind: .subjectLink, digest: Digest(uncheckedBytes: Array(repeating: 0xab, count: 32))))
            expected = "entry 7: erases subject link abababababab… of entry 4, a commitment that entry does not hold"
        case .erasedTwice:
            // The items' primary key (seq, kind, digest) refuses it before verify could see it.
            #expect(throws: (any Error).self) {
                try Self.appendErasure(ledger, ErasureItem(seq: 4, kind: .subjectLink, digest: aliceLink.commitment()))
            }
            #expect(try ledger.entryCount() == 7)
            #expect(try ledger.verify().isIntact)
            return
        }
        let problems = try Ledger(path: scratch.path, readOnly: true).verify().problems.map(\.description)
        #expect(problems.count == 1 && problems[0].hasPrefix(expected), "\(problems)")
    }

    /// Appends an erasure entry naming `item` without the library's checks, as a faulty writer could.
    static func appendErasure(_ ledger: Ledger, _ item: ErasureItem) throws {
        let payload = try ErasurePayload(items: [item], reason: .art17Request, reference: nil)
        try ledger.store.write { tip in
            let appender = try ChainAppender(storage: ledger.store, tip: tip, hasher: ledger.hasher, cache: ledger.treeCache)
            _ = try appender.append(kind: .erasure, payload: payload.canonicalBytes, rows: .erasure(payload.items))
        }
    }

    /// The writer role erases links (DELETE on subject_link, which the trigger limits to named ones)
    /// but cannot delete one by direct SQL, nor truncate the table.
    @Test func theWriterRoleErasesLinksOnlyThroughAnErasure() async throws {
        let database = try PostgreSQLLedgerDatabase()
        defer { database.drop() }
        let owner = try Ledger(path: database.ownerURI)
        try owner.register(Fixture.registryFacts())
        try owner.record(contentsOf: [Links.linked("t-1", [Self.alice, Self.bob])])
        let seq = try owner.entryCount() - 1
        let writer = try PostgresConnection(uri: database.writerURI)
        let direct = #expect(throws: PostgresError.self) {
            try writer.statement("DELETE FROM subject_link WHERE seq = $1").run(.integer(Int64(seq)))
        }
        #expect(direct?.code == .raiseException, "\(String(describing: direct))")
        let truncate = #expect(throws: PostgresError.self) { try writer.execute("TRUNCATE subject_link") }
        #expect(truncate?.code == .insufficientPrivilege)

        let pool = try LedgerPool(path: database.writerURI)
        let outcome = try await pool.erase(ErasureRequest(.subject(Self.alice), reason: .art17Request))
        #expect(outcome.items.map(\.seq) == [seq])
        #expect(outcome.notice?.contains("subject_link") == true, "\(String(describing: outcome.notice))")
        #expect(try owner.store.entries(linkedTo: Self.alice) == [] && owner.store.entries(linkedTo: Self.bob) == [seq])
        #expect(try await pool.verify().isIntact)
    }

    /// A copy of a ledger with an erased link (both ways) verifies, without the link.
    @Test func aLedgerWithAnErasedLinkCopiesBothWays() throws {
        let file = try Backend.sqlite.makeLocation()
        defer { file.remove() }
        let database = try Backend.postgres.makeLocation()
        defer { database.remove() }
        let back = try Backend.sqlite.makeLocation("back.ledger")
        defer { back.remove() }
        let ledger = try Links.ledger(file)
        _ = try ledger.erase(ErasureRequest(.subject(Self.alice), reason: .art17Request))
        try Ledger.copy(from: LedgerLocation(file.path), to: LedgerLocation(database.path))
        try Ledger.copy(from: LedgerLocation(database.path), to: LedgerLocation(back.path))
        for path in [database.path, back.path] {
            let copy = try Ledger(path: path, readOnly: true)
            #expect(try copy.verify().isIntact, "\(path)")
            #expect(try copy.store.entries(linkedTo: Self.alice) == [] && copy.store.entries(linkedTo: Self.bob) == [4])
        }
    }

    /// Erased means gone: neither the token nor the salt of an erased link is left in any file of an
    /// SQLite ledger (database, WAL, shared memory, free pages included), while Bob's still is.
    @Test func theErasedTokenAndSaltAreInNoFile() throws {
        let scratch = try Backend.sqlite.makeLocation()
        defer { scratch.remove() }
        let ledger = try Links.ledger(scratch)
        let salts = try [4, 5].map { try #require(try ledger.store.subjectLinks(at: $0).first { $0.token == Self.alice }).salt }
        let outcome = try ledger.erase(ErasureRequest(.subject(Self.alice), reason: .art17Request))
        #expect(outcome.notice == nil)
        let directory = URL(fileURLWithPath: scratch.path).deletingLastPathComponent()
        let name = URL(fileURLWithPath: scratch.path).lastPathComponent
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(name) }
        #expect(files.contains(name))
        var all: [UInt8] = []
        for file in files { all += Array(try Data(contentsOf: directory.appendingPathComponent(file))) }
        #expect(!all.contains(subsequence: Self.alice.digest.bytes), "Alice's token is still in a file")
        for salt in salts { #expect(!all.contains(subsequence: salt), "an erased salt is still in a file") }
        #expect(all.contains(subsequence: Self.bob.digest.bytes), "the search finds a link that was not erased")
    }

    /// A ledger of schema version 5 with an erasure migrates to version 6 keeping its items (SQLite
    /// rebuilds the table), and on to 7, verifies against the new schema, and can then erase links.
    @Test(arguments: Backend.allCases)
    func aVersion5LedgerMigratesKeepingItsErasureItems(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        _ = try Links.ledger(scratch).erase(ErasureRequest(.entries([4]), reason: .art17Request))   // 6
        // Back to version 5, as the migrations up to 005 left it: entries in format 1, hashed as the
        // old encoding hashed them (version 7 adds the format column), and the old erasure_item key.
        try scratch.tamper { raw in
            try raw.run("UPDATE entry SET format = 1")
            try raw.rehash(from: 0)
        }
        switch backend {
        case .sqlite:
            try scratch.raw().execute("""
                BEGIN; ALTER TABLE entry DROP COLUMN format; DROP TRIGGER subject_link_no_delete; DROP TRIGGER transfer_private_no_delete;
                CREATE TABLE v5 (erasure INTEGER NOT NULL REFERENCES entry (seq), seq INTEGER NOT NULL REFERENCES entry (seq) CHECK (seq < erasure),
                    kind TEXT NOT NULL, digest TEXT NOT NULL CHECK (length(digest) = 64), PRIMARY KEY (seq, kind)) STRICT;
                INSERT INTO v5 SELECT * FROM erasure_item; DROP TABLE erasure_item; ALTER TABLE v5 RENAME TO erasure_item;
                CREATE INDEX erasure_item_by_erasure ON erasure_item (erasure);
                CREATE TRIGGER erasure_item_no_update BEFORE UPDATE ON erasure_item BEGIN SELECT RAISE(ABORT, 'immutable'); END;
                CREATE TRIGGER erasure_item_no_delete BEFORE DELETE ON erasure_item BEGIN SELECT RAISE(ABORT, 'immutable'); END;
                CREATE TRIGGER transfer_private_no_delete BEFORE DELETE ON transfer_private
                WHEN NOT EXISTS (SELECT 1 FROM erasure_item WHERE seq = OLD.seq AND kind = 'private') BEGIN SELECT RAISE(ABORT, 'immutable'); END;
                PRAGMA user_version = 5; COMMIT
                """)
        case .postgres:
            try scratch.raw().execute("""
                ALTER TABLE entry DROP COLUMN format;
                DROP TRIGGER subject_link_no_delete ON subject_link; DROP TRIGGER subject_link_no_truncate ON subject_link;
                DROP FUNCTION ledger_refuse_unerased_link_delete(); DROP FUNCTION ledger_link_commitment(bytea, bytea);
                ALTER TABLE erasure_item DROP CONSTRAINT erasure_item_pkey, ADD PRIMARY KEY (seq, kind);
                UPDATE ledger_schema SET version = 5
                """)
        }
        #expect(throws: (any Error).self, "a version-5 ledger does not verify as the current version") { try Ledger(path: scratch.path, readOnly: true).verify() }
        let ledger = try Ledger(path: scratch.path)
        #expect(try ledger.erasure(of: 4) == 6, "the item was kept")
        _ = try ledger.erase(ErasureRequest(.subject(Self.alice), reason: .art17Request))
        let report = try Ledger(path: scratch.path, readOnly: true).verify()
        #expect(report.isIntact, "\(report.problems)")
    }

    /// FORMAT.md §4.7's worked example of a link erasure, recomputed from the link example's key,
    /// identifier and salt.
    @Test func theLinkErasureExampleRecomputes() throws {
        let token = SubjectToken(identifier: try SubjectIdentifier(" Alice.Martin@Example.COM ", kind: .email), key: Links.key)
        let commitment = SubjectLink(token: token, salt: Array(0xa0...0xaf)).commitment()
        let payload = try ErasurePayload(items: [ErasureItem(seq: 4, kind: .subjectLink, digest: commitment)],
                                         reason: .art17Request, reference: "DSR-2026-0077")
        let block = try FormatExampleTests.block("example-subject-erasure-payload")
        #expect(String(decoding: payload.canonicalBytes, as: UTF8.self) == block)
        #expect(try ErasurePayload(bytes: Array(block.utf8)) == payload)
        #expect(!block.contains(token.description), "the payload names the commitment, never the token")
    }

    /// A stored erasure payload may name several links of one entry, each once; `private` once per entry.
    @Test func erasurePayloadsNameEachLinkOnce() throws {
        let a = String(repeating: "aa", count: 32), b = String(repeating: "bb", count: 32)
        func item(_ digest: String, _ kind: String = "subjectLink", _ seq: Int = 4) -> String { #"{"digest":"\#(digest)","kind":"\#(kind)","seq":\#(seq)}"# }
        func payload(_ items: String...) -> [UInt8] { Array(#"{"items":[\#(items.joined(separator: ","))],"reason":"art17Request"}"#.utf8) }
        #expect(throws: Never.self) { try ErasurePayload(bytes: payload(item(a, "private"), item(a), item(b))) }
        #expect { try ErasurePayload(bytes: payload(item(a), item(a))) } throws: { ($0 as? RecordError)?.rule == .duplicateValue }
        #expect { try ErasurePayload(bytes: payload(item(a, "private"), item(b, "private"))) } throws: { ($0 as? RecordError)?.rule == .duplicateValue }
        #expect { try ErasurePayload(bytes: payload(item(b), item(a))) } throws: { ($0 as? RecordError)?.rule == .wrongType }
        #expect { try ErasurePayload(bytes: payload(item(a, "token"))) } throws: { ($0 as? RecordError)?.rule == .unknownValue }
    }
}
