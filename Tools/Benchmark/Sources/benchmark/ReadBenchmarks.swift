import Foundation
import TransferLedger

// MARK: - 3. Verify

/// The verifier's own read: every entry column and the transfer row, in chain order.
let verifierScanSQL = """
    SELECT e.seq, e.kind, e.recorded_at, e.prev_hash, e.hash, e.payload, t.seq IS NOT NULL, p.seq IS NOT NULL, p.document,
           t.idempotency_key, t.occurred_at, t.exporter, t.exporter_role, t.importer, t.importer_role,
           t.destination, t.region, t.mechanism, t.data_categories, t.special_categories, t.status,
           coalesce((SELECT group_concat(r.rule) FROM transfer_rule r WHERE r.seq = t.seq), ''), e.format
    FROM entry e LEFT JOIN transfer t ON t.seq = e.seq LEFT JOIN transfer_private p ON p.seq = e.seq ORDER BY e.seq
    """

/// Raw scan of the verifier's columns; with `hash`, also the leaf hash of the same canonical entry
/// bytes and the chain checks (hash and link compared). Returns (rows, mismatches).
func rawScan(_ path: String, hash: Bool) -> (rows: Int, mismatches: Int) {
    let database = RawDatabase(path: path, readOnly: true)
    database.configureLikeLedger(readOnly: true)
    let statement = database.prepare(verifierScanSQL)
    let checker = ChainChecker()
    var rows = 0, mismatches = 0, touched = 0
    while statement.step() {
        rows += 1
        // Touch the projection columns as the verifier reads them.
        touched &+= Int(statement.int64(6)) &+ Int(statement.int64(7)) &+ Int(statement.int64(10)) &+ Int(statement.int64(18)) &+ Int(statement.int64(19))
        for column: Int32 in [8, 9, 11, 12, 13, 14, 15, 16, 17, 20, 21] { touched &+= statement.bytes(column).count }
        guard hash else { continue }
        if !checker.check(format: UInt8(truncatingIfNeeded: statement.int64(22)), seq: UInt64(statement.int64(0)), kind: statement.bytes(1), recordedAt: statement.bytes(2),
                          previousHash: statement.bytes(3), hash: statement.bytes(4), payload: statement.bytes(5)) { mismatches += 1 }
    }
    if touched == 42 { print("") }
    return (rows, mismatches)
}

func benchmarkVerify(_ run: Run) throws {
    try run.ensurePrefilled()
    guard let path = run.prefilled else { return }
    // Every entry of the file: the registry facts, then the N transfers.
    let n = run.options.n + run.firstTransferSeq
    // Warm the page cache once, untimed.
    _ = rawScan(path, hash: false)
    let figures = try measureVerify(reps: run.options.reps, entries: n, verify: { try Ledger(path: path, readOnly: true) },
                                    scan: { rawScan(path, hash: $0) })
    reportVerify(figures, entries: n, prefix: "", baselineName: "raw scan")
}

/// Verify and the two raw scans (without and with SHA-256) of one run, in rows per second.
struct VerifyFigures {
    var verify: [Double] = [], scan: [Double] = [], scanHash: [Double] = []
}

/// Times `verify()` of the ledger `open` returns, which must find all `n` entries intact, and the raw
/// scans, alternating the order each rep; a raw scan must read `n` rows and find every hash equal.
func measureVerify(reps: Int, entries n: Int, verify open: () throws -> Ledger,
                   scan: (_ hash: Bool) -> (rows: Int, mismatches: Int)) throws -> VerifyFigures {
    var figures = VerifyFigures()
    func verifyRep(_ rep: Int) throws {
        let ledger = try open()
        var verified: VerificationReport?
        let seconds = try time { verified = try ledger.verify() }
        guard let verified, verified.isIntact, verified.entriesChecked == UInt64(n) else {
            fail("verify found \(verified?.problems.count ?? 0) problems, checked \(verified?.entriesChecked ?? 0): \(verified?.problems.prefix(3) ?? [])")
        }
        figures.verify.append(Double(n) / seconds)
        log("verify rep \(rep + 1): ledger \(rate(Double(n) / seconds))")
    }
    func scanRep(_ rep: Int, hash: Bool) {
        var outcome = (rows: 0, mismatches: 0)
        let seconds = time { outcome = scan(hash) }
        guard outcome.rows == n, outcome.mismatches == 0 else {
            fail("raw scan read \(outcome.rows) rows with \(outcome.mismatches) hash mismatches: the baseline does not hash the ledger's bytes")
        }
        if hash { figures.scanHash.append(Double(n) / seconds) } else { figures.scan.append(Double(n) / seconds) }
        log("verify rep \(rep + 1): raw scan\(hash ? "+SHA-256" : "") \(rate(Double(n) / seconds))")
    }
    for rep in 0..<reps {
        if rep % 2 == 0 {
            try verifyRep(rep); scanRep(rep, hash: true); scanRep(rep, hash: false)
        } else {
            scanRep(rep, hash: false); scanRep(rep, hash: true); try verifyRep(rep)
        }
    }
    return figures
}

