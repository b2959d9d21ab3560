import LedgerSample
import Foundation
import Testing
import TransferLedger

/// Issue 11 item 9: the built `ledger` fed seeded random mutations of valid inputs, for every parser
/// that reads a file or standard input. Each run must end with a documented status, never a signal or
/// a hang, print refusals as one `Error:` line, and leave the ledger as it was when it refuses.
/// `LEDGER_FUZZ_SCALE=N swift test --filter ParserFuzzTests` runs N times as many inputs.
// Serialized: a dozen targets spawning processes at once starve the rest of `swift test` on two cores.
@Suite("Fuzzed parser inputs", .serialized)
struct ParserFuzzTests {
    /// The NDJSON commands and the valid lines their inputs are mutated from.
    enum NDJSONTarget: String, CaseIterable, Sendable {
        case record, check, correct, govAccess = "gov-access", registryAdd = "registry add"

        var samples: [String] {
            let transfers = CLIFixture.three.map(\.jsonValue.canonicalText)
            let first = UInt64(CLIFixture.firstTransferSeq)
            switch self {
            case .record, .check:
                return transfers
            case .correct:
                return CLIFixture.three.enumerated().map { index, transfer in
                    TransferCorrection(supersedes: first + UInt64(index), reason: .roleMisclassified, reasonNote: "ticket CHG-1",
                                       transfer: transfer).jsonValue.canonicalText
                }
            case .govAccess:
                return CLIFixture.three.enumerated().compactMap { index, transfer in
                    try? SampleGroup.govAccessRequest(about: transfer, seq: first + UInt64(index)).jsonValue.canonicalText
                }
            case .registryAdd:
                return SampleGroup.registryLines + CLIFixture.registryLines
            }
        }
    }

    @Test(arguments: NDJSONTarget.allCases)
    func ndjson(_ target: NDJSONTarget) async throws {
        var bench = try FuzzBench("ndjson-\(target.rawValue)")
        defer { bench.finish() }
        try await bench.prepare()
        let samples = target.samples
        #expect(!samples.isEmpty)
        for iteration in 0..<FuzzBench.iterations(30) {
            // A few lines per run, most of them mutated: the parser must refuse the first bad one whatever follows.
            var input: [UInt8] = []
            for _ in 0...bench.mutator.below(3) {
                let line = bench.mutator.pick(samples)
                input += (bench.mutator.chance(75) ? bench.mutator.mutateJSONLine(line) : Array(line.utf8)) + [0x0A]
            }
            let name = "\(iteration).ndjson"
            let file = bench.session.write(name, input)
            let viaStdin = bench.mutator.chance(20)
            let command = target.rawValue.split(separator: " ").map(String.init)
            try await bench.run(command + [viaStdin ? "-" : file, "--db", bench.db], input: name, stdin: viaStdin ? input : [])
        }
    }

    @Test func regionTables() async throws {
        var bench = try FuzzBench("registry-adopt")
        defer { bench.finish() }
        try await bench.prepare()
        let table = try Data(contentsOf: Self.packageRoot.appendingPathComponent("Schema/regions.json"))
        let parsed = try JSONParser.parse(Array(table))
        for iteration in 0..<FuzzBench.iterations(16) {
            let bytes = bench.mutator.chance(70) ? CanonicalJSON.encode(bench.mutator.mutateJSON(parsed)) : bench.mutator.mutateBytes(Array(table))
            let name = "regions-\(iteration).json"
            let file = bench.session.write(name, bytes)
            // Effective days far apart, so an accepted table does not make the next one a duplicate.
            let effective = "\(2030 + iteration % 900)-01-01"
            try await bench.run(["registry", "adopt", file, "--effective", effective, "--db", bench.db], input: name)
        }
    }

    /// Proof files, checkpoints (both as `verify --checkpoint` and as `witness` input) and key files.
    enum FileTarget: String, CaseIterable, Sendable {
        case proof, checkpoint, witnessLast, witnessNew, publicKey, logPrivateKey, witnessPrivateKey

        var original: String {
            switch self {
            case .proof: "proof.json"
            case .checkpoint, .witnessNew: "cp2.txt"
            case .witnessLast: "cp1.txt"
            case .publicKey: "log.pub"
            case .logPrivateKey: "log.key"
            case .witnessPrivateKey: "witness.key"
            }
        }

        func arguments(_ file: String, db: String) -> [String] {
            switch self {
            case .proof: ["verify-proof", file, "--key", "log.pub"]
            case .checkpoint: ["verify", "--checkpoint", file, "--key", "log.pub", "--db", db]
            case .witnessLast: ["witness", "--key", "witness.key", "--log-key", "log.pub", "--last", file, "cp2.txt", "--db", db]
            case .witnessNew: ["witness", "--key", "witness.key", "--log-key", "log.pub", "--last", "cp1.txt", file, "--db", db]
            case .publicKey: ["verify-proof", "proof.json", "--key", file]
            case .logPrivateKey: ["checkpoint", "--key", file, "--db", db]
            case .witnessPrivateKey: ["witness", "--key", file, "--log-key", "log.pub", "--last", "cp1.txt", "cp2.txt", "--db", db]
            }
        }
    }

    @Test(arguments: FileTarget.allCases)
    func files(_ target: FileTarget) async throws {
        var bench = try FuzzBench("file-\(target.rawValue)")
        defer { bench.finish() }
        try await bench.prepare()
        let original = try bench.read(target.original)
        for iteration in 0..<FuzzBench.iterations(20) {
            let bytes: [UInt8]
            if target == .proof, bench.mutator.chance(60) {
                bytes = bench.mutator.mutateJSONLine(String(decoding: original, as: UTF8.self))
            } else {
                bytes = bench.mutator.mutateLines(original)
            }
            let name = "\(iteration)-\(target.original)"
            let file = bench.session.write(name, bytes)
            // Private keys must not be readable by others, else every run stops at that check.
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
            try await bench.run(target.arguments(file, db: bench.db), input: name)
        }
    }

    @Test func reportBundles() async throws {
        var bench = try FuzzBench("verify-report")
        defer { bench.finish() }
        try await bench.prepare()
        try await bench.prepareBundle()
        let files = ["report.json", "report.json", "transfers.csv", "report.sig"]
        for iteration in 0..<FuzzBench.iterations(40) {
            let copy = "bundle-\(iteration)"
            try FileManager.default.copyItem(atPath: bench.path("bundle"), toPath: bench.path(copy))
            let name = bench.mutator.pick(files)
            let original = try bench.read("bundle/\(name)")
            var lines = original.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            if name == "report.json", bench.mutator.chance(60), lines.count > 1 {
                // One line of the streamed document, as a structural JSON change (the closing line holds the header).
                let index = bench.mutator.chance(40) ? lines.count - 2 : bench.mutator.below(lines.count - 1)
                var text = lines[index]
                let comma = text.first == UInt8(ascii: ",")
                if comma { text.removeFirst() }
                lines[index] = (comma ? [UInt8(ascii: ",")] : []) + bench.mutator.mutateJSONLine(String(decoding: text, as: UTF8.self))
                _ = bench.session.write("\(copy)/\(name)", Array(lines.joined(separator: [0x0A])))
            } else {
                _ = bench.session.write("\(copy)/\(name)", bench.mutator.mutateLines(original))
            }
            try await bench.run(["verify-report", bench.path(copy), "--key", "log.pub"], input: "\(copy)/\(name)")
        }
    }

    /// The package's root directory, for the schema files the tests start from.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
}
