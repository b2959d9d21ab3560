import Foundation
import Synchronization
import TransferLedger

// MARK: - 8. The async layer (LedgerPool) against the synchronous API

/// What `LedgerPool` costs over `Ledger`, measured in the same run on the same transfers:
/// (a) one entry per durable transaction, awaited one after another from one task;
/// (b) the same entries recorded by 8 concurrent tasks (`withThrowingTaskGroup`), as a service would;
/// (c) batched appends of `--batch` transfers.
/// Each compares against the synchronous calls on a twin copy of the same ledger, the sides
/// alternating in chunks so that both see the same neighbour I/O, as the single-append figure does.
func benchmarkAsync(_ run: Run) throws {
    try run.ensurePrefilled()
    guard let prefilled = run.prefilled else { return }
    let options = run.options
    let transfers = Array(run.tail.prefix(options.singleN))
    let count = transfers.count
    let chunk = 100
    let tasks = 8

    var sequential = Comparison(), concurrent = Comparison(), connections = Comparison()
    for rep in 0..<options.reps {
        let syncPath = run.scratch.path("async-sync.ledger"), sequentialPath = run.scratch.path("async-seq.ledger")
        let concurrentPath = run.scratch.path("async-tasks.ledger"), connectionsPath = run.scratch.path("async-threads.ledger")
        let paths = [syncPath, sequentialPath, concurrentPath, connectionsPath]
        for path in paths { run.scratch.copyDatabase(prefilled, to: path) }
        settle()
        do {
            let ledger = try Ledger(path: syncPath)
            let sequentialPool = try LedgerPool(path: sequentialPath, readers: 1)
            let concurrentPool = try LedgerPool(path: concurrentPath, readers: 1)
            // What a service did before the pool: a Ledger per thread, each appending in its own
            // transactions, the threads meeting at SQLite's write lock.
            let perThread = ThreadLedgers(path: connectionsPath, count: tasks)
            var start = 0
            while start < count {
                let slice = Array(transfers[start..<min(start + chunk, count)])
                // Four sides, rotated, so that none always follows the same neighbour.
                let sides: [() throws -> Void] = [
                    { sequential.baseline += try timeWithCPU { for transfer in slice { try ledger.record(transfer) } } },
                    { sequential.async += try timeWithCPU { try awaitOnThisThread { for transfer in slice { try await sequentialPool.record(transfer) } } } },
                    { concurrent.async += try timeWithCPU { try awaitOnThisThread { try await recordConcurrently(slice, tasks: tasks, into: concurrentPool) } } },
                    { connections.baseline += try timeWithCPU { try perThread.record(slice) } },
                ]
                for index in 0..<sides.count { try sides[(index + start / chunk + rep) % sides.count]() }
                start += chunk
            }
            let expected = UInt64(run.firstTransferSeq + options.n + count)
            for pool in [sequentialPool, concurrentPool] {
                let entries = try awaitOnThisThread { try await pool.entryCount() }
                guard entries == expected else { fail("the async ledger holds \(entries) entries, not \(expected)") }
            }
            guard try ledger.entryCount() == expected, try Ledger(path: connectionsPath).entryCount() == expected else {
                fail("a synchronous ledger does not hold \(expected) entries")
            }
            connections.async = concurrent.async
            sequential.finishRep(count)
            concurrent.baselineRates.append(sequential.baselineRates.last!)
            concurrent.baselineCPU.append(sequential.baselineCPU.last!)
            concurrent.finishRep(count)
            connections.finishRep(count)
            log("async rep \(rep + 1): sync \(rate(sequential.baselineRates.last!)), async one task \(rate(sequential.asyncRates.last!)), "
                + "async \(tasks) tasks \(rate(concurrent.asyncRates.last!)), \(tasks) threads with a Ledger each \(rate(connections.baselineRates.last!))")
        }
        for path in paths { run.scratch.removeDatabase(path) }
    }

    // Batched: fresh ledgers holding the registry, `--batch` transfers per call, sides alternating by rep.
    let bulkCount = min(options.n, 20_000)
    let batches = stride(from: 0, to: bulkCount, by: options.batch).map { Array(run.bulk[$0..<min($0 + options.batch, bulkCount)]) }
    var batched = Comparison()
    for rep in 0..<options.reps {
        let syncPath = run.scratch.path("async-batch-sync.ledger"), asyncPath = run.scratch.path("async-batch.ledger")
        let ledger = try run.createLedger(at: syncPath)
        _ = try run.createLedger(at: asyncPath)
        let pool = try LedgerPool(path: asyncPath, readers: 1)
        settle()
        let syncSide = { batched.baseline += try timeWithCPU { for batch in batches { try ledger.record(contentsOf: batch) } } }
        let asyncSide = { batched.async += try timeWithCPU { try awaitOnThisThread { for batch in batches { try await pool.record(contentsOf: batch) } } } }
        if rep % 2 == 0 { try syncSide(); try asyncSide() } else { try asyncSide(); try syncSide() }
        batched.finishRep(bulkCount)
        log("async batched rep \(rep + 1): sync \(rate(batched.baselineRates.last!)), async \(rate(batched.asyncRates.last!))")
        for path in [syncPath, asyncPath] { run.scratch.removeDatabase(path) }
    }

    // The layer's own cost, without a commit's fsync to hide it: one read round trip, entry(at:).
    var roundTrip = Comparison()
    let calls = 2_000
    do {
        let ledger = try Ledger(path: prefilled, readOnly: true)
        let pool = try LedgerPool(path: prefilled, readOnly: true)
        let seqs = (0..<calls).map { UInt64($0 * 7919 % options.n) }
        for rep in 0..<options.reps {
            let syncSide = { roundTrip.baseline += try timeWithCPU { for seq in seqs { _ = try ledger.entry(at: seq) } } }
            let asyncSide = { roundTrip.async += try timeWithCPU { try awaitOnThisThread { for seq in seqs { _ = try await pool.entry(at: seq) } } } }
            if rep % 2 == 0 { try syncSide(); try asyncSide() } else { try asyncSide(); try syncSide() }
            roundTrip.finishRep(calls)
        }
    }

    report(sequential, figure: "8a. async record, one task, \(count) onto N=\(options.n)", key: "async_single", goal: 0.90)
    report(concurrent, figure: "8b. async record, \(tasks) tasks, \(count) onto N=\(options.n)", key: "async_tasks", goal: 0.90)
    report(connections, figure: "8b'. async, \(tasks) tasks vs \(tasks) threads with a Ledger each", key: "async_tasks_vs_threads",
           goal: 1.0, baselineName: "\(tasks) sync Ledgers")
    report(batched, figure: "8c. async record(contentsOf:), \(bulkCount) in batches of \(options.batch)", key: "async_batched", goal: 0.95)
    report(roundTrip, figure: "8d. async entry(at:), \(calls) calls, N=\(options.n)", key: "async_round_trip", goal: nil)
    notes.append(String(format: "async layer, per call: entry(at:) %.1f µs async vs %.1f µs sync (+%.1f µs wall, CPU %.1f vs %.1f µs); "
                        + "one durable record %.0f vs %.0f µs wall (CPU %.0f vs %.0f µs); %d tasks at once %.0f µs/entry",
                        roundTrip.asyncMicroseconds, roundTrip.baselineMicroseconds, roundTrip.asyncMicroseconds - roundTrip.baselineMicroseconds,
                        roundTrip.asyncCPUMicroseconds, roundTrip.baselineCPUMicroseconds,
                        sequential.asyncMicroseconds, sequential.baselineMicroseconds, sequential.asyncCPUMicroseconds, sequential.baselineCPUMicroseconds,
                        tasks, concurrent.asyncMicroseconds))
}