/// The verify lines of the table and the `RESULT <prefix>verify_…` lines.
func reportVerify(_ figures: VerifyFigures, entries n: Int, prefix: String, baselineName: String) {
    let verify = Sample(values: figures.verify), scan = Sample(values: figures.scan), scanHash = Sample(values: figures.scanHash)
    let ratioValue = verify.median / scanHash.median
    table.append(Line(figure: "3. verify(), N=\(n)", ledger: verify.describe(rate), baseline: scanHash.describe(rate),
                      baselineName: baselineName + " + SHA-256", ratio: ratioValue, goal: "≥ 0.50", met: ratioValue >= 0.50))
    table.append(Line(figure: "   (raw scan only, same columns)", ledger: "", baseline: scan.describe(rate),
                      baselineName: baselineName, ratio: verify.median / scan.median, goal: "–", met: nil))
    result(prefix + "verify_n", Double(n), digits: 0)
    result(prefix + "verify_ledger_rows_per_s", verify)
    result(prefix + "verify_raw_scan_rows_per_s", scan)
    result(prefix + "verify_raw_scan_sha256_rows_per_s", scanHash)
    result(prefix + "verify_ratio", ratioValue, digits: 3)
    result(prefix + "verify_ratio_to_scan", verify.median / scan.median, digits: 3)
    result(prefix + "verify_goal_met", ratioValue >= 0.50 ? "yes" : "no")
    notes.append(String(format: "verify costs %.2f µs/entry; raw scan %.2f µs, scan+SHA-256 %.2f µs",
                        1e6 / verify.median, 1e6 / scan.median, 1e6 / scanHash.median))
}

// MARK: - Verify peak RSS, in child processes

/// Child side: open, verify, print memory figures.
func childVerify(_ path: String) -> Never {
    do {
        let ledger = try Ledger(path: path, readOnly: true)
        let before = procStatusKiB("VmRSS")
        let start = now()
        let report = try ledger.verify()
        let seconds = now() - start
        print("CHILD rss_before_kib=\(before) hwm_kib=\(procStatusKiB("VmHWM")) entries=\(report.entriesChecked) intact=\(report.isIntact) seconds=\(seconds)")
        exit(0)
    } catch {
        print("CHILD error=\(error)")
        exit(1)
    }
}

func spawnVerifyChild(_ path: String) -> [String: String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    process.arguments = ["--child-verify", path]
    let pipe = Pipe()
    process.standardOutput = pipe
    do { try process.run() } catch { fail("cannot start the verify child: \(error)") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("CHILD ") }) else { fail("verify child printed: \(text)") }
    var fields: [String: String] = [:]
    for pair in line.dropFirst(6).split(separator: " ") {
        let parts = pair.split(separator: "=", maxSplits: 1)
        if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
    }
    return fields
}

func benchmarkVerifyRSS(_ run: Run) throws {
    try run.ensurePrefilled()
    guard let large = run.prefilled, let smallN = rssSmallN(run.options) else { return }
    let small = run.scratch.path("rss-small.ledger")
    run.scratch.removeDatabase(small)
    log("building a \(smallN)-entry ledger for the RSS comparison (untimed)")
    try run.build(small, from: sampleTransfers(count: smallN, seed: 7), batch: 10_000)
    compareVerifyRSS(small: (smallN, small), large: (run.options.n, large), prefix: "", cache: "verify lowers its SQLite cache to 8 MiB")
    run.scratch.removeDatabase(small)
}

/// The size of the smaller ledger of the RSS comparison; nil (and a note) when it is not below N.
func rssSmallN(_ options: Options) -> Int? {
    let smallN = options.rssSmallN ?? max(10_000, options.n / 10)
    guard smallN < options.n else {
        notes.append("verify RSS: skipped the comparison (--rss-small-n must be below --n)")
        return nil
    }
    return smallN
}

