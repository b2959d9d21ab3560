import Foundation

/// Command-line options of the benchmark.
struct Options {
    /// Transfers recorded by the batched-append benchmark; the size of the ledger verified and queried.
    var n = 100_000
    /// Transfers appended one per transaction (durable) onto a copy of the N-entry ledger.
    var singleN = 2_000
    /// Repetitions per figure; medians are reported.
    var reps = 3
    /// Transfers per transaction in the batched-append benchmark.
    var batch = 1_000
    /// Timed query runs per side (ledger, raw), interleaved.
    var queryRuns = 400
    /// Size of the second, smaller ledger whose verify RSS is compared with the N ledger's.
    var rssSmallN: Int?
    /// Scratch directory; a fresh subdirectory is made in it and deleted afterwards.
    var dir = NSTemporaryDirectory()
    /// Keep the scratch databases.
    var keep = false
    /// Which benchmarks to run.
    var only: Set<String> = ["append", "single", "verify", "query", "rss", "components", "proofs", "async", "subjects"]
    /// Directory holding Schema/migrations/*.sql.
    var schemaDir: String?
    /// A libpq URI of a database on a PostgreSQL server: benchmark the PostgreSQL backend there
    /// instead of SQLite (databases are created beside it and dropped at the end).
    var postgres: String?
    /// Internal: run one verify in this process and print its memory figures (used for the RSS child).
    var childVerify: String?

    static let usage = """
        usage: benchmark [options]
          --n N             entries in the batched-append ledger, also verified and queried (default 100000, max 1000000)
          --single-n N      entries appended one per durable transaction onto a copy of it (default 2000)
          --reps R          repetitions per figure, medians reported (default 3)
          --batch B         entries per transaction in the batched append (default 1000)
          --query-runs Q    timed runs per side of the indexed query (default 400, at least 200)
          --rss-small-n N   size of the smaller ledger for the verify RSS comparison (default N/10, at least 10000)
          --dir PATH        scratch directory (default $TMPDIR or /tmp); databases are deleted afterwards
          --keep            keep the scratch databases
          --only LIST       comma-separated subset of append,single,verify,rss,query,components,proofs,async,subjects
          --schema-dir PATH directory with the migrations (default: found from the working directory)
          --postgres URI    benchmark the PostgreSQL backend on the server of this libpq URI (any database on it;
                            the run creates and drops databases of its own), against raw libpq; see pg-bench.sh
          --quick           about one minute: --n 20000 --single-n 300 --reps 3 --query-runs 200
        """

    static func parse(_ arguments: [String]) -> Options {
        var options = Options()
        var index = 0
        func value(_ name: String) -> String {
            index += 1
            guard index < arguments.count else { fail("\(name) needs a value") }
            return arguments[index]
        }
        func integer(_ name: String) -> Int {
            let text = value(name).replacingOccurrences(of: "_", with: "")
            var multiplier = 1
            var digits = Substring(text)
            if digits.hasSuffix("k") { multiplier = 1_000; digits = digits.dropLast() }
            if digits.hasSuffix("M") { multiplier = 1_000_000; digits = digits.dropLast() }
            guard let number = Int(digits), number > 0 else { fail("\(name) needs a positive integer, not '\(text)'") }
            return number * multiplier
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--n": options.n = integer("--n")
            case "--single-n": options.singleN = integer("--single-n")
            case "--reps": options.reps = integer("--reps")
            case "--batch": options.batch = integer("--batch")
            case "--query-runs": options.queryRuns = integer("--query-runs")
            case "--rss-small-n": options.rssSmallN = integer("--rss-small-n")
            case "--dir": options.dir = value("--dir")
            case "--keep": options.keep = true
            case "--postgres": options.postgres = value("--postgres")
            case "--schema-dir": options.schemaDir = value("--schema-dir")
            case "--only": options.only = Set(value("--only").split(separator: ",").map(String.init))
            case "--quick":
                options.n = 20_000
                options.singleN = 300
                options.reps = 3
                options.queryRuns = 200
            case "--child-verify": options.childVerify = value("--child-verify")
            case "-h", "--help":
                print(usage)
                exit(0)
            default:
                fail("unknown option '\(arguments[index])'\n\(usage)")
            }
            index += 1
        }
        guard options.n <= 1_000_000 else { fail("--n is at most 1000000") }
        options.queryRuns = max(options.queryRuns, 200)
        return options
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("benchmark: \(message)\n".utf8))
    exit(64)
}
