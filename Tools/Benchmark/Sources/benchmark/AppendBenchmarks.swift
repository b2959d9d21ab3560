import LedgerSample
import Foundation
import TransferLedger

/// Shared state of one run.
final class Run {
    let options: Options
    let scratch: Scratch
    let migrations: [String]
    /// N transfers for the batched append, then single-N for the one-per-transaction append.
    let bulk: [Transfer]
    let tail: [Transfer]
    /// The ledger of N entries the library built last: prefill for the single appends, verified and queried.
    var prefilled: String?
    /// An empty ledger holding only the sample group's registry, so transfers are judged as in real
    /// use (an empty registry would make every verdict a long list of unknown-entity findings).
    let registryTemplate: String
    /// The registry facts come first in every ledger; transfers start at this sequence number.
    let firstTransferSeq: Int

    init(options: Options) {
        self.options = options
        scratch = Scratch(parent: options.dir)
        migrations = loadMigrations(schemaDir: options.schemaDir)
        registryTemplate = scratch.path("registry-template.ledger")
        do {
            let ledger = try Ledger.create(at: registryTemplate)
            firstTransferSeq = try ledger.register(SampleGroup.registryFacts()).count
        } catch {
            fail("cannot build the registry template: \(error)")
        }
        log("generating \(options.n + options.singleN) sample transfers (untimed)")
        let all = sampleTransfers(count: options.n + options.singleN, seed: 2026)
        bulk = Array(all[..<options.n])
        tail = Array(all[options.n...])
    }

    /// A fixed end, so that every run records the same transfers.
    static let end = Timestamp(microseconds: 1_780_000_000_000_000)

    /// Builds the N-entry ledger untimed when the append benchmark did not run.
    func ensurePrefilled() throws {
        guard prefilled == nil else { return }
        let path = scratch.path("prefilled.ledger")
        scratch.removeDatabase(path)
        log("building the \(options.n)-entry ledger (untimed)")
        try build(path, from: bulk, batch: 10_000)
        prefilled = path
    }

    /// A new ledger at `path` that holds the sample registry.
    func createLedger(at path: String) throws -> Ledger {
        scratch.copyDatabase(registryTemplate, to: path)
        return try Ledger(path: path)
    }

    func build(_ path: String, from transfers: [Transfer], batch: Int) throws {
        let ledger = try createLedger(at: path)
        var start = 0
        while start < transfers.count {
            try ledger.record(contentsOf: Array(transfers[start..<min(start + batch, transfers.count)]))
            start += batch
        }
    }
}

/// `SampleGroup.transfers`, in chunks: it overflows Int64 (`year * index`) above 292,471 transfers
/// per call, so larger sets are made of chunks with distinct seeds (hence distinct keys) over the
/// same year, merged in order of occurrence like one service log.
func sampleTransfers(count: Int, seed: UInt64) -> [Transfer] {
    let chunkLimit = 250_000
    guard count > chunkLimit else { return SampleGroup.transfers(count: count, endingAt: Run.end, seed: seed) }
    let chunks = (count + chunkLimit - 1) / chunkLimit
    var all: [Transfer] = []
    all.reserveCapacity(count)
    for chunk in 0..<chunks {
        let size = count / chunks + (chunk < count % chunks ? 1 : 0)
        all += SampleGroup.transfers(count: size, endingAt: Run.end, seed: seed &+ UInt64(chunk) &* 1_000)
    }
    // Stable merge by time: ties keep chunk order.
    return all.enumerated().sorted { ($0.element.occurredAt, $0.offset) < ($1.element.occurredAt, $1.offset) }.map(\.element)
}

// MARK: - 1. Batched append