/// Verifies the two ledgers (sizes and locations) in child processes and reports their peak RSS.
func compareVerifyRSS(small: (Int, String), large: (Int, String), prefix: String, cache: String) {
    var figures: [(Int, Int, Int)] = []
    for (size, location) in [small, large] {
        let fields = spawnVerifyChild(location)
        guard fields["intact"] == "true", let hwm = Int(fields["hwm_kib"] ?? ""), let before = Int(fields["rss_before_kib"] ?? "") else {
            fail("verify child failed: \(fields)")
        }
        figures.append((size, before, hwm))
        result("\(prefix)verify_peak_rss_kib_n\(size)", Double(hwm), digits: 0)
        result("\(prefix)verify_rss_before_kib_n\(size)", Double(before), digits: 0)
    }
    let growth = Double(figures[1].2) / Double(figures[0].2)
    table.append(Line(figure: "   verify peak RSS, N=\(figures[0].0) → \(figures[1].0)",
                      ledger: String(format: "%.1f → %.1f MiB", Double(figures[0].2) / 1024, Double(figures[1].2) / 1024),
                      baseline: "", baselineName: "", ratio: growth, goal: "flat", met: nil))
    notes.append(String(format: "verify RSS (child process): after open %.1f / %.1f MiB, peak %.1f / %.1f MiB at N=%d / %d (%@)",
                        Double(figures[0].1) / 1024, Double(figures[1].1) / 1024, Double(figures[0].2) / 1024, Double(figures[1].2) / 1024,
                        figures[0].0, figures[1].0, cache))
    result("\(prefix)verify_peak_rss_growth", growth, digits: 3)
}

// MARK: - 4. Indexed query

/// Two one-destination, one-day queries: the goal's "a few hundred matches" (the destination whose
/// middle day comes closest to 300 transfers) and the densest destination's middle day, the worst case
/// the sample holds (about 930 matches at N = 1M).
func benchmarkQuery(_ run: Run) throws {
    try run.ensurePrefilled()
    guard let path = run.prefilled else { return }
    let (fewHundred, densest) = queryDays(run.bulk)
    let ledger = try Ledger(path: path, readOnly: true)
    let database = RawDatabase(path: path, readOnly: true)
    database.configureLikeLedger(readOnly: true)
    try measureQuery(fewHundred, label: "a few hundred matches", prefix: "query", goal: true, ledger: ledger, database: database, run: run)
    // In a small sample the densest destination may itself come closest to 300.
    if densest.destination != fewHundred.destination {
        try measureQuery(densest, label: "densest destination", prefix: "query_densest", goal: false, ledger: ledger, database: database, run: run)
    }
}

/// The goal's "a few hundred matches" (the destination whose middle UTC day comes closest to 300
/// transfers) and the densest destination's middle day.
func queryDays(_ transfers: [Transfer]) -> (fewHundred: QueryDay, densest: QueryDay) {
    let day: Int64 = 86_400 * 1_000_000
    // Each destination's middle UTC day, and how many of its transfers fall on it.
    var byDestination: [String: [Int64]] = [:]
    for transfer in transfers { byDestination[transfer.destination, default: []].append(transfer.occurredAt.microseconds) }
    let middleDays = byDestination.map { destination, times -> QueryDay in
        let middle = times.sorted()[times.count / 2]
        let from = middle / day * day
        return QueryDay(destination: destination, from: from, before: from + day,
                        expected: times.filter { $0 >= from && $0 < from + day }.count, total: times.count)
    }
    return (middleDays.min { abs($0.expected - 300) < abs($1.expected - 300) }!, middleDays.max { $0.total < $1.total }!)
}

/// One destination over one UTC day, with the number of sample transfers it matches.
struct QueryDay {
    let destination: String
    let from: Int64, before: Int64
    let expected: Int
    /// The destination's transfers over the whole sample.
    let total: Int
}

