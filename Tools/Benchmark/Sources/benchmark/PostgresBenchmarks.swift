import BenchPQ
import Foundation
import TransferLedger

// The PostgreSQL mode (`--postgres URI`): the same figures as the SQLite mode, each against raw libpq
// on the same server in the same run, both sides starting from the same template database.

// MARK: - 1. Batched append

func postgresBatchedAppend(_ run: PostgresRun) throws {
    let options = run.options
    let n = options.n
    let batches = stride(from: 0, to: n, by: options.batch).map { Array(run.bulk[$0..<min($0 + options.batch, n)]) }
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
    result("pg_append_batch_ledger_rows_per_s", ledger)
    result("pg_append_batch_raw_rows_per_s", raw)
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
    result("pg_append_single_ledger_rows_per_s", ledger)
    result("pg_append_single_raw_rows_per_s", raw)
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
           coalesce((SELECT string_agg(r.rule, ',') FROM transfer_rule r WHERE r.seq = t.seq), ''), e.format
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
    let checker = ChainChecker()
    var rows = 0, mismatches = 0, touched = 0
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
        for column: Int32 in 6...21 { touched &+= bytes(result, column).count }
        guard hash else { continue }
        let seq = bytes(result, 0).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let format = bytes(result, 22).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        if !checker.check(format: UInt8(truncatingIfNeeded: format), seq: seq, kind: bytes(result, 1), recordedAt: bytes(result, 2), previousHash: bytes(result, 3),
                          hash: bytes(result, 4), payload: bytes(result, 5)) { mismatches += 1 }
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
    // Statistics and visibility hints as a verifier run some time after the appends would find them,
    // and the shared buffers warmed once, untimed.
    RawConnection(uri).execute("VACUUM ANALYZE")
    _ = rawPostgresScan(uri, hash: false)
    let figures = try measureVerify(reps: run.options.reps, entries: n, verify: { try Ledger(location: .postgres(uri), readOnly: true) },
                                    scan: { rawPostgresScan(uri, hash: $0) })
    reportVerify(figures, entries: n, prefix: "pg_", baselineName: "raw streaming scan")
}

// MARK: - Verify peak RSS, in child processes

func postgresVerifyRSS(_ run: PostgresRun) throws {
    try run.ensurePrefilled()
    guard let large = run.prefilled, let smallN = rssSmallN(run.options) else { return }
    let small = run.prefix + "rss_small"
    log("building a \(smallN)-entry ledger for the RSS comparison (untimed)")
    try run.build(small, from: sampleTransfers(count: smallN, seed: 7), batch: 10_000)
    compareVerifyRSS(small: (smallN, run.uri(small)), large: (run.options.n, run.uri(large)), prefix: "pg_",
                     cache: "pages of 2,048 rows")
    run.dropDatabase(small)
}

// MARK: - 4. Indexed query

func postgresQuery(_ run: PostgresRun) throws {
    try run.ensurePrefilled()
    guard let name = run.prefilled else { return }
    let uri = run.uri(name)
    RawConnection(uri).execute("VACUUM ANALYZE")
    let (fewHundred, densest) = queryDays(run.bulk)
    let ledger = try Ledger(location: .postgres(uri), readOnly: true)
    let connection = RawConnection(uri)
    try postgresMeasureQuery(fewHundred, label: "a few hundred matches", prefix: "pg_query", goal: true, ledger: ledger, connection: connection, run: run)
    if densest.destination != fewHundred.destination {
        try postgresMeasureQuery(densest, label: "densest destination", prefix: "pg_query_densest", goal: false, ledger: ledger,
                                 connection: connection, run: run)
    }
}

func postgresMeasureQuery(_ day: QueryDay, label: String, prefix: String, goal: Bool, ledger: Ledger, connection: RawConnection, run: PostgresRun) throws {
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
    try compareQuery(day, label: label, prefix: prefix, goal: goal, run: run.options, ledger: ledger, raw: rawQuery)
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
