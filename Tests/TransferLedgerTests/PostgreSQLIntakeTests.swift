import Foundation
import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import LedgerPostgreSQL
@testable import LedgerStorage
@testable import TransferLedger

/// Single appends while another writer holds the tip (FORMAT.md §6.2): the transfer waits in the
/// intake, is sequenced once the tip is free, and its receipt, refusal or duplicate is exactly what
/// a direct append would have given.
@Suite struct PostgreSQLIntakeTests {
    /// What a `record` on another thread ended with.
    final class Outcome: @unchecked Sendable {
        // Written by the recording thread before `done` is signalled, read after.
        var receipt: Receipt?
        var error: LedgerError?
        let done = DispatchSemaphore(value: 0)
    }

    /// Records `transfer` on a connection of its own, on another thread, while the test holds the tip.
    static func recordElsewhere(_ transfer: Transfer, uri: String) -> Outcome {
        let outcome = Outcome()
        Thread {
            do throws(LedgerError) {
                outcome.receipt = try Ledger(path: uri).record(transfer)
            } catch {
                outcome.error = error
            }
            outcome.done.signal()
        }.start()
        return outcome
    }

    /// Holds the tip's advisory lock (FORMAT.md §6.1) as another writer would, until the transfer
    /// given to `record` waits in the intake; then lets go and returns how the record ended.
    static func whileTheTipIsHeld(_ database: PostgresTestDatabase, record transfer: Transfer) throws -> (Outcome, intakeRows: Int) {
        let admin = try database.admin()
        try admin.execute("SELECT pg_advisory_lock(1414285138, 1)")
        let outcome = recordElsewhere(transfer, uri: database.uri)
        let waiting = try awaitPendingRow(admin)
        try admin.execute("SELECT pg_advisory_unlock(1414285138, 1)")
        outcome.done.wait()
        return (outcome, waiting)
    }

    /// The number of intake rows without an outcome, once there is one (or after ten seconds).
    static func awaitPendingRow(_ admin: PostgresAdminConnection) throws -> Int {
        var waiting = 0
        for _ in 0..<2_000 where waiting == 0 {
            waiting = Int(try admin.rows("SELECT count(*) FROM intake i WHERE NOT EXISTS (SELECT 1 FROM intake_outcome o WHERE o.intake_id = i.id)").first?.first??.description ?? "0") ?? 0
            if waiting == 0 { usleep(5_000) }
        }
        return waiting
    }

    @Test func aRecordWaitsInTheIntakeAndIsSequencedOnceTheTipIsFree() throws {
        let database = try PostgresServer.database()
        defer { database.drop() }
        let ledger = try Ledger.create(at: database.uri)
        let first = try ledger.record(Fixture.transfer(key: "direct"))
        #expect(first.seq == 0)

        let (outcome, waiting) = try Self.whileTheTipIsHeld(database, record: Fixture.transfer(key: "queued", at: "2026-03-03T10:00:00Z"))
        #expect(waiting == 1, "the transfer did not wait in the intake")
        let receipt = try #require(outcome.receipt, "\(String(describing: outcome.error))")
        #expect(receipt.seq == 1 && !receipt.duplicate && receipt.idempotencyKey == "queued")
        #expect(try ledger.entry(at: 1).hash == receipt.hash)
        let outcomes = try database.admin().rows("SELECT seq, duplicate FROM intake_outcome")
        #expect(outcomes == [["1", "f"]])
        #expect(try ledger.verify().isIntact)
    }

    /// The intake keeps the submitted JSON, notes included: erasing the entry deletes that copy too
    /// (and its outcome), and nothing else in the intake can be deleted.
    @Test func erasingAnEntryDeletesItsIntakeCopy() throws {
        let database = try PostgresServer.database()
        defer { database.drop() }
        let ledger = try Ledger.create(at: database.uri)
        try ledger.record(Fixture.transfer(key: "direct"))
        var queued = Fixture.transfer(key: "queued", at: "2026-03-03T10:00:00Z")
        queued.notes = "ZQXJ-INTAKE-7731"
        let (outcome, waiting) = try Self.whileTheTipIsHeld(database, record: queued)
        #expect(waiting == 1, "the transfer did not wait in the intake")
        let seq = try #require(outcome.receipt?.seq)
        let admin = try database.admin()
        #expect(try admin.rows("SELECT count(*) FROM intake WHERE strpos(transfer, 'ZQXJ-INTAKE-7731') > 0") == [["1"]])

        _ = try ledger.erase(ErasureRequest(.entries([seq]), reason: .art17Request))
        #expect(try admin.rows("SELECT count(*) FROM intake WHERE strpos(transfer, 'ZQXJ-INTAKE-7731') > 0") == [["0"]])
        #expect(try admin.rows("SELECT count(*) FROM intake_outcome") == [["0"]])
        #expect(try ledger.verify().isIntact)
    }

