import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import LedgerPostgreSQL
@testable import LedgerSQLite
@testable import TransferLedger

/// Ways an attacker with write access to the storage (the SQLite file, or the PostgreSQL database as
/// its owner) might change history, each with the problems
/// `verify()` must report. The chain has 20 entries, seq 0 to 19, recorded in four batches of five
/// (0–4, 5–9, 10–14, 15–19) whose recorded times strictly increase from batch to batch.
enum Tampering: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case editPayloadByte
    case changeEntryFormat
    case unknownEntryFormat
    case editPrivateDocument
    case editStoredHash
    case editPreviousHash
    case lengthenStoredHash
    case emptyPreviousHash
    case deleteRow
    case deleteRowAndItsNodes
    case deleteFirstRow
    case deleteEntryButNotItsProjection
    case deleteTwoRowsBeforeTheTip
    case swapTwoRows
    case swapTwoPayloads
    case swapTwoPayloadsButNotTheirPrivateDocuments
    case forgeRowAtGap
    case appendRowWithWrongHash
    case recordedTimeMovedBackwards
    case recordedTimeNotCanonical
    case alterProjection
    case deleteProjectionRow
    case deletePrivateDocumentRow
    case insertOrphanProjectionRow
    case insertOrphanPrivateDocumentRow
    case rewritePayloadAndRehashEverythingAfter
    case rewritePayloadAndRehashEverythingAfterButNotTheNodes

    var testDescription: String { rawValue }

    /// Every problem that must be reported, each exactly as often as it must be reported.
    ///
    /// The tree has 20 leaves; its stored nodes are (1, 0…9), (2, 0…4), (3, 0…1) and (4, 0), and node
    /// (level, index) is reported at seq (index + 1) · 2^level − 1, the entry whose append completes it.
    /// A changed leaf hash at seq s therefore shows in every stored node above it: (1, s/2), (2, s/4), …
    var expected: [Located] {
        switch self {
        case .editPayloadByte: [Located(7, .hash)]
        // Format 2 entries hashed as format 1 (FORMAT.md §1.1): the rebuilt hash differs.
        case .changeEntryFormat: [Located(7, .hash)]
        // No format at all: reported once, as a hash that cannot be rebuilt.
        case .unknownEntryFormat: [Located(7, .hash)]
        // The payload still commits to the original document: the entry's hash is right, its content is not.
        case .editPrivateDocument: [Located(7, .payload)]
        case .editStoredHash:
            [Located(7, .hash), Located(8, .link)] + Self.nodesAbove(leaf: 7)
        case .editPreviousHash: [Located(7, .hash), Located(7, .link)]
        // Its first 32 bytes are still right: only the length is wrong.
        case .lengthenStoredHash: [Located(7, .hash)]
        // Hashed as stored (no bytes), compared as 32 zero bytes, and reported for its length.
        case .emptyPreviousHash: [Located(7, .hash), Located(7, .link), Located(7, .link)]
        // After a gap the rebuilt tree no longer lines up with the stored one; the sequence problem names
        // the gap and the nodes are not compared past it, whether or not the attacker removed them too.
        case .deleteRow, .deleteRowAndItsNodes: [Located(8, .sequence)]
        case .deleteFirstRow: [Located(1, .sequence)]
        case .deleteEntryButNotItsProjection: [Located(8, .sequence), Located(7, .projection)]
        case .deleteTwoRowsBeforeTheTip: [Located(19, .sequence)]
        // Each row keeps its own hash, which covers its old seq; the links around both break; entry 12's
        // later time at seq 5 is after entry 6's, entry 5's earlier time at seq 12 before entry 11's; and
        // the leaves 5 and 12 of the tree now hold each other's hash, so every stored node above them differs.
        case .swapTwoRows:
            [Located(5, .hash), Located(5, .link), Located(6, .link), Located(6, .recordedTime),
             Located(12, .hash), Located(12, .link), Located(12, .recordedTime), Located(13, .link)]
                + Self.nodesAbove(leaf: 5) + Self.nodesAbove(leaf: 12).filter { $0.node != "node(4, 0)" }
        // The stored hashes are untouched, so the tree is too; the projection rows stayed behind.
        case .swapTwoPayloads: [Located(5, .hash), Located(5, .projection), Located(12, .hash), Located(12, .projection)]
        // Each payload now commits to the other entry's private document; unreadable, so not projected.
        case .swapTwoPayloadsButNotTheirPrivateDocuments:
            [Located(5, .hash), Located(5, .payload), Located(12, .hash), Located(12, .payload)]
        // The forged entry is consistent in itself; the next link and the stored nodes above it are not.
        case .forgeRowAtGap: [Located(8, .link)] + Self.nodesAbove(leaf: 7)
        // A 21st leaf completes no node (21 is odd), so no node is missing.
        case .appendRowWithWrongHash: [Located(20, .hash)]
        case .recordedTimeMovedBackwards: [Located(9, .hash), Located(9, .recordedTime)]
        case .recordedTimeNotCanonical: [Located(9, .hash), Located(9, .recordedTime)]
        case .alterProjection: [Located(11, .projection)]
        case .deleteProjectionRow: [Located(11, .projection)]
        case .deletePrivateDocumentRow: [Located(11, .payload)]
        case .insertOrphanProjectionRow: [Located(99, .projection)]
        case .insertOrphanPrivateDocumentRow: [Located(98, .projection)]
        case .rewritePayloadAndRehashEverythingAfter: [Located(10, .projection)]
        // Without the node table rebuilt, every stored node over leaves 10–19 differs from the new hashes.
        case .rewritePayloadAndRehashEverythingAfterButNotTheNodes:
            [Located(10, .projection),
             Located(11, .merkle, (1, 5)), Located(11, .merkle, (2, 2)), Located(13, .merkle, (1, 6)),
             Located(15, .merkle, (1, 7)), Located(15, .merkle, (2, 3)), Located(15, .merkle, (3, 1)), Located(15, .merkle, (4, 0)),
             Located(17, .merkle, (1, 8)), Located(19, .merkle, (1, 9)), Located(19, .merkle, (2, 4))]
        }
    }

    /// The `.merkle` problems of a changed hash at `leaf` of the 20-leaf tree: one per stored node above it.
    static func nodesAbove(leaf: UInt64) -> [Located] {
        (1...4).compactMap { level -> Located? in
            let index = leaf >> UInt64(level)
            let completedAt = (index + 1) << UInt64(level)
            return completedAt <= 20 ? Located(completedAt - 1, .merkle, (level, index)) : nil
        }
    }

    /// One reported problem: the entry, the check, and for Merkle problems the node the message names first.
    struct Located: Hashable, Comparable, CustomStringConvertible {
        let seq: UInt64?
        let check: VerificationReport.Problem.Check
        let node: String?
        init(_ seq: UInt64?, _ check: VerificationReport.Problem.Check, _ node: (level: Int, index: UInt64)? = nil) {
            self.seq = seq
            self.check = check
            self.node = node.map { "\(NodeID(level: $0.level, index: $0.index))" }
        }
        init(_ problem: VerificationReport.Problem) {
            seq = problem.seq
            check = problem.check
            node = problem.check == .merkle ? problem.message.firstMatch(of: /node\(\d+, \d+\)/).map { String($0.output) } : nil
        }
        var description: String { "\(seq.map(String.init) ?? "-"):\(check.rawValue)\(node.map { "@" + $0 } ?? "")" }
        static func < (lhs: Located, rhs: Located) -> Bool { lhs.description < rhs.description }
    }

    /// Changes the ledger through `raw`, whose guards are off (`ScratchLedger.tamper`).
    func apply(to raw: RawLedger) throws {
        let hasher = SHA256()
        func entry(_ seq: Int64) throws -> [RawLedger.Value] {
            try raw.rows("SELECT kind, recorded_at, prev_hash, hash, payload FROM entry WHERE seq = ?", .integer(seq))[0]
        }
        func privateDocument(_ seq: Int64) throws -> String {
            try #require(try raw.value("SELECT document FROM transfer_private WHERE seq = ?", .integer(seq)).text)
        }
        func hash(seq: Int64, recordedAt: String, previous: [UInt8], payload: String) -> [UInt8] {
            hasher.leafHash(EntryEncoding.canonicalBytes(format: EntryEncoding.version, seq: UInt64(seq), kind: .transfer, recordedAt: recordedAt,
                                                         previousHash: Digest(bytes: previous) ?? .zero, payload: Array(payload.utf8))).bytes
        }
        /// `payload` committing to `document` instead of the private document it committed to.
        func recommit(_ payload: String, to document: String) throws -> String {
            let committed = try #require(payload.firstMatch(of: /"private":"([0-9a-f]{64})"/)).output.1
            return payload.replacingOccurrences(of: String(committed), with: SHA256.hash(Array(document.utf8)).hex)
        }
        /// Replaces the node table with the nodes of the stored entry hashes, as a thorough attacker would.
        func rebuildNodes() throws {
            try raw.execute("DELETE FROM node")
            var tree = MerkleAccumulator()
            for row in try raw.rows("SELECT hash FROM entry ORDER BY seq") {
                for node in tree.append(Digest(bytes: try #require(row[0].blob)) ?? .zero) where node.id.level > 0 {
                    try raw.rows("INSERT INTO node (level, idx, hash) VALUES (?, ?, ?)",
                                 .integer(Int64(node.id.level)), .integer(Int64(node.id.index)), .blob(node.hash.bytes))
                }
            }
        }
        switch self {
        case .editPayloadByte:
            // A field outside the projection, so the transfer stays valid and its row still matches.
            let payload = try #require(try entry(7)[4].text)
            let edited = payload.replacingOccurrences(of: #""subjectCount":"b101_1k""#, with: #""subjectCount":"b11_100""#)
            try #require(edited != payload)
            try raw.rows("UPDATE entry SET payload = ? WHERE seq = 7", .text(edited))
        case .changeEntryFormat:
            #expect(try raw.value("SELECT format FROM entry WHERE seq = 7").integer == 2)
            try raw.rows("UPDATE entry SET format = 1 WHERE seq = 7")
        case .unknownEntryFormat:
            try raw.rows("UPDATE entry SET format = 3 WHERE seq = 7")
        case .editPrivateDocument:
            let document = try privateDocument(7)
            let edited = document.replacingOccurrences(of: "svc:test", with: "svc:tesu")
            try #require(edited != document)
            try raw.rows("UPDATE transfer_private SET document = ? WHERE seq = 7", .text(edited))
        case .editStoredHash:
            var hash = try #require(try entry(7)[3].blob)
            hash[31] ^= 0x01
            try raw.rows("UPDATE entry SET hash = ? WHERE seq = 7", .blob(hash))
        case .lengthenStoredHash:
            // The schema's CHECK on the length binds the database engine, not someone who edits its storage.
            let hash = try #require(try entry(7)[3].blob)
            try raw.rows("UPDATE entry SET hash = ? WHERE seq = 7", .blob(hash + [0]))
        case .emptyPreviousHash:
            try raw.rows("UPDATE entry SET prev_hash = ? WHERE seq = 7", .blob([]))
        case .editPreviousHash:
            var previous = try #require(try entry(7)[2].blob)
            previous[0] ^= 0x80
            try raw.rows("UPDATE entry SET prev_hash = ? WHERE seq = 7", .blob(previous))
        case .deleteRow:
            try raw.execute("""
                DELETE FROM transfer WHERE seq = 7; DELETE FROM transfer_rule WHERE seq = 7; DELETE FROM transfer_private WHERE seq = 7;
                DELETE FROM entry WHERE seq = 7
                """)
        case .deleteRowAndItsNodes:
            try raw.execute("""
                DELETE FROM transfer WHERE seq = 7; DELETE FROM transfer_rule WHERE seq = 7; DELETE FROM transfer_private WHERE seq = 7;
                DELETE FROM entry WHERE seq = 7; DELETE FROM node WHERE idx = 7 >> CAST(level AS INTEGER)
                """)
        case .deleteFirstRow:
            try raw.execute("""
                DELETE FROM transfer WHERE seq = 0; DELETE FROM transfer_rule WHERE seq = 0; DELETE FROM transfer_private WHERE seq = 0;
                DELETE FROM entry WHERE seq = 0
                """)
        case .deleteEntryButNotItsProjection:
            try raw.execute("DELETE FROM entry WHERE seq = 7")
        case .deleteTwoRowsBeforeTheTip:
            try raw.execute("""
                DELETE FROM transfer WHERE seq IN (17, 18); DELETE FROM transfer_rule WHERE seq IN (17, 18);
                DELETE FROM transfer_private WHERE seq IN (17, 18);
                DELETE FROM entry WHERE seq IN (17, 18)
                """)
        case .swapTwoRows:
            let five = try entry(5), twelve = try entry(12)
            for (seq, row) in [(Int64(5), twelve), (12, five)] {
                try raw.rows("UPDATE entry SET kind = ?, recorded_at = ?, prev_hash = ?, hash = ?, payload = ? WHERE seq = ?",
                             row[0], row[1], row[2], row[3], row[4], .integer(seq))
            }
            // Swap the projection (transfer, rule) and private-document rows too, so that they still match the payloads above them.
            for table in ["transfer", "transfer_rule", "transfer_private"] {
                try raw.execute("""
                    UPDATE \(table) SET seq = -1 WHERE seq = 5; UPDATE \(table) SET seq = 5 WHERE seq = 12;
                    UPDATE \(table) SET seq = 12 WHERE seq = -1
                    """)
            }
        case .swapTwoPayloads:
            // The payloads move with the private documents they commit to.
            let five = try entry(5)[4], twelve = try entry(12)[4]
            try raw.rows("UPDATE entry SET payload = ? WHERE seq = 5", twelve)
            try raw.rows("UPDATE entry SET payload = ? WHERE seq = 12", five)
            let fiveDocument = try privateDocument(5), twelveDocument = try privateDocument(12)
            try raw.rows("UPDATE transfer_private SET document = ? WHERE seq = 5", .text(twelveDocument))
            try raw.rows("UPDATE transfer_private SET document = ? WHERE seq = 12", .text(fiveDocument))
        case .swapTwoPayloadsButNotTheirPrivateDocuments:
            let five = try entry(5)[4], twelve = try entry(12)[4]
            try raw.rows("UPDATE entry SET payload = ? WHERE seq = 5", twelve)
            try raw.rows("UPDATE entry SET payload = ? WHERE seq = 12", five)
        case .forgeRowAtGap:
            // A forgery that is internally perfect: own hash right, linked to entry 6, private document
            // committed to, projection matching. Only the stored Merkle nodes and entry 8 still tell.
            let original = try entry(7)
            let recordedAt = try #require(original[1].text)
            let previous = try #require(try entry(6)[3].blob)
            let document = try privateDocument(7).replacingOccurrences(of: "svc:test", with: "svc:evil")
            let payload = try recommit(try #require(original[4].text), to: document)
            try raw.execute("DELETE FROM entry WHERE seq = 7")
            try raw.rows("INSERT INTO entry (seq, kind, recorded_at, prev_hash, hash, payload, format) VALUES (7, 'transfer', ?, ?, ?, ?, 2)",
                         .text(recordedAt), .blob(previous), .blob(hash(seq: 7, recordedAt: recordedAt, previous: previous, payload: payload)),
                         .text(payload))
            try raw.rows("UPDATE transfer_private SET document = ? WHERE seq = 7", .text(document))
        case .appendRowWithWrongHash:
            let tip = try entry(19)
            let document = try privateDocument(19).replacingOccurrences(of: "key-19", with: "key-20")
            let payload = try recommit(try #require(tip[4].text), to: document)
            try raw.rows("INSERT INTO entry (seq, kind, recorded_at, prev_hash, hash, payload) VALUES (20, 'transfer', ?, ?, ?, ?)",
                         tip[1], tip[3], .blob([UInt8](repeating: 0xAB, count: 32)), .text(payload))
            try raw.rows("INSERT INTO transfer_private (seq, document) VALUES (20, ?)", .text(document))
            try raw.execute("""
                INSERT INTO transfer SELECT 20, 'key-20', occurred_at, exporter, exporter_role, importer, importer_role,
                    destination, region, mechanism, data_categories, special_categories, status FROM transfer WHERE seq = 19;
                INSERT INTO transfer_rule SELECT rule, 20 FROM transfer_rule WHERE seq = 19
                """)
        case .recordedTimeMovedBackwards:
            try raw.rows("UPDATE entry SET recorded_at = ? WHERE seq = 9", .text("2000-01-01T00:00:00Z"))
        case .recordedTimeNotCanonical:
            let recordedAt = try #require(try entry(9)[1].text)
            try raw.rows("UPDATE entry SET recorded_at = ? WHERE seq = 9", .text(recordedAt.replacingOccurrences(of: "Z", with: "+00:00")))
        case .alterProjection:
            try raw.execute("UPDATE transfer SET destination = 'US' WHERE seq = 11")
        case .deleteProjectionRow:
            try raw.execute("DELETE FROM transfer WHERE seq = 11")
        case .deletePrivateDocumentRow:
            try raw.execute("DELETE FROM transfer_private WHERE seq = 11")
        case .insertOrphanProjectionRow:
            try raw.execute("""
                INSERT INTO transfer SELECT 99, 'ghost', occurred_at, exporter, exporter_role, importer, importer_role,
                    destination, region, mechanism, data_categories, special_categories, status FROM transfer WHERE seq = 3
                """)
        case .insertOrphanPrivateDocumentRow:
            try raw.execute("INSERT INTO transfer_private SELECT 98, document FROM transfer_private WHERE seq = 3")
        case .rewritePayloadAndRehashEverythingAfter, .rewritePayloadAndRehashEverythingAfterButNotTheNodes:
            // An attacker who rewrites entry 10 and recomputes every later hash (and the Merkle nodes) leaves
            // a chain that is internally consistent; only the untouched projection row still tells.
            var previous = try #require(try entry(9)[3].blob)
            let tip = try #require(try raw.value("SELECT max(seq) FROM entry").integer)
            for seq in Int64(10)...tip {
                let row = try entry(seq)
                var payload = try #require(row[4].text)
                if seq == 10 { payload = payload.replacingOccurrences(of: #""destination":"IN""#, with: #""destination":"IM""#)
                    .replacingOccurrences(of: #""region":"THIRD_COUNTRY""#, with: #""region":"ADEQUATE""#) }
                let recordedAt = try #require(row[1].text)
                let newHash = hash(seq: seq, recordedAt: recordedAt, previous: previous, payload: payload)
                try raw.rows("UPDATE entry SET prev_hash = ?, hash = ?, payload = ? WHERE seq = ?",
                             .blob(previous), .blob(newHash), .text(payload), .integer(seq))
                previous = newHash
            }
            if self == .rewritePayloadAndRehashEverythingAfter { try rebuildNodes() }
        }
    }
}

@Suite("Tamper evidence on a real SQLite file and a real PostgreSQL database")
struct TamperTests {
    /// A closed ledger of 20 transfers recorded in four batches of five, and its path. Each batch waits
    /// until the clock has passed the previous batch's recorded time, so the batches' times strictly increase
    /// and the recorded-time problems of a reordering are exactly predictable.
    static func makeLedger(in directory: TemporaryDirectory) throws -> String {
        let path = directory.file("tamper.ledger")
        try makeLedger(at: path)
        return path
    }

    /// The ledger of `makeLedger(in:)`, at a file path or a PostgreSQL URI.
    static func makeLedger(at path: String) throws {
        let ledger = try Ledger.create(at: path)
        let transfers = Fixture.transfers(20)
        var last: Timestamp?
        for start in stride(from: 0, to: 20, by: 5) {
            while let last, Timestamp.now() <= last {}
            let receipts = try ledger.record(contentsOf: Array(transfers[start..<start + 5]))
            last = try #require(receipts.last).recordedAt
        }
    }

    /// The triggers' names and defining SQL, to drop them all and put them back exactly as they were.
    static func triggers(of raw: RawSQLite) throws -> [(name: String, sql: String)] {
        try raw.rows("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").map {
            (try #require($0[0].text), try #require($0[1].text))
        }
    }

    @Test(arguments: Backend.allCases)
    func anUntouchedLedgerIsIntact(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        try Self.makeLedger(at: scratch.path)
        let report = try Ledger(path: scratch.path, readOnly: true).verify()
        #expect(report.problems == [])
        #expect(report.entriesChecked == 20)
    }

    @Test(arguments: Backend.allCases, Tampering.allCases)
    func verifyReportsTheTampering(_ backend: Backend, _ tampering: Tampering) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = scratch.path
        try Self.makeLedger(at: path)
        // The guards go back exactly, so the only problems left are those of the tampering itself.
        try scratch.tamper(tampering.apply)

        let report = try Ledger(path: path, readOnly: true).verify()
        let found = report.problems.map(Tampering.Located.init).sorted()
        #expect(!report.isIntact)
        #expect(found == tampering.expected.sorted(), "reported: \(report.problems)")
        for problem in report.problems {
            #expect(problem.description.hasPrefix(problem.seq.map { "entry \($0): " } ?? "ledger: "))
        }
        if tampering == .editPrivateDocument {
            let message = try #require(report.problems.first?.message)
            #expect(message.contains("hashes to") && message.contains("not the committed"), "\(message)")
        }
    }

    // SQLite only from here: its triggers, schema text and application ID. PostgreSQL's triggers,
    // privileges and schema check are PostgreSQLAppendOnlyTests' and PostgreSQLSchemaTests'.

    @Test func droppingATriggerIsASchemaProblem() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try Self.makeLedger(in: directory)
        let names = try Self.triggers(of: RawSQLite(path)).map(\.name)
        // Every trigger the migrations create, and nothing else; one a later migration replaces (migration
        // 4's transfer_private_no_delete) counts once.
        let created = Set(SQLiteEmbeddedResources.migrations.flatMap { $0.matches(of: /CREATE TRIGGER (\w+)/).map { String($0.output.1) } })
        #expect(Set(names) == created && names.count == created.count && created.count > 5, "\(names)")
        for name in names { try RawSQLite(path).execute("DROP TRIGGER \(name)") }

        let report = try Ledger(path: path, readOnly: true).verify()
        #expect(report.problems.count == names.count)
        #expect(report.problems.allSatisfy { $0.check == .schema && $0.seq == nil })
        for name in names {
            #expect(report.problems.contains { $0.message == "trigger \(name) is missing" }, "reported: \(report.problems)")
        }
    }

    @Test func alteringATriggerOrAddingAnObjectIsASchemaProblem() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try Self.makeLedger(in: directory)
        let raw = try RawSQLite(path)
        try raw.execute("""
            DROP TRIGGER entry_no_delete;
            CREATE TRIGGER entry_no_delete BEFORE DELETE ON entry WHEN 0 BEGIN SELECT RAISE(ABORT, 'no'); END;
            CREATE TABLE notes (text TEXT);
            """)
        let report = try Ledger(path: path, readOnly: true).verify()
        #expect(Set(report.problems.map(\.message)) == ["trigger entry_no_delete has been altered", "unexpected table notes"])
        #expect(report.problems.allSatisfy { $0.check == .schema && $0.seq == nil })
    }

    @Test func aForeignApplicationIDIsRefusedBeforeVerifying() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try Self.makeLedger(in: directory)
        try RawSQLite(path).execute("PRAGMA application_id = 7")
        #expect(throws: LedgerError.self) { try Ledger(path: path, readOnly: true).verify() }
    }

    @Test func intactTriggersRefuseChangesToHistory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try Self.makeLedger(in: directory)
        let raw = try RawSQLite(path)
        let tip = try #require(try raw.value("SELECT hash FROM entry WHERE seq = 19").blob)
        let attempts: [(String, [RawSQLite.Value], String)] = [
            ("UPDATE entry SET payload = '{}' WHERE seq = 3", [], "immutable"),
            ("UPDATE entry SET recorded_at = '2000-01-01T00:00:00Z'", [], "immutable"),
            ("DELETE FROM entry WHERE seq = 19", [], "immutable"),
            ("DELETE FROM entry", [], "immutable"),
            ("UPDATE transfer SET destination = 'US' WHERE seq = 3", [], "immutable"),
            ("DELETE FROM transfer WHERE seq = 3", [], "immutable"),
            ("UPDATE transfer_private SET document = '{}' WHERE seq = 3", [], "immutable"),
            ("DELETE FROM transfer_private WHERE seq = 3", [], "immutable"),
            ("UPDATE node SET hash = zeroblob(32) WHERE level = 1 AND idx = 0", [], "immutable"),
            ("DELETE FROM node", [], "immutable"),
            ("INSERT INTO entry (seq, kind, recorded_at, prev_hash, hash, payload) VALUES (21, 'transfer', '2026-01-01T00:00:00Z', ?, ?, '{}')",
             [.blob(tip), .blob(tip)], "appended in sequence"),
            ("INSERT INTO entry (seq, kind, recorded_at, prev_hash, hash, payload) VALUES (20, 'transfer', '2026-01-01T00:00:00Z', ?, ?, '{}')",
             [.blob([UInt8](repeating: 0, count: 32)), .blob(tip)], "appended in sequence"),
            ("INSERT OR REPLACE INTO entry (seq, kind, recorded_at, prev_hash, hash, payload) VALUES (5, 'transfer', '2026-01-01T00:00:00Z', ?, ?, '{}')",
             [.blob(tip), .blob(tip)], "appended in sequence"),
        ]
        for (sql, values, reason) in attempts {
            let error = try #require(throws: RawSQLite.Failure.self, "\(sql)") { try raw.rows(sql, bindings: values) }
            #expect(error.message.contains(reason), "\(sql): \(error.message)")
        }
        let report = try Ledger(path: path, readOnly: true).verify()
        #expect(report.isIntact, "reported: \(report.problems)")
        #expect(report.entriesChecked == 20)
        #expect(report.tipHash?.bytes == tip)
    }

    @Test(arguments: Backend.allCases)
    func aWellLinkedAppendOutsideTheLibraryIsStillCaught(_ backend: Backend) throws {
        // The insert trigger checks the link, not the hash: a row with the right prev_hash but a made-up
        // hash gets in, and verify() is what catches it.
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = scratch.path
        try Self.makeLedger(at: path)
        let raw = try scratch.raw()
        let tip = try #require(try raw.value("SELECT hash FROM entry WHERE seq = 19").blob)
        try raw.rows("INSERT INTO entry (seq, kind, recorded_at, prev_hash, hash, payload) VALUES (20, 'transfer', '2099-01-01T00:00:00Z', ?, ?, '{}')", .blob(tip), .blob(tip))
        let report = try Ledger(path: path, readOnly: true).verify()
        let found = Set(report.problems.map { Tampering.Located($0.seq, $0.check) })
        #expect(found.contains(Tampering.Located(20, .hash)))
        #expect(found.contains(Tampering.Located(20, .payload)))
    }
}
