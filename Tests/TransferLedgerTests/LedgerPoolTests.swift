import Dispatch
import LedgerTestSupport
import Synchronization
import Testing
@testable import TransferLedger

/// `LedgerPool`, the `Sendable` async front door: concurrent writers through one connection, readers
/// streaming while writes go on, cancellation, on both backends.
@Suite struct LedgerPoolTests {
    static let tasks = 8
    static let recordsPerTask = 12

    /// A pool on a new ledger holding the fixture registry, and how many entries that registry took.
    static func pool(at scratch: ScratchLedger, logHandler: LedgerLogHandler? = nil) async throws -> (LedgerPool, UInt64) {
        let pool = try LedgerPool(path: scratch.path, readers: 3, createIfMissing: true, logHandler: logHandler)
        let facts = try await pool.register(Fixture.registryFacts())
        return (pool, UInt64(facts.count))
    }

    @Test(arguments: Backend.allCases)
    func eightTasksRecordingAtOnceLeaveExactlyTheirEntriesInAVerifyingChain(_ backend: Backend) async throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let (pool, facts) = try await Self.pool(at: scratch)

        let receipts = try await withThrowingTaskGroup(of: [Receipt].self) { group in
            for task in 0..<Self.tasks {
                group.addTask {
                    var receipts: [Receipt] = []
                    for transfer in Fixture.transfers(Self.recordsPerTask, prefix: "task-\(task)").map(Fixture.compliant) {
                        receipts.append(try await pool.record(transfer))
                    }
                    return receipts
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }

        let total = UInt64(Self.tasks * Self.recordsPerTask)
        #expect(Set(receipts.map(\.seq)) == Set(facts..<facts + total))
        #expect(receipts.allSatisfy { !$0.duplicate && $0.verdict?.status == .compliant })
        #expect(try await pool.entryCount() == facts + total)
        var keys: Set<String> = []
        for try await recorded in pool.transfers(matching: TransferQuery()) { keys.insert(recorded.transfer.idempotencyKey) }
        let expected = (0..<Self.tasks).flatMap { task in (0..<Self.recordsPerTask).map { "task-\(task)-\($0)" } }
        #expect(keys == Set(expected))
        let report = try await pool.verify()
        #expect(report.isIntact, "\(report.problems)")
    }

    @Test(arguments: Backend.allCases)
    func theSequenceReturnsWhatTheSynchronousQueryReturnsWhateverThePageSize(_ backend: Backend) async throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        // Several transfers share an occurredAt: pages must continue by sequence number within one.
        try Ledger.openOrCreate(at: scratch.path).record(contentsOf: QueryTests.transfers + Fixture.transfers(20, prefix: "more"))
        let ledger = try Ledger(path: scratch.path, readOnly: true)
        let pool = try LedgerPool(path: scratch.path, readers: 2)

        var queries = [TransferQuery()]
        var limited = TransferQuery()
        limited.limit = 9
        queries.append(limited)
        var none = TransferQuery()
        none.limit = 0
        queries.append(none)
        var filtered = TransferQuery()
        filtered.destination = "IN"
        queries.append(filtered)
        for query in queries {
            let expected = try ledger.transfers(matching: query)
            for pageSize in [1, 2, 3, 256] {
                var streamed: [RecordedTransfer] = []
                for try await recorded in pool.transfers(matching: query, pageSize: pageSize) { streamed.append(recorded) }
                #expect(streamed == expected, "page size \(pageSize), query \(query)")
            }
        }
        #expect(try ledger.transfers(matching: TransferQuery()).count == QueryTests.transfers.count + 20)
    }

    @Test(arguments: Backend.allCases)
    func readersStreamWhileTheWriterAppends(_ backend: Backend) async throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let (pool, _) = try await Self.pool(at: scratch)
        let before = Fixture.transfers(60, prefix: "before").map(Fixture.compliant)
        try await pool.record(contentsOf: before)
        // What a reader must see whatever the writer does meanwhile: the transfers of March 2026,
        // which every later append falls after.
        var query = TransferQuery()
        query.occurredBefore = Fixture.time("2026-04-01T00:00:00Z")
        let march = query
        let expected = before.map(\.idempotencyKey)

        let later = (0..<40).map { index in
            var transfer = Fixture.compliant(Fixture.transfer(key: "later-\(index)"))
            transfer.occurredAt = Fixture.time("2026-05-01T00:00:00Z")
            return transfer
        }
        let (seen, written) = try await withThrowingTaskGroup(of: ([[String]], Int).self) { group in
            group.addTask {
                for transfer in later { try await pool.record(transfer) }
                return ([], later.count)
            }
            for _ in 0..<3 {
                group.addTask {
                    var keys: [String] = []
                    for try await recorded in pool.transfers(matching: march, pageSize: 5) { keys.append(recorded.transfer.idempotencyKey) }
                    return ([keys], 0)
                }
            }
            return try await group.reduce(into: ([[String]](), 0)) { $0.0 += $1.0; $0.1 += $1.1 }
        }
        #expect(written == later.count)
        #expect(seen.count == 3)
        for keys in seen { #expect(keys == expected) }
        var all: [String] = []
        for try await recorded in pool.transfers(matching: TransferQuery()) { all.append(recorded.transfer.idempotencyKey) }
        #expect(all == expected + later.map(\.idempotencyKey))
        #expect(try await pool.verify().isIntact)
    }

