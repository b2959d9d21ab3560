import BenchPQ
import Foundation
import TransferLedger

// The PostgreSQL mode (`--postgres URI`): the same figures as the SQLite mode, each against raw libpq
// on the same server in the same run, both sides starting from the same template database.

// MARK: - 1. Batched append

func postgresBatchedAppend(_ run: PostgresRun) throws {
    let options = run.options
    let n = options.n
    var batches: [[Transfer]] = []
    var start = 0
    while start < n {
        batches.append(Array(run.bulk[start..<min(start + options.batch, n)]))
        start += options.batch
    }
    var ledgerRates: [Double] = [], pipelinedRates: [Double] = [], plainRates: [Double] = []
    var ledgerCPU: [Double] = [], rawCPU: [Double] = []
    var rows: RawPostgresRows?
    var ledgerBytes = 0, rawBytes = 0

    func ledgerRep(_ rep: Int) throws {
        let name = run.prefix + "append\(rep)"
        do {
            let ledger = try run.createLedger(name)
            let (seconds, cpu) = try timeWithCPU { for batch in batches { try ledger.record(contentsOf: batch) } }
            ledgerRates.append(Double(n) / seconds)
            ledgerCPU.append(cpu / Double(n) * 1e6)
            log("append rep \(rep + 1): ledger \(rate(Double(n) / seconds))")
        }
        ledgerBytes = run.databaseSize(name)
        if rows == nil { rows = RawPostgresRows(from: run.uri(name), seqs: run.firstTransferSeq..<(run.firstTransferSeq + n)) }
        if let previous = run.prefilled { run.dropDatabase(previous) }
        run.prefilled = name
    }
    func rawRep(_ rep: Int, pipelined: Bool) {
        guard let rows else { return }
        let name = run.prefix + "append_raw"
        run.createDatabase(name, from: run.template)
        do {
            let connection = RawConnection(run.uri(name))
            RawPostgresRows.prepare(connection)
            let (seconds, cpu) = timeWithCPU { rows.insert(into: connection, rows: 0..<n, perTransaction: options.batch, pipelined: pipelined) }
            if pipelined {
                pipelinedRates.append(Double(n) / seconds)
                rawCPU.append(cpu / Double(n) * 1e6)
            } else {
                plainRates.append(Double(n) / seconds)
            }
            log("append rep \(rep + 1): raw \(pipelined ? "pipelined" : "one round trip each") \(rate(Double(n) / seconds))")
        }
        rawBytes = run.databaseSize(name)
        run.dropDatabase(name)
    }
    for rep in 0..<options.reps {
        // Alternate the order (rep 1 must start with the ledger: it provides the raw rows).
        if rep % 2 == 0 {
            try ledgerRep(rep); rawRep(rep, pipelined: true); rawRep(rep, pipelined: false)
        } else {
            rawRep(rep, pipelined: false); rawRep(rep, pipelined: true); try ledgerRep(rep)
        }
    }
    let ledger = Sample(values: ledgerRates), raw = Sample(values: pipelinedRates), plain = Sample(values: plainRates)
    let ratioValue = ledger.median / raw.median
    table.append(Line(figure: "1. batched append (\(options.batch)/txn), N=\(n)", ledger: ledger.describe(rate),
                      baseline: raw.describe(rate), baselineName: "raw prepared inserts, pipelined", ratio: ratioValue, goal: "≥ 0.70",
                      met: ratioValue >= 0.70))
    table.append(Line(figure: "   (raw, one round trip per insert)", ledger: "", baseline: plain.describe(rate),
                      baselineName: "raw prepared inserts", ratio: ledger.median / plain.median, goal: "–", met: nil))
    result("pg_append_batch_n", Double(n), digits: 0)
    result("pg_append_batch_ledger_rows_per_s", ledger.median)
    result("pg_append_batch_ledger_rows_per_s_min", ledger.min)
    result("pg_append_batch_ledger_rows_per_s_max", ledger.max)
    result("pg_append_batch_raw_rows_per_s", raw.median)
    result("pg_append_batch_raw_rows_per_s_min", raw.min)
    result("pg_append_batch_raw_rows_per_s_max", raw.max)
    result("pg_append_batch_raw_unpipelined_rows_per_s", plain.median)
    result("pg_append_batch_ratio", ratioValue, digits: 3)
    result("pg_append_batch_ratio_to_unpipelined", ledger.median / plain.median, digits: 3)
    result("pg_append_batch_goal_met", ratioValue >= 0.70 ? "yes" : "no")
    result("pg_database_bytes_per_entry", Double(ledgerBytes) / Double(n))
    result("pg_raw_database_bytes_per_entry", Double(rawBytes) / Double(n))
    notes.append(String(format: "batched append: wall %.1f µs/entry ledger vs %.1f raw pipelined; client CPU (user+sys) %.1f vs %.1f µs/entry",
                        1e6 / ledger.median, 1e6 / raw.median, Sample(values: ledgerCPU).median, Sample(values: rawCPU).median))
    if let rows { result("pg_row_bytes_per_entry", rows.bytesPerRow) }
}