/// Rates and CPU costs of one figure's two sides, rep by rep; the current rep's time accumulates
/// chunk by chunk.
private struct Comparison {
    var baseline = (wall: 0.0, cpu: 0.0), async = (wall: 0.0, cpu: 0.0)
    var baselineRates: [Double] = [], asyncRates: [Double] = []
    /// CPU (user + system) µs per call.
    var baselineCPU: [Double] = [], asyncCPU: [Double] = []

    var baselineSample: Sample { Sample(values: baselineRates) }
    var asyncSample: Sample { Sample(values: asyncRates) }
    /// Median wall µs per call.
    var baselineMicroseconds: Double { 1e6 / baselineSample.median }
    var asyncMicroseconds: Double { 1e6 / asyncSample.median }
    var baselineCPUMicroseconds: Double { Sample(values: baselineCPU).median }
    var asyncCPUMicroseconds: Double { Sample(values: asyncCPU).median }

    /// Closes a rep of `count` calls a side (a side with no time of its own keeps the figures given it).
    mutating func finishRep(_ count: Int) {
        if baseline.wall > 0 {
            baselineRates.append(Double(count) / baseline.wall)
            baselineCPU.append(baseline.cpu / Double(count) * 1e6)
        }
        asyncRates.append(Double(count) / async.wall)
        asyncCPU.append(async.cpu / Double(count) * 1e6)
        baseline = (0, 0)
        async = (0, 0)
    }
}

