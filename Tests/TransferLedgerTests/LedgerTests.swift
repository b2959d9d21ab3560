import LedgerSample
import Foundation
import Testing
import LedgerTestSupport
import TransferLedger

/// Recording and chaining run on both backends; the tests of opening what is not a ledger file
/// (an existing path, an empty path, random bytes, another SQLite database, `user_version`) are about
/// files and stay SQLite-only (PostgreSQLSchemaTests covers a database that is not a ledger).
@Suite("Ledger: opening, recording and chaining")
struct LedgerTests {
    @Test func createRefusesAnExistingPath() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("exists.ledger")
        _ = try Ledger.create(at: path)
        #expect(throws: LedgerError.alreadyExists(path: path)) { try Ledger.create(at: path) }

        let other = directory.file("any-file")
        _ = FileManager.default.createFile(atPath: other, contents: Data("not a ledger".utf8))
        #expect(throws: LedgerError.alreadyExists(path: other)) { try Ledger.create(at: other) }
        #expect(FileManager.default.contents(atPath: other) == Data("not a ledger".utf8), "create must not touch the file")
    }

    @Test func anEmptyPathIsNotALedgerFile() throws {
        // SQLite opens "" as a private temporary database that vanishes on close, so a ledger
        // "created" there records nothing durably.
        #expect(throws: LedgerError.cannotOpen(path: "", reason: "the path is empty")) { try Ledger.create(at: "") }
        #expect(throws: LedgerError.cannotOpen(path: "", reason: "the path is empty")) { try Ledger.openOrCreate(at: "") }
        #expect(throws: LedgerError.cannotOpen(path: "", reason: "the path is empty")) { try Ledger(path: "") }
    }

    @Test func openingAMissingFileFails() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("missing.ledger")
        for readOnly in [false, true] {
            let error = try #require(throws: LedgerError.self) { try Ledger(path: path, readOnly: readOnly) }
            guard case .cannotOpen(let reported, _) = error else { Issue.record("expected .cannotOpen, got \(error)"); continue }
            #expect(reported == path)
        }
        #expect(!FileManager.default.fileExists(atPath: path), "opening must not create the file")
    }

    @Test func openingAnotherSQLiteDatabaseFails() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("other.sqlite")
        try RawSQLite(path, create: true).execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        for readOnly in [false, true] {
            let error = try #require(throws: LedgerError.self) { try Ledger(path: path, readOnly: readOnly) }
            guard case .notALedger(let reported, _) = error else { Issue.record("expected .notALedger, got \(error)"); continue }
            #expect(reported == path)
        }
        #expect(try RawSQLite(path).value("SELECT count(*) FROM sqlite_schema") == .integer(1), "the file is left as it was")
    }

    @Test func openingAnSQLiteFileWithAnotherApplicationIDFails() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("other-app.sqlite")
        try RawSQLite(path, create: true).execute("PRAGMA application_id = 1234; PRAGMA user_version = 1")
        let error = try #require(throws: LedgerError.self) { try Ledger(path: path) }
        guard case .notALedger = error else { Issue.record("expected .notALedger, got \(error)"); return }
    }

    @Test(arguments: [16, 100, 4_096, 65_536])
    func openingRandomBytesFails(size: Int) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("random.bin")
        var generator = SplitMix64(seed: UInt64(size))
        _ = FileManager.default.createFile(atPath: path, contents: Data((0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }))
        for readOnly in [false, true] {
            let error = try #require(throws: LedgerError.self) { try Ledger(path: path, readOnly: readOnly) }
            guard case .notALedger(let reported, _) = error else { Issue.record("expected .notALedger, got \(error)"); continue }
            #expect(reported == path)
        }
    }

    @Test func openingAnEmptyFileFails() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("empty")
        _ = FileManager.default.createFile(atPath: path, contents: Data())
        let error = try #require(throws: LedgerError.self) { try Ledger(path: path) }
        guard case .notALedger = error else { Issue.record("expected .notALedger, got \(error)"); return }
    }

    @Test func aNewerFormatIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("newer.ledger")
        try Ledger.create(at: path).record(Fixture.transfer(key: "a"))
        // One past the version this build writes (the number of migrations, which other branches change).
        guard case .integer(let current) = try RawSQLite(path).rows("PRAGMA user_version")[0][0] else { Issue.record("no user_version"); return }
        try RawSQLite(path).execute("PRAGMA user_version = \(current + 1)")
        for readOnly in [false, true] {
            #expect(throws: LedgerError.newerFormat(path: path, version: current + 1, supported: current)) { try Ledger(path: path, readOnly: readOnly) }
        }
    }

    @Test(arguments: Backend.allCases)
    func aReadOnlyLedgerRefusesToRecord(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = scratch.path
        try Ledger.create(at: path).record(Fixture.transfer(key: "a"))
        // What is stored: the file's bytes, or every entry row of the database.
        func stored() throws -> String {
            switch backend {
            case .sqlite: try Data(contentsOf: URL(fileURLWithPath: path)).base64EncodedString()
            case .postgres: "\(try scratch.raw().rows("SELECT seq, kind, recorded_at, prev_hash, hash, payload FROM entry ORDER BY seq"))"
            }
        }
        let before = try stored()

        let ledger = try Ledger(path: path, readOnly: true)
        let error = try #require(throws: LedgerError.self) { try ledger.record(Fixture.transfer(key: "b")) }
        guard case .storage = error else { Issue.record("expected .storage, got \(error)"); return }
        #expect(try ledger.entryCount() == 1)
        #expect(try ledger.verify().isIntact)
        #expect(try Ledger(path: path).keys() == ["a"])
        #expect(try stored() == before)
    }

    @Test(arguments: Backend.allCases)
    func openOrCreateCreatesOnceAndThenOpens(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = scratch.path
        try Ledger.openOrCreate(at: path).record(Fixture.transfer(key: "a"))
        #expect(try Ledger.openOrCreate(at: path).entryCount() == 1)
    }

    @Test(arguments: Backend.allCases)
    func receiptsAreContiguousAndChained(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Ledger.create(at: scratch.path)
        var receipts = try ledger.record(contentsOf: Fixture.transfers(5, prefix: "batch"))
        for transfer in Fixture.transfers(3, prefix: "single") { receipts.append(try ledger.record(transfer)) }

        #expect(receipts.map(\.seq) == Array(0..<8))
        #expect(try ledger.entryCount() == 8)
        let hasher = SHA256()
        var previous = Digest.zero
        for receipt in receipts {
            let entry = try ledger.entry(at: receipt.seq)
            #expect(entry.seq == receipt.seq)
            #expect(entry.kind == .transfer)
            #expect(entry.hash == receipt.hash)
            #expect(entry.recordedAt == receipt.recordedAt.rfc3339)
            #expect(entry.previousHash == previous, "entry \(entry.seq) links to entry \(entry.seq - 1)")
            #expect(hasher.leafHash(entry.canonicalBytes) == entry.hash)
            previous = entry.hash
        }
        #expect(Set(receipts.map(\.hash)).count == 8)
        #expect(throws: LedgerError.noSuchEntry(8)) { try ledger.entry(at: 8) }
        #expect(throws: LedgerError.noSuchEntry(.max)) { try ledger.entry(at: .max) }

        let report = try ledger.verify()
        #expect(report.isIntact)
        #expect(report.entriesChecked == 8)
        #expect(report.tipHash == receipts.last?.hash)
    }

    @Test(arguments: Backend.allCases)
    func aBatchSharesOneRecordedTime(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Ledger.create(at: scratch.path)
        let receipts = try ledger.record(contentsOf: Fixture.transfers(4))
        #expect(Set(receipts.map(\.recordedAt)).count == 1)
        let stored = try ledger.entry(at: receipts[0].seq).recordedAt
        #expect(stored == receipts[0].recordedAt.rfc3339, "recorded times are stored canonically")
    }

    @Test(arguments: Backend.allCases)
    func recordedTimeNeverGoesBackwards(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = scratch.path
        let ledger = try Ledger.create(at: path)
        var times: [Timestamp] = []
        for transfer in Fixture.transfers(5) { times.append(try ledger.record(transfer).recordedAt) }
        #expect(times == times.sorted())

        // A tip recorded "in the future" (a clock that was ahead) holds later appends at or after it.
        let future = "2100-01-01T00:00:00Z"
        try scratch.tamper { try $0.rows("UPDATE entry SET recorded_at = ? WHERE seq = 4", .text(future)) }
        let next = try Ledger(path: path).record(Fixture.transfer(key: "after-the-future"))
        #expect(next.recordedAt >= Fixture.time(future))
    }

    @Test(arguments: Backend.allCases)
    func aParentMustBeARecordedTransfer(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Ledger.create(at: scratch.path)
        try ledger.record(contentsOf: Fixture.transfers(2))

        var orphan = Fixture.transfer(key: "orphan")
        orphan.transferKind = .onward
        orphan.parent = 2
        let error = try #require(throws: LedgerError.self) { try ledger.record(orphan) }
        guard case .rejected(let rejection) = error else { Issue.record("expected .rejected, got \(error)"); return }
        #expect(rejection.field == "parent")
        #expect(rejection.rule == .unknownParent)
        #expect(rejection.message.contains("entry 2"))
        #expect(try ledger.entryCount() == 2)

        orphan.parent = 1
        #expect(try ledger.record(orphan).seq == 2)

        // A parent earlier in the same batch is fine; a later one is not recorded yet.
        var first = Fixture.transfer(key: "leg-1")
        var second = Fixture.transfer(key: "leg-2")
        second.parent = 3
        #expect(try ledger.record(contentsOf: [first, second]).map(\.seq) == [3, 4])
        first.idempotencyKey = "leg-3"
        first.parent = 6
        second.idempotencyKey = "leg-4"
        second.parent = nil
        #expect(throws: LedgerError.self) { try ledger.record(contentsOf: [first, second]) }
        #expect(try ledger.entryCount() == 5)
    }

    @Test(arguments: Backend.allCases)
    func transfersRoundTripThroughTheLedgerUnchanged(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = scratch.path
        let transfer = Fixture.fullyPopulated
        let receipt = try Ledger.create(at: path).record(transfer)
        let recorded = try Ledger(path: path, readOnly: true).transfers(matching: TransferQuery())
        #expect(recorded.count == 1)
        #expect(recorded.first?.transfer == transfer)
        #expect(recorded.first?.seq == receipt.seq)
        #expect(recorded.first?.hash == receipt.hash)
        #expect(recorded.first?.recordedAt == receipt.recordedAt)
        #expect(recorded.first?.region == .adequate)
    }

    @Test(arguments: Backend.allCases)
    func anEmptyLedgerVerifies(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let report = try Ledger.create(at: scratch.path).verify()
        #expect(report.isIntact)
        #expect(report.entriesChecked == 0)
        #expect(report.tipHash == nil)
    }
}
