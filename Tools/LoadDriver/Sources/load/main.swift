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

/// One writer's single-transfer appends through the library, each `record` its own durable call.
func ledgerRun(db: String, writers: Int, count: Int, run: String) -> Double {
    let transfers = SampleGroup.transfers(count: writers * count, endingAt: SampleGroup.yearEnd)
    let failures = Failures()
    let seconds = concurrently(writers) { writer in
        do {
            let ledger = try Ledger(path: db)
            for index in 0..<count {
                var transfer = transfers[writer * count + index]
                transfer.idempotencyKey = "load-\(run)-\(writers)-\(writer)-\(index)"
                _ = try ledger.record(transfer)
            }
        } catch {
            failures.add("writer \(writer): \(error)")
        }
    }
    failures.exitIfAny()
    return Double(writers * count) / seconds
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

var arguments = CommandLine.arguments.dropFirst()
var options: [String: String] = [:]
while let name = arguments.popFirst() {
    guard name.hasPrefix("--"), let value = arguments.popFirst() else { print("usage: load --db URI [--writers 1,8,32] [--count N]"); exit(64) }
    options[name] = value
}
guard let db = options["--db"] else { print("usage: load --db URI [--writers 1,8,32] [--count N]"); exit(64) }
let writerCounts = (options["--writers"] ?? "1,8,32").split(separator: ",").compactMap { Int($0) }
let count = Int(options["--count"] ?? "100") ?? 100
let run = String(UInt32.random(in: 0...UInt32.max), radix: 16)

_ = try? Ledger.create(at: db)
// The baseline's table lives in a schema of its own, where the ledger's schema check does not look.
guard let setup = PQconnectdb(db), PQstatus(setup) == CONNECTION_OK else { print("cannot connect"); exit(66) }
PQclear(PQexec(setup, "CREATE SCHEMA IF NOT EXISTS load_baseline; CREATE TABLE IF NOT EXISTS load_baseline.raw (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload text NOT NULL)"))
PQfinish(setup)

print("writers  ledger/s  raw/s   ledger÷raw(1)  ledger÷ledger(1)")
var ledgerSingle: Double?
var rawSingle: Double?
for writers in writerCounts {
    let raw = rawRun(db: db, writers: writers, count: count)
    let ledger = ledgerRun(db: db, writers: writers, count: count, run: run)
    if writers == 1 { ledgerSingle = ledger; rawSingle = raw }
    let versusRaw = rawSingle.map { String(format: "%.2f", ledger / $0) } ?? "-"
    let versusLedger = ledgerSingle.map { String(format: "%.2f", ledger / $0) } ?? "-"
    print(String(format: "%7d  %8.0f  %6.0f  %13@  %16@", writers, ledger, raw, versusRaw, versusLedger))
    print("RESULT writers=\(writers) ledger_per_s=\(Int(ledger)) raw_per_s=\(Int(raw))")
}