private func += (total: inout (wall: Double, cpu: Double), time: (wall: Double, cpu: Double)) {
    total = (total.wall + time.wall, total.cpu + time.cpu)
}

private func report(_ comparison: Comparison, figure: String, key: String, goal: Double?, baselineName: String = "sync Ledger") {
    let ratioValue = comparison.asyncSample.median / comparison.baselineSample.median
    table.append(Line(figure: figure, ledger: comparison.asyncSample.describe(rate), baseline: comparison.baselineSample.describe(rate),
                      baselineName: baselineName, ratio: ratioValue, goal: goal.map { String(format: "≥ %.2f", $0) } ?? "–",
                      met: goal.map { ratioValue >= $0 }))
    result(key + "_async_per_s", comparison.asyncSample)
    result(key + "_sync_per_s", comparison.baselineSample)
    result(key + "_ratio", ratioValue, digits: 3)
    result(key + "_async_cpu_us", comparison.asyncCPUMicroseconds, digits: 2)
    result(key + "_sync_cpu_us", comparison.baselineCPUMicroseconds, digits: 2)
}

/// `transfers` recorded by `tasks` child tasks at once, each awaiting its share one by one.
private func recordConcurrently(_ transfers: [Transfer], tasks: Int, into pool: LedgerPool) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        for task in 0..<tasks {
            let share = stride(from: task, to: transfers.count, by: tasks).map { transfers[$0] }
            group.addTask { for transfer in share { try await pool.record(transfer) } }
        }
        try await group.waitForAll()
    }
}

/// One `Ledger` per thread on the same file, each thread recording its share of a slice, one entry
/// per transaction.
private final class ThreadLedgers: @unchecked Sendable {
    // Ledger `i` is used by the `i`th thread of a slice only, one slice at a time: each
    // connection stays on one thread at a time, as `Ledger` requires; hence the unchecked Sendable.
    private let ledgers: [Ledger]
    private let failure = Mutex<(any Error)?>(nil)

    init(path: String, count: Int) {
        do {
            ledgers = try (0..<count).map { _ in try Ledger(path: path) }
        } catch {
            fail("cannot open \(path): \(error)")
        }
    }

    /// Records `slice` from one thread per ledger (real threads: `concurrentPerform` would run only
    /// as many at once as there are cores), returning when all are done.
    func record(_ slice: [Transfer]) throws {
        let done = DispatchGroup()
        for thread in ledgers.indices {
            done.enter()
            Thread {
                do {
                    for index in stride(from: thread, to: slice.count, by: self.ledgers.count) { try self.ledgers[thread].record(slice[index]) }
                } catch {
                    self.failure.withLock { $0 = error }
                }
                done.leave()
            }.start()
        }
        done.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }
}

/// Runs `body` in a task and blocks this thread until it ends: the benchmark's main thread, which is
/// not one of the cooperative pool's, so the pool stays free to run the task.
private func awaitOnThisThread<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = Mutex<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        do {
            let value = try await body()
            outcome.withLock { $0 = .success(value) }
        } catch {
            outcome.withLock { $0 = .failure(error) }
        }
        done.signal()
    }
    done.wait()
    return try outcome.withLock { $0! }.get()
}