/// Times `day`'s query through the library and as raw SQL, interleaved, and reports p50 and p99;
/// `goal` says whether the line carries the < 5 ms goal's verdict.
func measureQuery(_ day: QueryDay, label: String, prefix: String, goal: Bool, ledger: Ledger, database: RawDatabase, run: Run) throws {

    // The SQL TransferQuery.sql() builds for these filters.
    let sql = """
        SELECT e.seq, e.recorded_at, e.hash, e.payload, p.document \
        FROM transfer t JOIN entry e ON e.seq = t.seq JOIN transfer_private p ON p.seq = t.seq \
        WHERE t.occurred_at >= ? AND t.occurred_at < ? AND t.destination = ? ORDER BY t.occurred_at, t.seq
        """
    let plan = database.prepare("EXPLAIN QUERY PLAN " + sql)
    var planText: [String] = []
    while plan.step() { planText.append(String(decoding: plan.bytes(3), as: UTF8.self)) }
    let statement = database.prepare(sql)

    func rawQuery() -> Int {
        statement.bind(1, day.from)
        statement.bind(2, day.before)
        statement.bindText(3, day.destination)
        return statement.drainRows()
    }
    try compareQuery(day, label: label, prefix: prefix, goal: goal, run: run.options, ledger: ledger, raw: rawQuery)
    notes.append("query \(day.destination) plan: " + planText.joined(separator: "; "))
}

/// Times `day`'s query through the library and through `raw`, interleaved, after a warm-up that
/// checks both return the expected rows; reports p50 and p99 (`goal`: the line carries the < 5 ms
/// verdict).
func compareQuery(_ day: QueryDay, label: String, prefix: String, goal: Bool, run options: Options, ledger: Ledger, raw rawQuery: () -> Int) throws {
    var query = TransferQuery()
    query.destination = day.destination
    query.occurredFrom = Timestamp(microseconds: day.from)
    query.occurredBefore = Timestamp(microseconds: day.before)
    func ledgerQuery() throws -> Int {
        try ledger.transfers(matching: query).count
    }
    // Warm-up, and a check that both sides return the same rows.
    for _ in 0..<20 {
        let a = try ledgerQuery(), b = rawQuery()
        guard a == day.expected, b == day.expected else { fail("query returned \(a) (ledger) / \(b) (raw) rows, expected \(day.expected)") }
    }
    var ledgerTimes: [Double] = [], rawTimes: [Double] = []
    for _ in 0..<options.queryRuns {
        ledgerTimes.append(try time { _ = try ledgerQuery() })
        rawTimes.append(time { _ = rawQuery() })
    }
    let ledgerSample = Sample(values: ledgerTimes), raw = Sample(values: rawTimes)
    let p50 = ledgerSample.percentile(50), p99 = ledgerSample.percentile(99)
    table.append(Line(figure: "4. query \(day.destination), 1 day (\(day.expected) rows, \(label)), N=\(options.n)",
                      ledger: "p50 \(milliseconds(p50)), p99 \(milliseconds(p99))",
                      baseline: "p50 \(milliseconds(raw.percentile(50))), p99 \(milliseconds(raw.percentile(99)))",
                      baselineName: "raw SQL", ratio: raw.percentile(50) / p50, goal: goal ? "p50 < 5 ms" : "(< 5 ms)", met: p50 < 0.005))
    result("\(prefix)_n", Double(options.n), digits: 0)
    result("\(prefix)_destination", day.destination)
    result("\(prefix)_rows", Double(day.expected), digits: 0)
    result("\(prefix)_runs", Double(options.queryRuns), digits: 0)
    result("\(prefix)_ledger_p50_ms", p50 * 1e3, digits: 3)
    result("\(prefix)_ledger_p99_ms", p99 * 1e3, digits: 3)
    result("\(prefix)_raw_p50_ms", raw.percentile(50) * 1e3, digits: 3)
    result("\(prefix)_raw_p99_ms", raw.percentile(99) * 1e3, digits: 3)
    result("\(prefix)_ratio_raw_over_ledger_p50", raw.percentile(50) / p50, digits: 3)
    if goal { result("\(prefix.hasPrefix("pg_") ? "pg_" : "")query_goal_met", p50 < 0.005 ? "yes" : "no") }
    notes.append(String(format: "query %@: the ledger spends %.2f µs per returned row beyond the raw SQL (payload parse into Transfer)",
                        day.destination, (p50 - raw.percentile(50)) / Double(max(day.expected, 1)) * 1e6))
}

extension RawStatement {
    /// Steps through every row of a query returning seq and four text or blob columns, touching each
    /// column's bytes as the ledger reads them, then resets; the number of rows.
    func drainRows() -> Int {
        var rows = 0, touched = 0
        while step() {
            rows += 1
            touched &+= Int(int64(0))
            for column: Int32 in 1...4 { touched &+= bytes(column).count }
        }
        reset()
        // `touched` is used, so the reads are not optimised away.
        return rows + (touched == 42 ? 1 : 0) * 0
    }
}
