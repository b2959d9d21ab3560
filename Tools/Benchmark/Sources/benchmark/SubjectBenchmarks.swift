import Foundation
import TransferLedger

/// Subject access lookups (issue 14 §3): a ledger of N transfers, each linked to one to three of
/// N/10 pseudonymous subjects, answered per subject through the token index
/// (`Ledger.subjectReport(tokens:)`: index lookup, each linked entry read and decoded, registry names),
/// against the same rows read by raw indexed SQL in the same run, interleaved.
func benchmarkSubjectLookup(_ run: Run) throws {
    let key = SubjectKey(bytes: Array(0...31))!
    let subjects = max(run.bulk.count / 10, 1)
    log("deriving \(subjects) subject tokens (untimed)")
    let tokens = (0..<subjects).map { SubjectToken(identifier: try! SubjectIdentifier("person\($0)@example.com", kind: .email), key: key) }
    /// The subjects linked to transfer `index`: one always, a second for every third, a third for every seventh.
    func links(_ index: Int) -> [SubjectToken] {
        var chosen = [index % subjects]
        if index % 3 == 0 { chosen.append((index / 3 + 1) % subjects) }
        if index % 7 == 0 { chosen.append((index / 7 + 2) % subjects) }
        return Array(Set(chosen)).sorted().map { tokens[$0] }
    }
    let path = run.scratch.path("subjects.ledger")
    run.scratch.removeDatabase(path)
    log("building the \(run.bulk.count)-entry ledger with subject links (untimed)")
    let built = try time {
        let ledger = try run.createLedger(at: path)
        var start = 0
        while start < run.bulk.count {
            let end = min(start + 10_000, run.bulk.count)
            try ledger.record(contentsOf: (start..<end).map { index in
                var transfer = run.bulk[index]
                transfer.subjectLinks = links(index)
                return transfer
            })
            start = end
        }
    }
    notes.append(String(format: "subject links: built %d linked transfers in %.0f s", run.bulk.count, built))

    let ledger = try Ledger(path: path, readOnly: true)
    let database = RawDatabase(path: path, readOnly: true)
    database.configureLikeLedger(readOnly: true)
    let statement = database.prepare("""
        SELECT e.seq, e.recorded_at, e.hash, e.payload, p.document FROM subject_link l JOIN entry e ON e.seq = l.seq \
        JOIN transfer_private p ON p.seq = l.seq WHERE l.token = ? ORDER BY l.seq
        """)
    func rawLookup(_ token: SubjectToken) -> Int {
        token.digest.bytes.withUnsafeBufferPointer { buffer in
            statement.bindBlob(1, buffer.baseAddress!, Int32(buffer.count))
            return statement.drainRows()
        }
    }
    // Subjects spread over the population, so no one subject's rows stay hot.
    let runs = run.options.queryRuns
    let probe = (0..<runs).map { tokens[($0 * 7_919) % subjects] }
    var expected = 0
    for token in probe.prefix(20) {
        let a = try ledger.subjectReport(tokens: [token]).disclosures.count, b = rawLookup(token)
        guard a == b, a > 0 else { fail("subject lookup returned \(a) (ledger) / \(b) (raw) rows") }
        expected += a
    }
    var ledgerTimes: [Double] = [], rawTimes: [Double] = []
    for token in probe {
        ledgerTimes.append(try time { _ = try ledger.subjectReport(tokens: [token]) })
        rawTimes.append(time { _ = rawLookup(token) })
    }
    let ledgerSample = Sample(values: ledgerTimes), raw = Sample(values: rawTimes)
    let p50 = ledgerSample.percentile(50), p99 = ledgerSample.percentile(99)
    table.append(Line(figure: "9. subject lookup (\(String(format: "%.1f", Double(expected) / 20)) transfers each), N=\(run.bulk.count)",
                      ledger: "p50 \(milliseconds(p50)), p99 \(milliseconds(p99))",
                      baseline: "p50 \(milliseconds(raw.percentile(50))), p99 \(milliseconds(raw.percentile(99)))",
                      baselineName: "raw SQL", ratio: raw.percentile(50) / p50, goal: "p99 < 10 ms", met: p99 < 0.010))
    result("subject_n", Double(run.bulk.count), digits: 0)
    result("subject_runs", Double(runs), digits: 0)
    result("subject_rows_mean", Double(expected) / 20, digits: 1)
    result("subject_ledger_p50_ms", p50 * 1e3, digits: 3)
    result("subject_ledger_p99_ms", p99 * 1e3, digits: 3)
    result("subject_raw_p50_ms", raw.percentile(50) * 1e3, digits: 3)
    result("subject_raw_p99_ms", raw.percentile(99) * 1e3, digits: 3)
    result("subject_goal_met", p99 < 0.010 ? "yes" : "no")
    run.scratch.removeDatabase(path)
}
