@preconcurrency import Foundation
import TransferLedger

/// One row of the summary table.
struct Line {
    let figure: String
    let ledger: String
    let baseline: String
    let baselineName: String
    let ratio: Double
    let goal: String
    let met: Bool?
}

nonisolated(unsafe) var table: [Line] = []
nonisolated(unsafe) var notes: [String] = []

let options = Options.parse(Array(CommandLine.arguments.dropFirst()))
if let path = options.childVerify { childVerify(path) }

setvbuf(stdout, nil, _IOLBF, 0)
print("TransferLedger benchmark — release build, \(cpuModel())")
print("\(options.postgres == nil ? "SQLite \(sqliteVersion)" : "PostgreSQL mode"), \(openSSLVersion); "
      + "N=\(options.n), single-N=\(options.singleN), reps=\(options.reps), batch=\(options.batch)")
print("load average at start: \(loadAverage())")
result("n", Double(options.n), digits: 0)
result("reps", Double(options.reps), digits: 0)
result("load_start", loadAverage().split(separator: " ").first.map(String.init) ?? "?")
if let uri = options.postgres {
    runPostgres(options, uri: uri)
} else {
    runSQLite()
}

func runSQLite() {
    let run = Run(options: options)
    print("scratch: \(run.scratch.directory)")
    do {
        if options.only.contains("append") { try benchmarkBatchedAppend(run) }
        if options.only.contains("single") { try benchmarkSingleAppend(run) }
        if options.only.contains("verify") { try benchmarkVerify(run) }
        if options.only.contains("rss") { try benchmarkVerifyRSS(run) }
        if options.only.contains("query") { try benchmarkQuery(run) }
        if options.only.contains("components") { benchmarkComponents(run) }
        if options.only.contains("proofs") { try benchmarkProofs(run) }
        if options.only.contains("async") { try benchmarkAsync(run) }
        if options.only.contains("subjects") { try benchmarkSubjectLookup(run) }
    } catch {
        if !options.keep { run.scratch.removeAll() }
        fail("\(error)")
    }
    if options.keep {
        print("kept databases in \(run.scratch.directory)")
    } else {
        run.scratch.removeAll()
    }
}

// MARK: - Summary

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}
let headers = ["figure", "TransferLedger", "baseline", "baseline figure", "ratio", "goal", "met"]
let rows = table.map { line in
    [line.figure, line.ledger, line.baselineName, line.baseline, ratio(line.ratio), line.goal,
     line.met.map { $0 ? "yes" : "NO" } ?? ""]
}
let widths = headers.indices.map { column in ([headers[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0 }
print("")
print(zip(headers, widths).map { pad($0, $1) }.joined(separator: " | "))
print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "-|-"))
for row in rows { print(zip(row, widths).map { pad($0, $1) }.joined(separator: " | ")) }
print("")
print("ratios: ledger ÷ baseline of medians (query: raw p50 ÷ ledger p50); values are median (min..max) over \(options.reps) reps")
for note in notes { print("- " + note) }
print("load average at end: \(loadAverage()); total \(String(format: "%.0f", now() - startTime)) s")
result("load_end", loadAverage().split(separator: " ").first.map(String.init) ?? "?")
