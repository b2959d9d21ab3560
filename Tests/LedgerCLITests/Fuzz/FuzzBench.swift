import Foundation
import Testing
import LedgerTestSupport
import TransferLedger

/// A ledger with every kind of input file the parsers read, made through the CLI, and the checks every
/// fuzzed run must pass: a documented exit status, one-line `Error:` messages, nothing written on refusal.
struct FuzzBench {
    let session: CLISession
    let seed: UInt64
    var mutator: Mutator
    /// Set when a run failed a check: the session directory, with the failing input, is then kept.
    private(set) var failed = false

    /// Iterations scale with `LEDGER_FUZZ_SCALE` (default 1); `LEDGER_FUZZ_SEED` replays a run.
    static let scale = max(1, Int(ProcessInfo.processInfo.environment["LEDGER_FUZZ_SCALE"] ?? "") ?? 1)
    static let baseSeed = UInt64(ProcessInfo.processInfo.environment["LEDGER_FUZZ_SEED"] ?? "") ?? 0x1ED6_E2F0_2211

    /// A bench for one target: its own directory and a seed derived from the target's name.
    init(_ target: String) throws {
        session = try CLISession()
        seed = target.utf8.reduce(Self.baseSeed) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
        mutator = Mutator(seed: seed)
    }

    func path(_ name: String) -> String { session.directory.file(name) }
    var db: String { session.db }

    /// The fixture registry and transfers, a log and a witness key, two checkpoints and a proof.
    func prepare() async throws {
        try await session.ledger()
        try await expectSuccess("keygen", "--name", "example.com/fuzz-log", "--out", "log")
        try await expectSuccess("keygen", "--name", "witness.example.com/fuzz", "--out", "witness", "--witness")
        try await expectSuccess("checkpoint", "--key", "log.key", "--db", db, "--out", "cp1.txt")
        let more = try await session.run("record", "--db", db, input: CLIFixture.ndjson([CLIFixture.transfer(key: "fuzz-more")]))
        guard more.status == 0 else { throw CLISession.Failure("record: \(more.stderr)") }
        try await expectSuccess("checkpoint", "--key", "log.key", "--db", db, "--out", "cp2.txt")
        let proof = try await session.run("prove", "4", "--db", db)
        guard proof.status == 0 else { throw CLISession.Failure("prove: \(proof.stderr)") }
        _ = session.write("proof.json", Array(proof.stdout.utf8))
    }

    /// A signed report bundle of the fixture ledger in `bundle/`.
    func prepareBundle() async throws {
        try await session.registerGroup()
        try await expectSuccess("export", "--db", db, "--from", "2026-01-01", "--to", "2026-12-31", "--report-id", "RPT-FUZZ",
                                "--addressee", "Fuzz", "--key", "log.key", "--out", "bundle")
    }

    private func expectSuccess(_ arguments: String...) async throws {
        let result = try await session.run(arguments)
        guard result.status == 0 else { throw CLISession.Failure("\(arguments.joined(separator: " ")): \(result.stderr)") }
    }

    func read(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path(name)))) }

    /// Runs `ledger arguments…` on a fuzzed input (already written to `inputName`) and checks the outcome;
    /// a run that changes the ledger must have succeeded (0) or recorded findings (2).
    mutating func run(_ arguments: [String], input inputName: String, stdin: [UInt8] = []) async throws {
        let before = try session.entryCount()
        let result = try await LedgerProcess.run(arguments, input: stdin, in: session.directory.path, watchdogSeconds: 60)
        let after = try session.entryCount()
        let context = "seed \(seed) (LEDGER_FUZZ_SEED=\(Self.baseSeed)), input \(path(inputName)), ledger \(arguments.joined(separator: " "))"
        var problems: [String] = []
        if !LedgerProcess.documentedStatuses.contains(result.status) {
            problems.append("exit status \(result.status) is not a documented one (137: killed by the watchdog or a signal)")
        }
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let errorLines = lines.filter { $0.hasPrefix("Error:") }
        if [64, 65, 66, 74].contains(result.status) {
            if errorLines.count != 1 || lines.first?.hasPrefix("Error: ") != true {
                problems.append("a refusal must print exactly one 'Error:' line first; stderr: \(result.stderr.prefix(2_000))")
            }
            // A usage error may add its usage line; every other refusal is the one line alone.
            if result.status != 64 && lines.count != 1 { problems.append("the error spans \(lines.count) lines: \(result.stderr.prefix(2_000))") }
            if after != before { problems.append("refused with \(result.status), yet the ledger went from \(before) to \(after) entries") }
        } else if errorLines.count > 1 || (result.status != 1 && !errorLines.isEmpty) {
            // Only a failed check (1: `witness` on inconsistent checkpoints) may say why in an error line.
            problems.append("exit \(result.status) with \(errorLines.count) 'Error:' lines: \(result.stderr.prefix(2_000))")
        }
        if result.status == 1, after != before { problems.append("exit 1, yet the ledger went from \(before) to \(after) entries") }
        for problem in problems { Issue.record("\(problem) — \(context)") }
        failed = failed || !problems.isEmpty
    }

    /// Removes the directory unless a run failed, whose input is then kept for replay.
    func finish() {
        if failed {
            print("fuzz inputs kept in \(session.directory.path) (seed \(seed))")
        } else {
            session.remove()
        }
    }

    /// The run count of a target: `base` times `LEDGER_FUZZ_SCALE`.
    static func iterations(_ base: Int) -> Int { base * scale }
}