// MARK: - 2. One entry per durable transaction

func postgresSingleAppend(_ run: PostgresRun) throws {
    try run.ensurePrefilled()
    guard let prefilled = run.prefilled else { return }
    let options = run.options
    let count = options.singleN
    let chunk = 100

    // The raw rows: the same transfers recorded by the library into a scratch copy (untimed).
    let source = run.prefix + "single_source"
    run.createDatabase(source, from: prefilled)
    do { try Ledger(location: .postgres(run.uri(source))).record(contentsOf: run.tail) }
    let first = run.firstTransferSeq + options.n
    let rows = RawPostgresRows(from: run.uri(source), seqs: first..<(first + count))
    run.dropDatabase(source)

    var ledgerRates: [Double] = [], rawRates: [Double] = [], plainRates: [Double] = []
    var ledgerCPU: [Double] = [], rawCPU: [Double] = []
    for rep in 0..<options.reps {
        let ledgerName = run.prefix + "single", rawName = run.prefix + "single_raw", plainName = run.prefix + "single_plain"
        for name in [ledgerName, rawName, plainName] { run.createDatabase(name, from: prefilled) }
        do {
            let ledger = try Ledger(location: .postgres(run.uri(ledgerName)))
            let connection = RawConnection(run.uri(rawName)), plainConnection = RawConnection(run.uri(plainName))
            RawPostgresRows.prepare(connection)
            RawPostgresRows.prepare(plainConnection)
            var ledgerTime = (wall: 0.0, cpu: 0.0), rawTime = (wall: 0.0, cpu: 0.0), plainTime = 0.0
            var start = 0
            while start < count {
                let end = min(start + chunk, count)
                func ledgerChunk() throws {
                    let t = try timeWithCPU { for transfer in run.tail[start..<end] { try ledger.record(transfer) } }
                    ledgerTime = (ledgerTime.wall + t.wall, ledgerTime.cpu + t.cpu)
                }
                func rawChunk() {
                    let t = timeWithCPU { rows.insert(into: connection, rows: start..<end, perTransaction: 1, pipelined: true) }
                    rawTime = (rawTime.wall + t.wall, rawTime.cpu + t.cpu)
                    plainTime += time { rows.insert(into: plainConnection, rows: start..<end, perTransaction: 1, pipelined: false) }
                }
                if (start / chunk + rep) % 2 == 0 { try ledgerChunk(); rawChunk() } else { rawChunk(); try ledgerChunk() }
                start = end
            }
            ledgerRates.append(Double(count) / ledgerTime.wall)
            rawRates.append(Double(count) / rawTime.wall)
            plainRates.append(Double(count) / plainTime)
            ledgerCPU.append(ledgerTime.cpu / Double(count) * 1e6)
            rawCPU.append(rawTime.cpu / Double(count) * 1e6)
            log("single rep \(rep + 1): ledger \(rate(Double(count) / ledgerTime.wall)), raw \(rate(Double(count) / rawTime.wall)), "
                + "raw one round trip each \(rate(Double(count) / plainTime))")
        }
        for name in [ledgerName, rawName, plainName] { run.dropDatabase(name) }
    }
    let ledger = Sample(values: ledgerRates), raw = Sample(values: rawRates), plain = Sample(values: plainRates)
    let ratioValue = ledger.median / raw.median
    table.append(Line(figure: "2. one entry/durable txn, \(count) onto N=\(options.n)", ledger: ledger.describe(rate),
                      baseline: raw.describe(rate), baselineName: "raw BEGIN+inserts+COMMIT, one round trip", ratio: ratioValue,
                      goal: "≥ 0.80", met: ratioValue >= 0.80))
    table.append(Line(figure: "   (raw, one round trip per statement)", ledger: "", baseline: plain.describe(rate),
                      baselineName: "raw BEGIN, inserts, COMMIT", ratio: ledger.median / plain.median, goal: "–", met: nil))
    result("pg_append_single_n", Double(count), digits: 0)
    result("pg_append_single_ledger_rows_per_s", ledger.median)
    result("pg_append_single_ledger_rows_per_s_min", ledger.min)
    result("pg_append_single_ledger_rows_per_s_max", ledger.max)
    result("pg_append_single_raw_rows_per_s", raw.median)
    result("pg_append_single_raw_rows_per_s_min", raw.min)
    result("pg_append_single_raw_rows_per_s_max", raw.max)
    result("pg_append_single_ratio", ratioValue, digits: 3)
    result("pg_append_single_goal_met", ratioValue >= 0.80 ? "yes" : "no")
    result("pg_append_single_raw_unpipelined_rows_per_s", plain.median)
    result("pg_append_single_ratio_to_unpipelined", ledger.median / plain.median, digits: 3)
    notes.append(String(format: "one entry/txn: wall %.0f µs/entry ledger vs %.0f raw; client CPU (user+sys) %.0f vs %.0f µs/entry",
                        1e6 / ledger.median, 1e6 / raw.median, Sample(values: ledgerCPU).median, Sample(values: rawCPU).median))
}