    @Test(arguments: Backend.allCases)
    func aTaskCancelledBeforeItsWriteStartsWritesNothing(_ backend: Backend) async throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let (pool, facts) = try await Self.pool(at: scratch)
        let transfer = Fixture.compliant(Fixture.transfer(key: "cancelled"))
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await pool.record(transfer)
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        let reads = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            for try await _ in pool.transfers(matching: TransferQuery()) {}
        }
        await #expect(throws: CancellationError.self) { try await reads.value }
        #expect(try await pool.entryCount() == facts)
        // The pool still serves the next caller.
        #expect(try await pool.record(transfer).seq == facts)
    }

    @Test(arguments: Backend.allCases)
    func aWriteThatHasStartedCompletesWhenItsTaskIsCancelled(_ backend: Backend) async throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let (pool, facts) = try await Self.pool(at: scratch)
        let transfer = Fixture.compliant(Fixture.transfer(key: "started"))
        let gate = DispatchSemaphore(value: 0)
        let (started, starting) = AsyncStream.makeStream(of: Void.self)
        let task = Task {
            try await pool.write { ledger in
                starting.yield()
                gate.wait()      // on the writer's own thread: the test cancels the task meanwhile
                return try ledger.record(transfer)
            }
        }
        var iterator = started.makeAsyncIterator()
        _ = await iterator.next()
        task.cancel()
        gate.signal()
        let receipt = try await task.value
        #expect(receipt.seq == facts)
        #expect(try await pool.entry(at: facts).hash == receipt.hash)
    }

    @Test func aReadCancelledWhileEveryReaderIsLentStopsWaiting() async throws {
        let scratch = try Backend.sqlite.makeLocation()
        defer { scratch.remove() }
        let pool = try LedgerPool(path: scratch.path, readers: 1, createIfMissing: true)
        let gate = DispatchSemaphore(value: 0)
        let (started, starting) = AsyncStream.makeStream(of: Void.self)
        let holder = Task {
            try await pool.read { ledger in
                starting.yield()
                gate.wait()      // the only reader stays lent until the waiting read has given up
                return try ledger.entryCount()
            }
        }
        var iterator = started.makeAsyncIterator()
        _ = await iterator.next()
        let waiter = Task { try await pool.entryCount() }
        while pool.readsWaiting == 0 { await Task.yield() }     // cancelled while it waits, not before
        waiter.cancel()
        // The waiter must end while the reader is still lent; a pool that kept it waiting would make it
        // wait for the gate, which only a generous liveness bound then opens.
        let outcome = await withTaskGroup(of: String?.self) { group in
            group.addTask {
                do {
                    _ = try await waiter.value
                    return "returned a count"
                } catch {
                    return error is CancellationError ? nil : "\(error)"
                }
            }
            group.addTask {
                guard (try? await Task.sleep(for: .seconds(60))) != nil else { return nil }
                gate.signal()
                return "still waiting for the lent reader after 60 s"
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        #expect(outcome == nil)
        if outcome == nil { gate.signal() }
        #expect(try await holder.value == 0)
        #expect(try await pool.entryCount() == 0)
    }

    @Test(arguments: Backend.allCases)
    func theLogHandlerHearsATransferRecordedAlthoughItBreaksARule(_ backend: Backend) async throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let events = EventLog()
        let (pool, facts) = try await Self.pool(at: scratch, logHandler: events.handler)
        try await pool.record(Fixture.compliant(Fixture.transfer(key: "fine")))
        #expect(events.all.isEmpty, "a compliant transfer is nothing to report: \(events.all)")

        // No SCC cited: the transfer is recorded, non-compliant, and the service's logger hears of it.
        let broken = Fixture.transfer(key: "broken")
        let receipt = try await pool.record(broken)
        #expect(receipt.verdict?.status == .nonCompliant)
        let warning = try #require(events.all.first)
        #expect(events.all.count == 1)
        #expect(warning.level == .warning)
        #expect(warning.metadata["seq"] == String(facts + 1))
        #expect(warning.metadata["idempotencyKey"] == "broken")
        #expect(warning.metadata["status"] == "nonCompliant")
        #expect(warning.message.contains("entry \(facts + 1)"))

        // The synchronous API takes the same handler; a duplicate is worth a line too.
        let ledger = try Ledger(path: scratch.path)
        ledger.logHandler = events.handler
        #expect(try ledger.record(broken).duplicate)
        #expect(events.all.count == 2)
        #expect(events.all.last?.level == .info)
        #expect(events.all.last?.metadata["seq"] == String(facts + 1))
    }

    @Test func levelsOrderAsSwiftLogsDo() {
        #expect(LedgerLogLevel.allCases.map(\.rawValue) == ["trace", "debug", "info", "notice", "warning", "error", "critical"])
        #expect(LedgerLogLevel.debug < .warning && !(LedgerLogLevel.error < .notice))
        let event = LedgerLogEvent(level: .warning, message: "m", metadata: ["seq": "4", "a": "b"])
        #expect(event.description == "warning: m a=b seq=4")
    }

    @Test func aPoolWithoutReadersOrAWriterRefusesWhatItCannotDo() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("pool.ledger")
        #expect(throws: LedgerError.self) { try LedgerPool(path: path, readers: 0, createIfMissing: true) }
        #expect(throws: LedgerError.self) { try LedgerPool(path: path) }     // no ledger there, none created
        _ = try LedgerPool(path: path, createIfMissing: true)
        let readOnly = try LedgerPool(path: path, readOnly: true)
        await #expect(throws: LedgerError.self) { try await readOnly.record(Fixture.transfer(key: "nope")) }
        #expect(try await readOnly.entryCount() == 0)
    }
}

/// The events a log handler heard, in order.
final class EventLog: Sendable {
    private let events = Mutex<[LedgerLogEvent]>([])

    var handler: LedgerLogHandler {
        { event in self.events.withLock { $0.append(event) } }
    }

    var all: [LedgerLogEvent] { events.withLock { $0 } }
}
