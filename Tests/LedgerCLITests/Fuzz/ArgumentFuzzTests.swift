import Testing
import TransferLedger

/// Seeded random argument vectors: commands, options and values mixed, repeated, misplaced and out of
/// range, against a ledger with keys, checkpoints and a proof beside it.
@Suite("Fuzzed argument vectors")
struct ArgumentFuzzTests {
    /// Every command but `demo`, whose accepted `--count` may legitimately run for minutes.
    static let commands = ["init", "record", "check", "correct", "gov-access", "show", "query", "verify", "prove", "verify-proof",
                           "checkpoint", "witness", "keygen", "export", "verify-report", "registry", "help", "--help", "-h", "bogus", ""]
    static let options = ["--db", "--key", "--log-key", "--last", "--out", "--checkpoint", "--checkpoints", "--size", "--consistency",
                          "--from", "--to", "--limit", "--format", "--group-by", "--region", "--destination", "--exporter",
                          "--importer", "--effective", "--kind", "--name", "--report-id", "--addressee", "--json", "--policy",
                          "--witness", "-h", "--help", "--", "-", "--db=cli.ledger", "-x"]
    static let values = ["cli.ledger", "log.key", "log.pub", "witness.key", "cp1.txt", "cp2.txt", "proof.json", "add", "list",
                         "tables", "adopt", "show", "0", "4", "-1", "9223372036854775807", "9223372036854775808",
                         "18446744073709551616", "2026-01-01", "9999-12-31", "10000-01-01", "2026-13-40", "0000-01-01T00:00:00Z",
                         "csv", "json", "table", "destination", "THIRD_COUNTRY", "IN", "", " ", "\u{1B}[2J", "line\nbreak",
                         "\u{202E}", "/dev/zero", "/", "nowhere/x", String(repeating: "9", count: 400),
                         String(repeating: "a", count: 70_000), "out-dir/"]

    @Test func randomArgumentVectors() async throws {
        var bench = try FuzzBench("arguments")
        defer { bench.finish() }
        try await bench.prepare()
        for iteration in 0..<FuzzBench.iterations(60) {
            var arguments = [bench.mutator.pick(Self.commands)]
            if arguments[0] == "registry", bench.mutator.chance(80) { arguments.append(bench.mutator.pick(["add", "list", "show", "adopt", "tables"])) }
            for _ in 0..<bench.mutator.below(7) {
                switch bench.mutator.below(3) {
                case 0: arguments.append(bench.mutator.pick(Self.options))
                case 1: arguments.append(bench.mutator.pick(Self.values))
                default: arguments += [bench.mutator.pick(Self.options), bench.mutator.pick(Self.values)]
                }
            }
            // Most runs name the bench's ledger, so they get past "no such file" to the parsers behind it.
            if bench.mutator.chance(70) { arguments += ["--db", bench.db] }
            let name = "args-\(iteration).txt"
            _ = bench.session.write(name, Array(arguments.joined(separator: "\n").utf8))
            try await bench.run(arguments, input: name)
        }
    }
}