func benchmarkBatchedAppend(_ run: Run) throws {
    let options = run.options
    let n = options.n
    let batches = stride(from: 0, to: n, by: options.batch).map { Array(run.bulk[$0..<min($0 + options.batch, n)]) }
    var ledgerRates: [Double] = []
    var rawRates: [Double] = []
    var rows: RawRows?
    var ledgerBytes = 0, rawBytes = 0
    var ledgerCPU: [Double] = [], rawCPU: [Double] = []

    func ledgerRep(_ rep: Int) throws {
        let path = run.scratch.path("append-\(rep).ledger")
        run.scratch.removeDatabase(path)
        settle()
        do {
            let ledger = try run.createLedger(at: path)
            let (seconds, cpu) = try timeWithCPU { for batch in batches { try ledger.record(contentsOf: batch) } }
            ledgerRates.append(Double(n) / seconds)
            ledgerCPU.append(cpu / Double(n) * 1e6)
            log("append rep \(rep + 1): ledger \(rate(Double(n) / seconds))")
        }
        ledgerBytes = run.scratch.fileSize(path)
        if rows == nil {
            rows = RawRows(from: path, seqs: run.firstTransferSeq..<(run.firstTransferSeq + n))
        }
        if let previous = run.prefilled { run.scratch.removeDatabase(previous) }
        run.prefilled = path
    }

    func rawRep(_ rep: Int) {
        guard let rows else { return }
        let path = run.scratch.path("append-raw.db")
        run.scratch.removeDatabase(path)
        settle()
        do {
            // The same starting file as the ledger's: the schema and the registry entries.
            run.scratch.copyDatabase(run.registryTemplate, to: path)
            let database = RawDatabase(path: path)
            database.configureLikeLedger()
            let (seconds, cpu) = timeWithCPU { rows.insert(into: database, rows: 0..<n, perTransaction: options.batch) }
            rawRates.append(Double(n) / seconds)
            rawCPU.append(cpu / Double(n) * 1e6)
            log("append rep \(rep + 1): raw    \(rate(Double(n) / seconds))")
        }
        rawBytes = run.scratch.fileSize(path)
        run.scratch.removeDatabase(path)
    }

    for rep in 0..<options.reps {
        // Alternate the order (rep 1 must start with the ledger: it provides the raw rows).
        if rep % 2 == 0 {
            try ledgerRep(rep)
            rawRep(rep)
        } else {
            rawRep(rep)
            try ledgerRep(rep)
        }
    }

    let ledger = Sample(values: ledgerRates), raw = Sample(values: rawRates)
    let ratioValue = ledger.median / raw.median
    table.append(Line(figure: "1. batched append (\(options.batch)/txn), N=\(n)", ledger: ledger.describe(rate),
                      baseline: raw.describe(rate), baselineName: "raw insert", ratio: ratioValue, goal: "≥ 0.70",
                      met: ratioValue >= 0.70))
    result("append_batch_n", Double(n), digits: 0)
    result("append_batch_size", Double(options.batch), digits: 0)
    result("append_batch_ledger_rows_per_s", ledger)
    result("append_batch_raw_rows_per_s", raw)
    result("append_batch_ratio", ratioValue, digits: 3)
    result("append_batch_goal_met", ratioValue >= 0.70 ? "yes" : "no")
    result("append_batch_ledger_cpu_us_per_entry", Sample(values: ledgerCPU).median, digits: 2)
    result("append_batch_raw_cpu_us_per_entry", Sample(values: rawCPU).median, digits: 2)
    notes.append(String(format: "batched append: wall %.1f µs/entry ledger vs %.1f raw; CPU (user+sys) %.1f vs %.1f µs/entry",
                        1e6 / ledger.median, 1e6 / raw.median, Sample(values: ledgerCPU).median, Sample(values: rawCPU).median))
    result("ledger_file_bytes_per_entry", Double(ledgerBytes) / Double(n))
    result("raw_file_bytes_per_entry", Double(rawBytes) / Double(n))
    if let rows { result("row_bytes_per_entry", rows.bytesPerRow) }

    cpuPipeline(run)
}

/// Informational: the CPU work of an append without SQLite (structural check, canonical JSON,
/// entry framing, SHA-256), rebuilt from public API, to attribute the gap to raw.
func cpuPipeline(_ run: Run) {
    let count = min(run.bulk.count, 50_000)
    let reference = ReferenceData.embedded
    let hasher = SHA256()
    let recordedAt = Timestamp(microseconds: 1_780_000_000_123_456).rfc3339
    var samples: [Double] = []
    var sink = 0
    for _ in 0..<3 {
        let seconds = time {
            var previous = Digest.zero
            for (seq, transfer) in run.bulk[..<count].enumerated() {
                guard let region = try? StructuralRules.check(transfer, referenceData: reference),
                      case .object(var members) = transfer.jsonValue else { continue }
                members["region"] = .string(region.rawValue)
                members["referenceData"] = .string(reference.version.hex)
                let payload = CanonicalJSON.encode(.object(members))
                previous = hasher.leafHash(EntryEncoding.canonicalBytes(
                    format: EntryEncoding.version, seq: UInt64(seq), kind: .transfer, recordedAt: recordedAt, previousHash: previous, payload: payload))
                sink &+= payload.count
            }
        }
        samples.append(seconds / Double(count) * 1e6)
    }
    let sample = Sample(values: samples)
    notes.append(String(format: "CPU-only append pipeline (check + canonical JSON + framing + SHA-256, public API): %.2f µs/entry (%d entries)",
                        sample.median, count))
    result("append_cpu_pipeline_us_per_entry", sample.median, digits: 2)
    if sink == 42 { print("") }
}

