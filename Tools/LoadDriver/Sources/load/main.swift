import LedgerSample
import Foundation
import LoadPQ
import TransferLedger

/// Runs `writers` threads at once, each calling `work(writer)`, and returns the wall time in seconds.
/// Threads of their own: `concurrentPerform` would run only as many at once as there are cores, and
/// writers spend most of their time waiting for the server.
func concurrently(_ writers: Int, _ work: @escaping @Sendable (Int) -> Void) -> Double {
    let done = DispatchGroup()
    let start = DispatchTime.now()
    for writer in 0..<writers {
        done.enter()
        Thread { work(writer); done.leave() }.start()
    }
    done.wait()
    return Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

/// One writer's single-transfer appends through the library, each `record` its own durable call: the
/// aggregate rate, and the p50 and p99 of one `record`'s wall time in ms.
func ledgerRun(db: String, writers: Int, count: Int, run: String) -> (perSecond: Double, p50: Double, p99: Double) {
    let transfers = SampleGroup.transfers(count: writers * count, endingAt: SampleGroup.yearEnd)
    let failures = Failures()
    let latencies = Latencies()
    let seconds = concurrently(writers) { writer in
        do {
            let ledger = try Ledger(path: db)
            var own: [Double] = []
            for index in 0..<count {
                var transfer = transfers[writer * count + index]
                transfer.idempotencyKey = "load-r\(run)-w\(writers)-n\(writer)-i\(index)"
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try ledger.record(transfer)
                own.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            latencies.add(own)
        } catch {
            failures.add("writer \(writer): \(error)")
        }
    }
    failures.exitIfAny()
    let (p50, p99) = latencies.percentiles()
    return (Double(writers * count) / seconds, p50, p99)
}

/// The raw baseline: the same number of one-row durable transactions through libpq, a payload of the
/// size of a transfer entry's, into a table with a primary key and no trigger.
func rawRun(db: String, writers: Int, count: Int) -> Double {
    let failures = Failures()
    let seconds = concurrently(writers) { writer in
        guard let connection = PQconnectdb(db), PQstatus(connection) == CONNECTION_OK else {
            failures.add("raw writer \(writer) cannot connect")
            return
        }
        defer { PQfinish(connection) }
        let payload = strdup(String(repeating: "x", count: 1_500))
        defer { free(payload) }
        var values: [UnsafePointer<CChar>?] = [UnsafePointer(payload)]
        for _ in 0..<count {
            let result = PQexecParams(connection, "INSERT INTO load_baseline.raw (payload) VALUES ($1)", 1, nil, &values, nil, nil, 0)
            if PQresultStatus(result) != PGRES_COMMAND_OK { failures.add("raw insert: \(String(cString: PQerrorMessage(connection)))") }
            PQclear(result)
        }
    }
    failures.exitIfAny()
    return Double(writers * count) / seconds
}

/// CPU seconds (user and system) used so far by this process, and by the server whose backend
/// `connection` talks to: its postmaster, the children it has reaped (backends that ended) and the
/// ones alive (backends, WAL writer, checkpointer). CPU per transfer, unlike a rate, does not depend
/// on what else the machine runs.
enum CPUTimes {
    static func client() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Reads /proc, which costs this process CPU: read it outside what `client()` measures.
    static func server(postmaster: Int32) -> Double {
        var ticks = stat(postmaster, fields: 14...17)
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap { Int32($0) } ?? []
        for pid in pids where stat(pid, fields: 4...4).first == Double(postmaster) { ticks += stat(pid, fields: 14...15) }
        return ticks.reduce(0, +) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Fields of /proc/PID/stat, numbered as proc(5) numbers them (4 the parent, 14 to 17 the times).
    private static func stat(_ pid: Int32, fields: ClosedRange<Int>) -> [Double] {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return [] }
        let values = text[text.index(after: close)...].split(separator: " ")
        return fields.compactMap { $0 - 3 < values.count ? Double(values[$0 - 3]) : nil }
    }
}

/// Every writer's `record` wall times, in ms.
final class Latencies: @unchecked Sendable {
    // Guarded by `lock`; written from the writer threads.
    private var values: [Double] = []
    private let lock = NSLock()
    func add(_ more: [Double]) { lock.lock(); values += more; lock.unlock() }
    func percentiles() -> (p50: Double, p99: Double) {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return (0, 0) }
        return (sorted[sorted.count / 2], sorted[min(sorted.count - 1, sorted.count * 99 / 100)])
    }
}

final class Failures: @unchecked Sendable {
    // Guarded by `lock`; written from the writer threads.
    private var messages: [String] = []
    private let lock = NSLock()
    func add(_ message: String) { lock.lock(); messages.append(message); lock.unlock() }
    func exitIfAny() {
        guard let first = messages.first else { return }
        FileHandle.standardError.write(Data("load: \(first)\n".utf8))
        exit(1)
    }
}

let usage = "usage: load --db URI [--writers 1,8,32] [--count N] [--prefill N]"
var arguments = CommandLine.arguments.dropFirst()
var options: [String: String] = [:]
while let name = arguments.popFirst() {
    guard name.hasPrefix("--"), let value = arguments.popFirst() else { print(usage); exit(64) }
    options[name] = value
}
guard let db = options["--db"] else { print(usage); exit(64) }
let writerCounts = (options["--writers"] ?? "1,8,32").split(separator: ",").compactMap { Int($0) }
let count = Int(options["--count"] ?? "100") ?? 100
let run = String(UInt32.random(in: 0...UInt32.max), radix: 16)

_ = try? Ledger.create(at: db)
// A ledger that already holds many entries, as a group's would after months: a cost that grows with
// the ledger (a scan where a probe was meant) shows here and not on a fresh one. Batches of 1,000,
// with idempotency keys of their own, before anything is timed.
if let prefill = Int(options["--prefill"] ?? "0"), prefill > 0 {
    do {
        let ledger = try Ledger(path: db)
        var transfers = SampleGroup.transfers(count: prefill, endingAt: SampleGroup.yearEnd, seed: 7)
        for index in transfers.indices { transfers[index].idempotencyKey = "prefill-r\(run)-i\(index)" }
        let start = DispatchTime.now().uptimeNanoseconds
        for batch in stride(from: 0, to: prefill, by: 1_000) {
            _ = try ledger.record(contentsOf: Array(transfers[batch..<min(batch + 1_000, prefill)]))
        }
        print("prefilled \(prefill) transfers in \(String(format: "%.1f", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)) s")
        // Vacuumed, analysed and checkpointed, as autovacuum would leave the tables some time later:
        // otherwise its work on a million new rows lands in the first run's server CPU.
        guard let maintenance = PQconnectdb(db), PQstatus(maintenance) == CONNECTION_OK else { print("cannot connect"); exit(66) }
        PQclear(PQexec(maintenance, "VACUUM ANALYZE"))
        PQclear(PQexec(maintenance, "CHECKPOINT"))
        PQfinish(maintenance)
    } catch {
        print("load: prefill: \(error)")
        exit(1)
    }
}
// The baseline's table lives in a schema of its own, where the ledger's schema check does not look.
guard let setup = PQconnectdb(db), PQstatus(setup) == CONNECTION_OK else { print("cannot connect"); exit(66) }
PQclear(PQexec(setup, "CREATE SCHEMA IF NOT EXISTS load_baseline; CREATE TABLE IF NOT EXISTS load_baseline.raw (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload text NOT NULL)"))
// The server's CPU is read from /proc, so only a server on this machine has it measured.
let backend = PQbackendPID(setup)
PQfinish(setup)
let postmaster = (try? String(contentsOfFile: "/proc/\(backend)/stat", encoding: .utf8))
    .flatMap { $0.split(separator: ")").last?.split(separator: " ").dropFirst().first }.flatMap { Int32($0) } ?? 0

/// CPU ms per transfer that `body` used, client and server, once the backends it ended are reaped.
func cpuPerTransfer(_ transfers: Int, _ body: () -> Void) -> (client: Double, server: Double) {
    let serverBefore = CPUTimes.server(postmaster: postmaster)
    let clientBefore = CPUTimes.client()
    body()
    let clientAfter = CPUTimes.client()
    usleep(300_000)
    let serverAfter = CPUTimes.server(postmaster: postmaster)
    return ((clientAfter - clientBefore) * 1e3 / Double(transfers), (serverAfter - serverBefore) * 1e3 / Double(transfers))
}

print("writers  ledger/s  raw/s   ledger÷raw(1)  ledger÷ledger(1)  p50 ms  p99 ms  CPU ms/transfer ledger (client+server)  raw")
var ledgerSingle: Double?
var rawSingle: Double?
for writers in writerCounts {
    var (raw, ledger, p50, p99) = (0.0, 0.0, 0.0, 0.0)
    let rawCPU = cpuPerTransfer(writers * count) { raw = rawRun(db: db, writers: writers, count: count) }
    let ledgerCPU = cpuPerTransfer(writers * count) { (ledger, p50, p99) = ledgerRun(db: db, writers: writers, count: count, run: run) }
    if writers == 1 { ledgerSingle = ledger; rawSingle = raw }
    let versusRaw = rawSingle.map { String(format: "%.2f", ledger / $0) } ?? "-"
    let versusLedger = ledgerSingle.map { String(format: "%.2f", ledger / $0) } ?? "-"
    print(String(format: "%7d  %8.0f  %6.0f  %13@  %16@  %6.1f  %6.1f  %.2f+%.2f  %.2f+%.2f", writers, ledger, raw, versusRaw, versusLedger, p50, p99,
                 ledgerCPU.client, ledgerCPU.server, rawCPU.client, rawCPU.server))
    print("RESULT writers=\(writers) ledger_per_s=\(Int(ledger)) raw_per_s=\(Int(raw)) p50_ms=\(p50) p99_ms=\(p99)"
          + " ledger_cpu_ms=\(ledgerCPU.client)+\(ledgerCPU.server) raw_cpu_ms=\(rawCPU.client)+\(rawCPU.server)")
}