// MARK: - 3. Verify

/// The verifier's read (PostgresStore.entriesWithRowsSQL) as one streaming query.
let postgresVerifierScanSQL = """
    SELECT e.seq, e.kind, e.recorded_at, e.prev_hash, e.hash, e.payload, t.seq IS NOT NULL, p.seq IS NOT NULL, p.document,
           t.idempotency_key, t.occurred_at, t.exporter, t.exporter_role, t.importer, t.importer_role,
           t.destination, t.region, t.mechanism, t.data_categories, t.special_categories, t.status,
           coalesce((SELECT string_agg(r.rule, ',') FROM transfer_rule r WHERE r.seq = t.seq), '')
    FROM entry e LEFT JOIN transfer t ON t.seq = e.seq LEFT JOIN transfer_private p ON p.seq = e.seq ORDER BY e.seq
    """

/// Raw streaming scan (single-row mode, binary) of the verifier's columns in one REPEATABLE READ
/// snapshot; with `hash`, the leaf hash of the same canonical entry bytes, hash and link compared.
func rawPostgresScan(_ uri: String, hash: Bool) -> (rows: Int, mismatches: Int) {
    let connection = RawConnection(uri)
    connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    let handle = connection.handle
    guard PQsendQueryParams(handle, postgresVerifierScanSQL, 0, nil, nil, nil, nil, 1) == 1, PQsetSingleRowMode(handle) == 1 else {
        fail("scan: \(connection.errorMessage)")
    }
    let hasher = RawHasher()
    var rows = 0, mismatches = 0, touched = 0
    var header = [UInt8](repeating: 0, count: 512)
    var digest = [UInt8](repeating: 0, count: 32)
    var previous = [UInt8](repeating: 0, count: 32)
    func bytes(_ result: OpaquePointer, _ column: Int32) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: PQgetvalue(result, 0, column), count: Int(PQgetlength(result, 0, column)))
    }
    while let result = PQgetResult(handle) {
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_SINGLE_TUPLE else {
            guard status == PGRES_TUPLES_OK else { fail("scan: \(connection.errorMessage)") }
            continue
        }
        rows += 1
        let seqBytes = bytes(result, 0)
        let seq = seqBytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let kind = bytes(result, 1), recordedAt = bytes(result, 2)
        let prevHash = bytes(result, 3), storedHash = bytes(result, 4), payload = bytes(result, 5)
        for column: Int32 in 6...21 { touched &+= bytes(result, column).count }
        guard hash else { continue }
        let headerCount = header.withUnsafeMutableBytes { out -> Int in
            var i = 0
            out[i] = 1; i += 1
            for shift in stride(from: 56, through: 0, by: -8) { out[i] = UInt8(truncatingIfNeeded: seq >> UInt64(shift)); i += 1 }
            out[i] = UInt8(kind.count); i += 1
            out.baseAddress!.advanced(by: i).copyMemory(from: kind.baseAddress!, byteCount: kind.count); i += kind.count
            out[i] = UInt8(recordedAt.count); i += 1
            out.baseAddress!.advanced(by: i).copyMemory(from: recordedAt.baseAddress!, byteCount: recordedAt.count); i += recordedAt.count
            out.baseAddress!.advanced(by: i).copyMemory(from: prevHash.baseAddress!, byteCount: 32); i += 32
            let length = UInt32(payload.count)
            for shift in stride(from: 24, through: 0, by: -8) { out[i] = UInt8(truncatingIfNeeded: length >> UInt32(shift)); i += 1 }
            return i
        }
        header.withUnsafeBytes { headerBytes in
            digest.withUnsafeMutableBufferPointer { out in
                hasher.leafHash(header: UnsafeRawBufferPointer(rebasing: headerBytes[..<headerCount]), payload: payload, into: out.baseAddress!)
            }
        }
        if memcmp(digest, storedHash.baseAddress!, 32) != 0 || memcmp(previous, prevHash.baseAddress!, 32) != 0 { mismatches += 1 }
        digest.withUnsafeBytes { source in previous.withUnsafeMutableBytes { $0.copyMemory(from: source) } }
    }
    connection.execute("COMMIT")
    if touched == 42 { print("") }
    return (rows, mismatches)
}

