import Testing
import TransferLedger

/// Ways an attacker with write access to the file might change history, each with the problems
/// `verify()` must report. The chain has 20 entries, seq 0 to 19.
enum Tampering: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case editPayloadByte
    case editStoredHash
    case editPreviousHash
    case deleteRow
    case deleteFirstRow
    case deleteEntryButNotItsProjection
    case deleteTwoRowsBeforeTheTip
    case swapTwoRows
    case swapTwoPayloads
    case forgeRowAtGap
    case appendRowWithWrongHash
    case recordedTimeMovedBackwards
    case recordedTimeNotCanonical
    case alterProjection
    case deleteProjectionRow
    case insertOrphanProjectionRow
    case rewritePayloadAndRehashEverythingAfter

    var testDescription: String { rawValue }

    /// Problems that must be reported, as (seq, check).
    var expected: Set<Located> {
        switch self {
        case .editPayloadByte: [Located(7, .hash)]
        case .editStoredHash: [Located(7, .hash), Located(8, .link)]
        case .editPreviousHash: [Located(7, .hash), Located(7, .link)]
        case .deleteRow: [Located(8, .sequence)]
        case .deleteFirstRow: [Located(1, .sequence)]
        case .deleteEntryButNotItsProjection: [Located(8, .sequence), Located(7, .projection)]
        case .deleteTwoRowsBeforeTheTip: [Located(19, .sequence)]
        case .swapTwoRows: [Located(5, .hash), Located(5, .link), Located(6, .link), Located(12, .hash), Located(12, .link), Located(13, .link)]
        case .swapTwoPayloads: [Located(5, .hash), Located(5, .projection), Located(12, .hash), Located(12, .projection)]
        case .forgeRowAtGap: [Located(8, .link)]
        case .appendRowWithWrongHash: [Located(20, .hash)]
        case .recordedTimeMovedBackwards: [Located(9, .hash), Located(9, .recordedTime)]
        case .recordedTimeNotCanonical: [Located(9, .hash), Located(9, .recordedTime)]
        case .alterProjection: [Located(11, .projection)]
        case .deleteProjectionRow: [Located(11, .projection)]
        case .insertOrphanProjectionRow: [Located(99, .projection)]
        case .rewritePayloadAndRehashEverythingAfter: [Located(10, .projection)]
        }
    }

    /// The entries any reported problem may concern; nil when only `expected` may be reported.
    var tolerated: Set<UInt64>? {
        switch self {
        // Which neighbours also fail depends on recorded times, which the test does not control.
        case .swapTwoRows: [5, 6, 12, 13]
        case .appendRowWithWrongHash: [20]
        default: nil
        }
    }

    struct Located: Hashable, CustomStringConvertible {
        let seq: UInt64?
        let check: VerificationReport.Problem.Check
        init(_ seq: UInt64?, _ check: VerificationReport.Problem.Check) {
            self.seq = seq
            self.check = check
        }
        var description: String { "\(seq.map(String.init) ?? "-"):\(check.rawValue)" }
    }

    /// Changes the file through `raw`, whose triggers have been dropped.
    func apply(to raw: RawSQLite) throws {
        let hasher = SHA256()
        func entry(_ seq: Int64) throws -> [RawSQLite.Value] {
            try raw.rows("SELECT kind, recorded_at, prev_hash, hash, payload FROM entry WHERE seq = ?", .integer(seq))[0]
        }
        func hash(seq: Int64, recordedAt: String, previous: [UInt8], payload: String) -> [UInt8] {
            hasher.leafHash(EntryEncoding.canonicalBytes(seq: UInt64(seq), kind: .transfer, recordedAt: recordedAt,
                                                         previousHash: Digest(bytes: previous) ?? .zero, payload: Array(payload.utf8))).bytes
        }
        switch self {
        case .editPayloadByte:
            let payload = try #require(try entry(7)[4].text)
            let edited = payload.replacingOccurrences(of: "svc:test", with: "svc:tesu")
            try #require(edited != payload)
            try raw.rows("UPDATE entry SET payload = ? WHERE seq = 7", .text(edited))
        case .editStoredHash:
            var hash = try #require(try entry(7)[3].blob)
            hash[31] ^= 0x01
            try raw.rows("UPDATE entry SET hash = ? WHERE seq = 7", .blob(hash))
        case .editPreviousHash:
            var previous = try #require(try entry(7)[2].blob)
            previous[0] ^= 0x80
            try raw.rows("UPDATE entry SET prev_hash = ? WHERE seq = 7", .blob(previous))
        case .deleteRow:
            try raw.execute("DELETE FROM transfer WHERE seq = 7; DELETE FROM entry WHERE seq = 7")
        case .deleteFirstRow:
            try raw.execute("DELETE FROM transfer WHERE seq = 0; DELETE FROM entry WHERE seq = 0")
        case .deleteEntryButNotItsProjection:
            try raw.execute("DELETE FROM entry WHERE seq = 7")
        case .deleteTwoRowsBeforeTheTip:
            try raw.execute("DELETE FROM transfer WHERE seq IN (17, 18); DELETE FROM entry WHERE seq IN (17, 18)")
        case .swapTwoRows:
            let five = try entry(5), twelve = try entry(12)
            for (seq, row) in [(Int64(5), twelve), (12, five)] {
                try raw.rows("UPDATE entry SET kind = ?, recorded_at = ?, prev_hash = ?, hash = ?, payload = ? WHERE seq = ?",
                             row[0], row[1], row[2], row[3], row[4], .integer(seq))
            }
            // Swap the projection rows too, so that they still match the payloads above them.
            try raw.execute("""
                UPDATE transfer SET seq = -1 WHERE seq = 5; UPDATE transfer SET seq = 5 WHERE seq = 12;
                UPDATE transfer SET seq = 12 WHERE seq = -1
                """)
        case .swapTwoPayloads:
            let five = try entry(5)[4], twelve = try entry(12)[4]
            try raw.rows("UPDATE entry SET payload = ? WHERE seq = 5", twelve)
            try raw.rows("UPDATE entry SET payload = ? WHERE seq = 12", five)
        case .forgeRowAtGap:
            // A forgery that is internally perfect: own hash right, linked to entry 6, projection matching.
            let original = try entry(7)
            let recordedAt = try #require(original[1].text)
            let previous = try #require(try entry(6)[3].blob)
            let payload = try #require(original[4].text).replacingOccurrences(of: "svc:test", with: "svc:evil")
            try raw.execute("DELETE FROM entry WHERE seq = 7")
            try raw.rows("INSERT INTO entry (seq, kind, recorded_at, prev_hash, hash, payload) VALUES (7, 'transfer', ?, ?, ?, ?)",
                         .text(recordedAt), .blob(previous), .blob(hash(seq: 7, recordedAt: recordedAt, previous: previous, payload: payload)),
                         .text(payload))
        case .appendRowWithWrongHash:
            let tip = try entry(19)
            let payload = try #require(tip[4].text).replacingOccurrences(of: "key-19", with: "key-20")
            try raw.rows("INSERT INTO entry (seq, kind, recorded_at, prev_hash, hash, payload) VALUES (20, 'transfer', ?, ?, ?, ?)",
                         tip[1], tip[3], .blob([UInt8](repeating: 0xAB, count: 32)), .text(payload))
            try raw.execute("""
                INSERT INTO transfer SELECT 20, 'key-20', occurred_at, exporter, exporter_role, importer, importer_role,
                    destination, region, mechanism, data_categories, special_categories FROM transfer WHERE seq = 19
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
        case .insertOrphanProjectionRow:
            try raw.execute("""
                INSERT INTO transfer SELECT 99, 'ghost', occurred_at, exporter, exporter_role, importer, importer_role,
                    destination, region, mechanism, data_categories, special_categories FROM transfer WHERE seq = 3
                """)
        case .rewritePayloadAndRehashEverythingAfter:
            // An attacker who rewrites entry 10 and recomputes every later hash leaves a chain that is
            // internally consistent; only the untouched projection row still tells.
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
        }
    }
}

@Suite("Tamper evidence on a real SQLite file")
struct TamperTests {
    static let triggerNames = ["entry_append_only", "entry_no_update", "entry_no_delete", "transfer_no_update", "transfer_no_delete"]

    /// A closed ledger of 20 transfers recorded in several batches, and its path.
    static func makeLedger(in directory: TemporaryDirectory) throws -> String {
        let path = directory.file("tamper.ledger")
        let ledger = try Ledger.create(at: path)
        let transfers = Fixture.transfers(20)
        for start in stride(from: 0, to: 20, by: 5) {
            try ledger.record(contentsOf: Array(transfers[start..<start + 5]))
        }
        return path
    }

    /// The triggers' defining SQL, to put them back exactly as they were.
    static func triggers(of raw: RawSQLite) throws -> [String] {
        try raw.rows("SELECT sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").compactMap { $0.first?.text }
    }

    @Test func anUntouchedLedgerIsIntact() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let report = try Ledger(path: Self.makeLedger(in: directory), readOnly: true).verify()
        #expect(report.problems == [])
        #expect(report.entriesChecked == 20)
    }

    @Test(arguments: Tampering.allCases)
    func verifyReportsTheTampering(_ tampering: Tampering) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try Self.makeLedger(in: directory)
        do {
            let raw = try RawSQLite(path)
            let triggers = try Self.triggers(of: raw)
            #expect(triggers.count == Self.triggerNames.count)
            for name in Self.triggerNames { try raw.execute("DROP TRIGGER \(name)") }
            try raw.execute("BEGIN")
            try tampering.apply(to: raw)
            try raw.execute("COMMIT")
            // Put the triggers back exactly, so the only problems left are those of the tampering itself.
            for sql in triggers { try raw.execute(sql) }
        }

        let report = try Ledger(path: path, readOnly: true).verify()
        let found = Set(report.problems.map { Tampering.Located($0.seq, $0.check) })
        #expect(!report.isIntact)
        #expect(found.isSuperset(of: tampering.expected), "reported: \(report.problems)")
        if let tolerated = tampering.tolerated {
            #expect(report.problems.allSatisfy { $0.seq.map(tolerated.contains) ?? false }, "reported: \(report.problems)")
        } else {
            #expect(found == tampering.expected, "reported: \(report.problems)")
        }
        for problem in report.problems {
            #expect(problem.description.hasPrefix(problem.seq.map { "entry \($0): " } ?? "ledger: "))
        }
    }

    @Test func droppingATriggerIsASchemaProblem() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try Self.makeLedger(in: directory)
        for name in Self.triggerNames { try RawSQLite(path).execute("DROP TRIGGER \(name)") }

        let report = try Ledger(path: path, readOnly: true).verify()
        #expect(report.problems.count == Self.triggerNames.count)
        #expect(report.problems.allSatisfy { $0.check == .schema && $0.seq == nil })
        for name in Self.triggerNames {
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
            ("INSERT INTO entry VALUES (21, 'transfer', '2026-01-01T00:00:00Z', ?, ?, '{}')",
             [.blob(tip), .blob(tip)], "appended in sequence"),
            ("INSERT INTO entry VALUES (20, 'transfer', '2026-01-01T00:00:00Z', ?, ?, '{}')",
             [.blob([UInt8](repeating: 0, count: 32)), .blob(tip)], "appended in sequence"),
            ("INSERT OR REPLACE INTO entry VALUES (5, 'transfer', '2026-01-01T00:00:00Z', ?, ?, '{}')",
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

    @Test func aWellLinkedAppendOutsideTheLibraryIsStillCaught() throws {
        // The insert trigger checks the link, not the hash: a row with the right prev_hash but a made-up
        // hash gets in, and verify() is what catches it.
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try Self.makeLedger(in: directory)
        let raw = try RawSQLite(path)
        let tip = try #require(try raw.value("SELECT hash FROM entry WHERE seq = 19").blob)
        try raw.rows("INSERT INTO entry VALUES (20, 'transfer', '2099-01-01T00:00:00Z', ?, ?, '{}')", .blob(tip), .blob(tip))
        let report = try Ledger(path: path, readOnly: true).verify()
        let found = Set(report.problems.map { Tampering.Located($0.seq, $0.check) })
        #expect(found.contains(Tampering.Located(20, .hash)))
        #expect(found.contains(Tampering.Located(20, .payload)))
    }
}