// MARK: - 2. One entry per durable transaction

/// Appends the tail one entry per transaction onto two copies of the N-entry ledger, one through the
/// library and one raw, alternating in chunks of `chunk` entries so that both sides see the same
/// neighbours' I/O (synchronous=FULL commits are very sensitive to it).
func benchmarkSingleAppend(_ run: Run) throws {
    try run.ensurePrefilled()
    guard let prefilled = run.prefilled else { return }
    let options = run.options
    let count = options.singleN
    let chunk = 100

    // The raw rows: the same transfers recorded by the library into a scratch copy (untimed).
    let source = run.scratch.path("single-source.ledger")
    run.scratch.copyDatabase(prefilled, to: source)
    do { try Ledger(path: source).record(contentsOf: run.tail) }
    let first = run.firstTransferSeq + options.n
    let rows = RawRows(from: source, seqs: first..<(first + count))
    run.scratch.removeDatabase(source)

    var ledgerRates: [Double] = [], rawRates: [Double] = []
    var ledgerCPU: [Double] = [], rawCPU: [Double] = []
    for rep in 0..<options.reps {
        let ledgerPath = run.scratch.path("single.ledger"), rawPath = run.scratch.path("single-raw.db")
        run.scratch.copyDatabase(prefilled, to: ledgerPath)
        run.scratch.copyDatabase(prefilled, to: rawPath)
        settle()
        do {
            let ledger = try Ledger(path: ledgerPath)
            let database = RawDatabase(path: rawPath)
            database.configureLikeLedger()
            var ledgerTime = (wall: 0.0, cpu: 0.0), rawTime = (wall: 0.0, cpu: 0.0)
            var start = 0
            while start < count {
                let end = min(start + chunk, count)
                func ledgerChunk() throws {
                    let t = try timeWithCPU { for transfer in run.tail[start..<end] { try ledger.record(transfer) } }
                    ledgerTime.wall += t.wall
                    ledgerTime.cpu += t.cpu
                }
                func rawChunk() {
                    let t = timeWithCPU { rows.insert(into: database, rows: start..<end, perTransaction: 1) }
                    rawTime.wall += t.wall
                    rawTime.cpu += t.cpu
                }
                if (start / chunk + rep) % 2 == 0 { try ledgerChunk(); rawChunk() } else { rawChunk(); try ledgerChunk() }
                start = end
            }
            ledgerRates.append(Double(count) / ledgerTime.wall)
            rawRates.append(Double(count) / rawTime.wall)
            ledgerCPU.append(ledgerTime.cpu / Double(count) * 1e6)
            rawCPU.append(rawTime.cpu / Double(count) * 1e6)
            log("single rep \(rep + 1): ledger \(rate(Double(count) / ledgerTime.wall)), raw \(rate(Double(count) / rawTime.wall))")
        }
        run.scratch.removeDatabase(ledgerPath)
        run.scratch.removeDatabase(rawPath)
    }
    let ledger = Sample(values: ledgerRates), raw = Sample(values: rawRates)
    let ratioValue = ledger.median / raw.median
    table.append(Line(figure: "2. one entry/txn, FULL, \(count) onto N=\(options.n)", ledger: ledger.describe(rate),
                      baseline: raw.describe(rate), baselineName: "raw insert", ratio: ratioValue, goal: "≥ 0.80",
                      met: ratioValue >= 0.80))
    result("append_single_n", Double(count), digits: 0)
    result("append_single_ledger_rows_per_s", ledger)
    result("append_single_raw_rows_per_s", raw)
    result("append_single_ratio", ratioValue, digits: 3)
    result("append_single_goal_met", ratioValue >= 0.80 ? "yes" : "no")
    result("append_single_ledger_cpu_us_per_entry", Sample(values: ledgerCPU).median, digits: 2)
    result("append_single_raw_cpu_us_per_entry", Sample(values: rawCPU).median, digits: 2)
    notes.append(String(format: "one entry/txn: wall %.0f µs/entry ledger vs %.0f raw; CPU (user+sys) %.0f vs %.0f µs/entry",
                        1e6 / ledger.median, 1e6 / raw.median, Sample(values: ledgerCPU).median, Sample(values: rawCPU).median))
}