func postgresVerify(_ run: PostgresRun) throws {
    try run.ensurePrefilled()
    guard let name = run.prefilled else { return }
    let uri = run.uri(name)
    let n = run.options.n + run.firstTransferSeq
    var verifyRates: [Double] = [], scanRates: [Double] = [], scanHashRates: [Double] = []
    func verifyRep(_ rep: Int) throws {
        let ledger = try Ledger(location: .postgres(uri), readOnly: true)
        var report = VerificationReport()
        let seconds = try time { report = try ledger.verify() }
        guard report.isIntact, report.entriesChecked == UInt64(n) else {
            fail("verify found \(report.problems.count) problems, checked \(report.entriesChecked): \(report.problems.prefix(3))")
        }
        verifyRates.append(Double(n) / seconds)
        log("verify rep \(rep + 1): ledger \(rate(Double(n) / seconds))")
    }
    func scanRep(_ rep: Int, hash: Bool) {
        var outcome = (rows: 0, mismatches: 0)
        let seconds = time { outcome = rawPostgresScan(uri, hash: hash) }
        guard outcome.rows == n, outcome.mismatches == 0 else {
            fail("raw scan read \(outcome.rows) rows with \(outcome.mismatches) hash mismatches: the baseline does not hash the ledger's bytes")
        }
        (hash ? { scanHashRates.append(Double(n) / seconds) } : { scanRates.append(Double(n) / seconds) })()
        log("verify rep \(rep + 1): raw scan\(hash ? "+SHA-256" : "") \(rate(Double(n) / seconds))")
    }
    // Statistics and visibility hints as a verifier run some time after the appends would find them,
    // and the shared buffers warmed once, untimed.
    RawConnection(uri).execute("VACUUM ANALYZE")
    _ = rawPostgresScan(uri, hash: false)
    for rep in 0..<run.options.reps {
        if rep % 2 == 0 {
            try verifyRep(rep); scanRep(rep, hash: true); scanRep(rep, hash: false)
        } else {
            scanRep(rep, hash: false); scanRep(rep, hash: true); try verifyRep(rep)
        }
    }
    let verify = Sample(values: verifyRates), scan = Sample(values: scanRates), scanHash = Sample(values: scanHashRates)
    let ratioValue = verify.median / scanHash.median
    table.append(Line(figure: "3. verify(), N=\(n)", ledger: verify.describe(rate), baseline: scanHash.describe(rate),
                      baselineName: "raw streaming scan + SHA-256", ratio: ratioValue, goal: "≥ 0.50", met: ratioValue >= 0.50))
    table.append(Line(figure: "   (raw scan only, same columns)", ledger: "", baseline: scan.describe(rate),
                      baselineName: "raw streaming scan", ratio: verify.median / scan.median, goal: "–", met: nil))
    result("pg_verify_n", Double(n), digits: 0)
    result("pg_verify_ledger_rows_per_s", verify.median)
    result("pg_verify_ledger_rows_per_s_min", verify.min)
    result("pg_verify_ledger_rows_per_s_max", verify.max)
    result("pg_verify_raw_scan_rows_per_s", scan.median)
    result("pg_verify_raw_scan_sha256_rows_per_s", scanHash.median)
    result("pg_verify_raw_scan_sha256_rows_per_s_min", scanHash.min)
    result("pg_verify_raw_scan_sha256_rows_per_s_max", scanHash.max)
    result("pg_verify_ratio", ratioValue, digits: 3)
    result("pg_verify_goal_met", ratioValue >= 0.50 ? "yes" : "no")
    notes.append(String(format: "verify costs %.2f µs/entry; raw scan %.2f µs, scan+SHA-256 %.2f µs",
                        1e6 / verify.median, 1e6 / scan.median, 1e6 / scanHash.median))
}