    @Test func aQueuedDuplicateOrConflictGetsWhatADirectAppendWouldGet() throws {
        let database = try PostgresServer.database()
        defer { database.drop() }
        let ledger = try Ledger.create(at: database.uri)
        let original = Fixture.transfer(key: "same")
        let recorded = try ledger.record(original)

        let (again, _) = try Self.whileTheTipIsHeld(database, record: original)
        #expect(again.receipt == Receipt(seq: recorded.seq, hash: recorded.hash, recordedAt: recorded.recordedAt,
                                        idempotencyKey: "same", duplicate: true, verdict: recorded.verdict))

        let (conflict, _) = try Self.whileTheTipIsHeld(database, record: Fixture.transfer(key: "same", destination: "US"))
        guard case .rejected(let error)? = conflict.error else {
            Issue.record("expected a rejection, got \(String(describing: conflict.receipt)) \(String(describing: conflict.error))")
            return
        }
        #expect(error.rule == .idempotencyConflict && error.field == "idempotencyKey" && error.record == 1)
        #expect(try ledger.entryCount() == 1)
        #expect(try ledger.verify().isIntact)
    }

    @Test func aSequencerThatDiesStrandsNoRow() throws {
        let database = try PostgresServer.database()
        defer { database.drop() }
        let ledger = try Ledger.create(at: database.uri)
        _ = try ledger.record(Fixture.transfer(key: "direct"))
        // Another writer holds the tip, and another is the intake's sequencer (FORMAT.md §6.2).
        let tipHolder = try database.admin()
        try tipHolder.execute("SELECT pg_advisory_lock(1414285138, 1)")
        var sequencer: PostgresAdminConnection? = try database.admin()
        try sequencer?.execute("SELECT pg_advisory_lock(1414285138, 2)")

        let outcome = Self.recordElsewhere(Fixture.transfer(key: "queued", at: "2026-03-03T10:00:00Z"), uri: database.uri)
        #expect(try Self.awaitPendingRow(tipHolder) == 1, "the transfer did not wait in the intake")
        try tipHolder.execute("SELECT pg_advisory_unlock(1414285138, 1)")
        // The sequencer's process dies without a word: its claim ends with its session, and the
        // waiting writer, hearing nothing, claims the role itself.
        sequencer = nil
        #expect(outcome.done.wait(timeout: .now() + 60) == .success, "the row was stranded in the intake")
        let receipt = try #require(outcome.receipt, "\(String(describing: outcome.error))")
        #expect(receipt.seq == 1 && receipt.idempotencyKey == "queued")
        #expect(try ledger.entry(at: 1).hash == receipt.hash)
        #expect(try ledger.verify().isIntact)
    }

    @Test func manyWritersShareSequencingsAndEveryReceiptIsInTheChain() throws {
        let database = try PostgresServer.database()
        defer { database.drop() }
        let ledger = try Ledger.create(at: database.uri)
        let writers = 8, each = 6
        let outcomes = (0..<writers).map { writer in
            (0..<each).map { index in
                Self.recordElsewhere(Fixture.transfer(key: "w\(writer)-\(index)", at: "2026-03-03T10:00:00Z"), uri: database.uri)
            }
        }.joined().map { $0 }
        for outcome in outcomes { #expect(outcome.done.wait(timeout: .now() + 120) == .success) }
        let receipts = outcomes.compactMap(\.receipt)
        #expect(receipts.count == writers * each, "\(outcomes.compactMap(\.error))")
        #expect(Set(receipts.map(\.seq)) == Set(0..<UInt64(writers * each)))
        for receipt in receipts { #expect(try ledger.entry(at: receipt.seq).hash == receipt.hash) }
        // Those that waited were sequenced through the intake, each with its outcome.
        let decided = try database.admin().rows("SELECT count(*) FROM intake_outcome").first?.first??.description
        let submitted = try database.admin().rows("SELECT count(*) FROM intake").first?.first??.description
        #expect(decided == submitted)
        #expect(try ledger.verify().isIntact)
    }

    @Test func aWriterWhoseTipMovedAppendsOnTheTipThatIs() throws {
        let database = try PostgresServer.database()
        defer { database.drop() }
        let first = try Ledger.create(at: database.uri)
        let second = try Ledger(path: database.uri)
        // Each writer's last write left a tip the other has since extended: every append after the
        // first is refused its link by the database and made again on the tip read.
        var receipts: [Receipt] = []
        for index in 0..<3 {
            receipts.append(try first.record(Fixture.transfer(key: "first-\(index)")))
            receipts.append(try second.record(Fixture.transfer(key: "second-\(index)")))
        }
        #expect(receipts.map(\.seq) == Array(0..<6))
        for receipt in receipts { #expect(try first.entry(at: receipt.seq).hash == receipt.hash) }
        // A lone writer appends on the tip it left; a duplicate on it is still a duplicate.
        let again = try first.record(Fixture.transfer(key: "second-2"))
        #expect(again.duplicate && again.seq == 5)
        #expect(try first.record(Fixture.transfer(key: "first-3")).seq == 6)
        #expect(try second.verify().isIntact)
    }

    /// The intake keeps a copy of each contended transfer only while its submitter may wait for it:
    /// rows submitted more than ten minutes ago are deleted with their outcomes (by the writer role,
    /// through `ledger_prune_intake()`), younger ones by no one.
    @Test func theIntakeIsPrunedOfRowsNoOneCanStillWaitFor() throws {
        let roles = try PostgreSQLLedgerDatabase()
        defer { roles.drop() }
        let ledger = try Ledger(path: roles.writerURI)
        _ = try ledger.record(Fixture.transfer(key: "direct"))
        for key in ["old", "young"] {
            let (outcome, _) = try Self.whileTheTipIsHeld(roles.database, record: Fixture.transfer(key: key, at: "2026-03-03T10:00:00Z"))
            #expect(outcome.receipt?.idempotencyKey == key, "\(String(describing: outcome.error))")
        }
        let admin = try roles.database.admin()
        let ids = try admin.rows("SELECT id FROM intake ORDER BY id").compactMap { $0.first.flatMap { $0 }.flatMap { Int64($0) } }
        try #require(ids.count == 2)

        // Young rows: the prune finds nothing, and no role may delete them by hand.
        let writer = try PostgresConnection(uri: roles.writerURI)
        #expect(try writer.statement("SELECT ledger_prune_intake()").firstRow { $0.int64(0) } == 0)
        for uri in [roles.ownerURI, roles.writerURI] {
            #expect(throws: PostgresError.self) { try PostgresConnection(uri: uri).execute("DELETE FROM intake_outcome") }
            #expect(throws: PostgresError.self) { try PostgresConnection(uri: uri).execute("DELETE FROM intake") }
        }

        // The first row ages past ten minutes (an owner's edit with the update trigger off).
        try admin.execute("""
            ALTER TABLE intake DISABLE TRIGGER intake_no_update;
            UPDATE intake SET submitted_at = submitted_at - interval '11 minutes' WHERE id = \(ids[0]);
            ALTER TABLE intake ENABLE TRIGGER intake_no_update
            """)
        #expect(try writer.statement("SELECT ledger_prune_intake()").firstRow { $0.int64(0) } == 1)
        #expect(try admin.rows("SELECT id FROM intake") == [["\(ids[1])"]])
        #expect(try admin.rows("SELECT intake_id FROM intake_outcome") == [["\(ids[1])"]])
        // A submitter that comes back for the pruned row learns it is gone, not that it is pending.
        let store = try PostgresStore(uri: roles.writerURI, readOnly: false, creation: .never)
        guard case .pruned = try store.poll(ids[0], claiming: true) else { Issue.record("the pruned row was not reported as pruned"); return }
        // The chain is untouched, and the schema (replaced triggers, new functions) is as migrated.
        #expect(try ledger.entryCount() == 3)
        #expect(try Ledger(path: roles.ownerURI, readOnly: true).verify().isIntact)
    }
}