// MARK: - Verify peak RSS, in child processes

func postgresVerifyRSS(_ run: PostgresRun) throws {
    try run.ensurePrefilled()
    guard let large = run.prefilled else { return }
    let n = run.options.n
    let smallN = run.options.rssSmallN ?? max(10_000, n / 10)
    guard smallN < n else {
        notes.append("verify RSS: skipped the comparison (--rss-small-n must be below --n)")
        return
    }
    let small = run.prefix + "rss_small"
    log("building a \(smallN)-entry ledger for the RSS comparison (untimed)")
    try run.build(small, from: sampleTransfers(count: smallN, seed: 7), batch: 10_000)
    var figures: [(Int, Int, Int)] = []
    for (size, name) in [(smallN, small), (n, large)] {
        let fields = spawnVerifyChild(run.uri(name))
        guard fields["intact"] == "true", let hwm = Int(fields["hwm_kib"] ?? ""), let before = Int(fields["rss_before_kib"] ?? "") else {
            fail("verify child failed: \(fields)")
        }
        figures.append((size, before, hwm))
        result("pg_verify_peak_rss_kib_n\(size)", Double(hwm), digits: 0)
        result("pg_verify_rss_before_kib_n\(size)", Double(before), digits: 0)
    }
    run.dropDatabase(small)
    let growth = Double(figures[1].2) / Double(figures[0].2)
    table.append(Line(figure: "   verify peak RSS, N=\(figures[0].0) → \(figures[1].0)",
                      ledger: String(format: "%.1f → %.1f MiB", Double(figures[0].2) / 1024, Double(figures[1].2) / 1024),
                      baseline: "", baselineName: "", ratio: growth, goal: "flat", met: nil))
    result("pg_verify_peak_rss_growth", growth, digits: 3)
}

// MARK: - 4. Indexed query

func postgresQuery(_ run: PostgresRun) throws {
    try run.ensurePrefilled()
    guard let name = run.prefilled else { return }
    let uri = run.uri(name)
    RawConnection(uri).execute("VACUUM ANALYZE")
    let day: Int64 = 86_400 * 1_000_000
    var byDestination: [String: [Int64]] = [:]
    for transfer in run.bulk { byDestination[transfer.destination, default: []].append(transfer.occurredAt.microseconds) }
    let middleDays = byDestination.map { destination, times -> QueryDay in
        let middle = times.sorted()[times.count / 2]
        let from = middle / day * day
        return QueryDay(destination: destination, from: from, before: from + day,
                        expected: times.filter { $0 >= from && $0 < from + day }.count, total: times.count)
    }
    let densest = middleDays.max { $0.total < $1.total }!
    let fewHundred = middleDays.min { abs($0.expected - 300) < abs($1.expected - 300) }!
    let ledger = try Ledger(location: .postgres(uri), readOnly: true)
    let connection = RawConnection(uri)
    try postgresMeasureQuery(fewHundred, label: "a few hundred matches", prefix: "pg_query", goal: true, ledger: ledger, connection: connection, run: run)
    if densest.destination != fewHundred.destination {
        try postgresMeasureQuery(densest, label: "densest destination", prefix: "pg_query_densest", goal: false, ledger: ledger,
                                 connection: connection, run: run)
    }
}

func postgresMeasureQuery(_ day: QueryDay, label: String, prefix: String, goal: Bool, ledger: Ledger, connection: RawConnection, run: PostgresRun) throws {
    var query = TransferQuery()
    query.destination = day.destination
    query.occurredFrom = Timestamp(microseconds: day.from)
    query.occurredBefore = Timestamp(microseconds: day.before)
    // The SQL TransferQuery.sql() builds for these filters (less the page's LIMIT).
    let sql = """
        SELECT e.seq, e.recorded_at, e.hash, e.payload, p.document, t.occurred_at \
        FROM transfer t JOIN entry e ON e.seq = t.seq JOIN transfer_private p ON p.seq = t.seq \
        WHERE t.occurred_at >= $1 AND t.occurred_at < $2 AND t.destination = $3 ORDER BY t.occurred_at, t.seq
        """
    let statementName = prefix + "_raw"
    connection.prepare(statementName, sql)
    let plan = connection.rows("EXPLAIN " + sql.replacingOccurrences(of: "$1", with: "\(day.from)")
        .replacingOccurrences(of: "$2", with: "\(day.before)").replacingOccurrences(of: "$3", with: "'\(day.destination)'"))
    var from = day.from.bigEndian, before = day.before.bigEndian
    let destination = Array(day.destination.utf8)
    func rawQuery() -> Int {
        withUnsafeBytes(of: &from) { from in
            withUnsafeBytes(of: &before) { before in
                destination.withUnsafeBufferPointer { destination in
                    let values: [UnsafePointer<CChar>?] = [from.baseAddress!.assumingMemoryBound(to: CChar.self),
                                                          before.baseAddress!.assumingMemoryBound(to: CChar.self),
                                                          UnsafeRawPointer(destination.baseAddress!).assumingMemoryBound(to: CChar.self)]
                    let lengths: [Int32] = [8, 8, Int32(destination.count)]
                    let formats: [Int32] = [1, 1, 1]
                    guard let result = PQexecPrepared(connection.handle, statementName, 3, values, lengths, formats, 1),
                          PQresultStatus(result) == PGRES_TUPLES_OK else { fail("query: \(connection.errorMessage)") }
                    defer { PQclear(result) }
                    var touched = 0
                    for row in 0..<PQntuples(result) { for column: Int32 in 0...5 { touched &+= Int(PQgetlength(result, row, column)) } }
                    return Int(PQntuples(result)) + (touched == 42 ? 1 : 0) * 0
                }
            }
        }
    }
    func ledgerQuery() throws -> Int { try ledger.transfers(matching: query).count }
    for _ in 0..<20 {
        let a = try ledgerQuery(), b = rawQuery()
        guard a == day.expected, b == day.expected else { fail("query returned \(a) (ledger) / \(b) (raw) rows, expected \(day.expected)") }
    }
    var ledgerTimes: [Double] = [], rawTimes: [Double] = []
    for _ in 0..<run.options.queryRuns {
        ledgerTimes.append(try time { _ = try ledgerQuery() })
        rawTimes.append(time { _ = rawQuery() })
    }
    let ledgerSample = Sample(values: ledgerTimes), raw = Sample(values: rawTimes)
    let p50 = ledgerSample.percentile(50), p99 = ledgerSample.percentile(99)
    table.append(Line(figure: "4. query \(day.destination), 1 day (\(day.expected) rows, \(label)), N=\(run.options.n)",
                      ledger: "p50 \(milliseconds(p50)), p99 \(milliseconds(p99))",
                      baseline: "p50 \(milliseconds(raw.percentile(50))), p99 \(milliseconds(raw.percentile(99)))",
                      baselineName: "raw SQL", ratio: raw.percentile(50) / p50, goal: goal ? "p50 < 5 ms" : "(< 5 ms)", met: p50 < 0.005))
    result("\(prefix)_n", Double(run.options.n), digits: 0)
    result("\(prefix)_destination", day.destination)
    result("\(prefix)_rows", Double(day.expected), digits: 0)
    result("\(prefix)_ledger_p50_ms", p50 * 1e3, digits: 3)
    result("\(prefix)_ledger_p99_ms", p99 * 1e3, digits: 3)
    result("\(prefix)_raw_p50_ms", raw.percentile(50) * 1e3, digits: 3)
    result("\(prefix)_raw_p99_ms", raw.percentile(99) * 1e3, digits: 3)
    if goal { result("pg_query_goal_met", p50 < 0.005 ? "yes" : "no") }
    notes.append("query \(day.destination) plan: " + plan.map { $0[0].trimmingCharacters(in: .whitespaces) }.joined(separator: "; "))
}

/// The PostgreSQL mode's run, in place of the SQLite one.
func runPostgres(_ options: Options, uri: String) {
    let run = PostgresRun(options: options, adminURI: uri)
    print("PostgreSQL server \(run.admin.value("SHOW server_version")), \(libpqVersion), fsync \(run.admin.value("SHOW fsync")), "
          + "shared_buffers \(run.admin.value("SHOW shared_buffers"))")
    do {
        if options.only.contains("append") { try postgresBatchedAppend(run) }
        if options.only.contains("single") { try postgresSingleAppend(run) }
        if options.only.contains("verify") { try postgresVerify(run) }
        if options.only.contains("rss") { try postgresVerifyRSS(run) }
        if options.only.contains("query") { try postgresQuery(run) }
    } catch {
        if !options.keep { run.dropAll() }
        fail("\(error)")
    }
    if options.keep {
        print("kept databases \(run.prefix)* on the server")
    } else {
        run.dropAll()
    }
}
