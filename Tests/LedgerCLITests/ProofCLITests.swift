import Foundation
import LedgerSample
import LedgerTestSupport
import Testing
@testable import LedgerSQLite
@testable import TransferLedger

/// Runs the built `ledger` binary in a scratch directory and captures what it prints.
struct ProofCLI {
    struct Result {
        let status: Int32
        let output: String
        let errors: String
    }

    private let scratch: TemporaryDirectory
    var directory: String { scratch.path }

    init() throws {
        scratch = try TemporaryDirectory()
    }

    func cleanUp() { scratch.remove() }

    func file(_ name: String) -> String { scratch.file(name) }

    /// Runs `ledger arguments…` with the scratch directory as working directory, empty input and no
    /// `LEDGER_DB`.
    @discardableResult
    func run(_ arguments: String...) async throws -> Result { try await run(arguments) }

    @discardableResult
    func run(_ arguments: [String]) async throws -> Result {
        let result = try await LedgerProcess.run(arguments, in: directory)
        return Result(status: result.status, output: result.stdout, errors: result.stderr)
    }

    func write(_ text: String, to name: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: file(name)))
    }

    func read(_ name: String) throws -> String {
        try String(contentsOfFile: file(name), encoding: .utf8)
    }

    /// A copy of a proof JSON with one member changed.
    static func edit(_ json: String, _ body: (inout [String: Any]) throws -> Void) throws -> String {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        try body(&object)
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    /// The hex string with its first digit changed.
    static func flipFirstHexDigit(_ hex: String) -> String {
        let first = hex.first == "0" ? "1" : "0"
        return first + hex.dropFirst()
    }

    /// Transfers recorded through the library (the CLI's `record` is covered elsewhere).
    static func record(_ count: Int, into path: String, seed: UInt64 = 11, offset: Int = 0) throws {
        let ledger = FileManager.default.fileExists(atPath: path) ? try Ledger(path: path) : try Ledger.create(at: path)
        let end = Timestamp(microseconds: 1_767_225_600_000_000)
        try ledger.record(contentsOf: Array(SampleGroup.transfers(count: offset + count, endingAt: end, seed: seed).dropFirst(offset)))
    }

    /// Removes entries from `size` on, with their projection (transfer, rule, registry, checkpoint) and
    /// private-document rows and nodes, keeping the schema intact.
    static func truncate(_ path: String, toSize size: Int64) throws {
        let database = try Database(path: path, mode: .readWrite)
        try database.transaction {
            var triggers: [(String, String)] = []
            try database.statement("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'").forEachRow { triggers.append(($0.text(0), $0.text(1))) }
            for (name, _) in triggers { try database.execute("DROP TRIGGER \(name)") }
            try database.execute("""
                DELETE FROM entry WHERE seq >= \(size); DELETE FROM transfer WHERE seq >= \(size); DELETE FROM transfer_private WHERE seq >= \(size);
                DELETE FROM transfer_rule WHERE seq >= \(size); DELETE FROM registry_fact WHERE seq >= \(size);
                DELETE FROM checkpoint WHERE seq >= \(size); DELETE FROM node WHERE ((idx + 1) << level) > \(size)
                """)
            for (_, sql) in triggers { try database.execute(sql) }
        }
    }

    static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) & 0o777
    }
}

@Suite struct ProofCLITests {
    @Test func keygenWritesProtectedKeysAndNeverOverwrites() async throws {
        let cli = try ProofCLI()
        defer { cli.cleanUp() }
        let made = try await cli.run("keygen", "--name", "example.com/cli-log", "--out", cli.file("log"))
        #expect(made.status == 0, "\(made.errors)")
        #expect(try ProofCLI.mode(cli.file("log.key")) == 0o600)
        #expect(try ProofCLI.mode(cli.file("log.pub")) == 0o644)
        let pub = try cli.read("log.pub")
        #expect(made.output.contains(pub.trimmingCharacters(in: .newlines)), "the public key is printed")
        #expect(!made.output.contains("PRIVATE+KEY"), "the private key is never printed")
        let signer = try KeyFile.readSigner(cli.file("log.key"))
        #expect(try KeyFile.readVerifier(cli.file("log.pub")) == signer.verifierKey)
        #expect(signer.name == "example.com/cli-log")

        // A second run must not touch either file.
        let keyBefore = try cli.read("log.key")
        let again = try await cli.run("keygen", "--name", "example.com/cli-log", "--out", cli.file("log"))
        #expect(again.status == 64, "\(again)")
        #expect(again.errors.contains("already exists"))
        #expect(try cli.read("log.key") == keyBefore && cli.read("log.pub") == pub)
        // Not even when only the public half is there.
        try cli.write("mine\n", to: "half.pub")
        #expect(try await cli.run("keygen", "--name", "example.com/half", "--out", cli.file("half")).status == 64)
        #expect(!FileManager.default.fileExists(atPath: cli.file("half.key")))
        #expect(try cli.read("half.pub") == "mine\n")

        // Without --out the files are named after the last part of the name, in the working directory.
        #expect(try await cli.run("keygen", "--name", "witness.example.com/w1", "--witness").status == 0)
        let witness = try KeyFile.readVerifier(cli.file("w1.pub"))
        #expect(witness.type == .ed25519Cosignature, "--witness writes the type 0x04 key")
        #expect(try ProofCLI.mode(cli.file("w1.key")) == 0o600)
        #expect(try await cli.run("keygen").status == 64, "--name is required")
    }

    @Test func checkpointProveAndVerifyProofEndToEnd() async throws {
        let cli = try ProofCLI()
        defer { cli.cleanUp() }
        let db = cli.file("transfers.ledger")
        try ProofCLI.record(9, into: db)
        #expect(try await cli.run("keygen", "--name", "example.com/cli-log", "--out", cli.file("log")).status == 0)
        #expect(try await cli.run("keygen", "--name", "example.com/other", "--out", cli.file("other")).status == 0)

        // checkpoint: prints the note, writes --out, records it at seq 9.
        let first = try await cli.run("checkpoint", "--key", cli.file("log.key"), "--db", db, "--out", cli.file("cp1.txt"))
        #expect(first.status == 0, "\(first.errors)")
        #expect(try cli.read("cp1.txt") == first.output)
        let cp1 = try SignedNote(parsing: first.output)
        #expect(try Checkpoint(parsing: cp1.text).size == 9)
        #expect(first.output.split(separator: "\n").filter { $0.hasPrefix("— ") }.count == 1)
        do {
            let ledger = try Ledger(path: db, readOnly: true)
            #expect(try ledger.entryCount() == 10)
            #expect(try ledger.entry(at: 9).kind == .checkpoint)
            #expect(try ledger.recordedCheckpoint(size: 9).serialized == first.output)
        }
        // A world-readable key is refused with a hint, and nothing is recorded.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: cli.file("log.key"))
        let loose = try await cli.run("checkpoint", "--key", cli.file("log.key"), "--db", db)
        #expect(loose.status != 0 && loose.errors.contains("chmod"), "\(loose)")
        #expect(try Ledger(path: db, readOnly: true).entryCount() == 10)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: cli.file("log.key"))

        // prove SEQ → JSON that verify-proof accepts.
        let prove = try await cli.run("prove", "4", "--db", db)
        #expect(prove.status == 0, "\(prove.errors)")
        let proof = try JSONDecoder().decode(InclusionProof.self, from: Data(prove.output.utf8))
        #expect(proof.leafIndex == 4 && proof.treeSize == 9 && !proof.proof.isEmpty && proof.entry != nil)
        #expect(proof.checkpoint == first.output)
        try cli.write(prove.output, to: "inclusion.json")
        let valid = try await cli.run("verify-proof", cli.file("inclusion.json"), "--key", cli.file("log.pub"))
        #expect(valid.status == 0, "\(valid)")
        #expect(valid.output.hasPrefix("valid"))

        // One hex digit of a proof hash, of the leaf hash, or one character of the entry: exit 1.
        let tampered: [(String, (inout [String: Any]) throws -> Void)] = [
            ("proof hash", { json in
                var hashes = try #require(json["proof"] as? [String])
                hashes[hashes.count - 1] = ProofCLI.flipFirstHexDigit(hashes[hashes.count - 1])
                json["proof"] = hashes
            }),
            ("leaf hash", { json in json["leafHash"] = ProofCLI.flipFirstHexDigit(try #require(json["leafHash"] as? String)) }),
            ("entry", { json in
                var entry = Array(try #require(json["entry"] as? String))
                entry[12] = entry[12] == "A" ? "B" : "A"
                json["entry"] = String(entry)
            }),
            ("leaf index", { json in json["leafIndex"] = 5 }),
        ]
        for (what, edit) in tampered {
            try cli.write(ProofCLI.edit(prove.output, edit), to: "bad.json")
            let result = try await cli.run("verify-proof", cli.file("bad.json"), "--key", cli.file("log.pub"))
            #expect(result.status == 1, "edited \(what): \(result)")
            #expect(result.output.contains("INVALID"), "edited \(what): \(result)")
        }
        // The untouched proof with the wrong public key: not trusted.
        let wrongKey = try await cli.run("verify-proof", cli.file("inclusion.json"), "--key", cli.file("other.pub"))
        #expect(wrongKey.status == 1, "\(wrongKey)")
        // Not a proof at all: rejected as input, not reported as tampering.
        try cli.write("{\"type\": \"inclusion\"}", to: "junk.json")
        #expect(try await cli.run("verify-proof", cli.file("junk.json"), "--key", cli.file("log.pub")).status == 65)

        // More entries, a second checkpoint, and a consistency proof between the two.
        try ProofCLI.record(5, into: db, offset: 9)
        let second = try await cli.run("checkpoint", "--key", cli.file("log.key"), "--db", db, "--out", cli.file("cp2.txt"))
        #expect(second.status == 0, "\(second.errors)")
        #expect(try Checkpoint(parsing: SignedNote(parsing: second.output).text).size == 15)

        let consistency = try await cli.run("prove", "--consistency", "9", "15", "--db", db)
        #expect(consistency.status == 0, "\(consistency.errors)")
        let decoded = try JSONDecoder().decode(ConsistencyProof.self, from: Data(consistency.output.utf8))
        #expect(decoded.oldSize == 9 && decoded.newSize == 15 && !decoded.proof.isEmpty)
        try cli.write(consistency.output, to: "consistency.json")
        #expect(try await cli.run("verify-proof", cli.file("consistency.json"), "--key", cli.file("log.pub")).status == 0)
        try cli.write(ProofCLI.edit(consistency.output) { json in
            var hashes = try #require(json["proof"] as? [String])
            hashes[0] = ProofCLI.flipFirstHexDigit(hashes[0])
            json["proof"] = hashes
        }, to: "bad-consistency.json")
        let badConsistency = try await cli.run("verify-proof", cli.file("bad-consistency.json"), "--key", cli.file("log.pub"))
        #expect(badConsistency.status == 1, "\(badConsistency)")
        // The newest checkpoint is the default new size.
        let byDefault = try await cli.run("prove", "--consistency", "9", "--db", db)
        #expect(byDefault.status == 0 && byDefault.output == consistency.output, "\(byDefault)")
        #expect(try await cli.run("prove", "--consistency", "8", "15", "--db", db).status == 66, "no checkpoint of size 8 is recorded")

        // Inclusion against a chosen checkpoint: by recorded size, or from a file.
        for options in [["--size", "15"], ["--checkpoint", cli.file("cp1.txt")]] {
            let result = try await cli.run(["prove", "2", "--db", db] + options)
            #expect(result.status == 0, "\(options): \(result.errors)")
            try cli.write(result.output, to: "chosen.json")
            #expect(try await cli.run("verify-proof", cli.file("chosen.json"), "--key", cli.file("log.pub")).status == 0, "\(options)")
        }
        #expect(try await cli.run("prove", "12", "--checkpoint", cli.file("cp1.txt"), "--db", db).status != 0, "entry 12 is not in the tree of size 9")
        #expect(try await cli.run("prove", "99", "--db", db).status == 66)

        // verify --checkpoint --key: intact, then truncated below the first checkpoint.
        let intact = try await cli.run("verify", "--checkpoint", cli.file("cp1.txt"), "--checkpoint", cli.file("cp2.txt"),
                                 "--key", cli.file("log.pub"), "--db", db)
        #expect(intact.status == 0, "\(intact)")
        #expect(try await cli.run("verify", "--checkpoint", cli.file("cp1.txt"), "--db", db).status == 64, "a checkpoint needs a key")
        let untrusted = try await cli.run("verify", "--checkpoint", cli.file("cp1.txt"), "--key", cli.file("other.pub"), "--db", db)
        #expect(untrusted.status == 1, "\(untrusted)")

        try ProofCLI.truncate(db, toSize: 7)
        #expect(try await cli.run("verify", "--db", db).status == 0, "a clean truncation passes a plain verify")
        let truncated = try await cli.run("verify", "--checkpoint", cli.file("cp1.txt"), "--key", cli.file("log.pub"), "--db", db)
        #expect(truncated.status == 1, "\(truncated)")
        #expect(truncated.output.contains("removed"), "\(truncated.output)")
        let json = try await cli.run("verify", "--checkpoint", cli.file("cp2.txt"), "--key", cli.file("log.pub"), "--db", db, "--json")
        #expect(json.status == 1)
        #expect(json.output.contains("\"checkpoint\""), "\(json.output)")
    }
}

/// Exit statuses and diagnostics of malformed requests.
@Suite struct ProofCLIDiagnosticsTests {
    /// An impossible request (old size > new size) is a usage error (LedgerError.invalidRequest), not an I/O error.
    @Test func consistencyProofFromLargerToSmallerIsNotAnIOError() async throws {
        let cli = try ProofCLI()
        defer { cli.cleanUp() }
        let db = cli.file("t.ledger")
        try ProofCLI.record(6, into: db)
        #expect(try await cli.run("keygen", "--name", "example.com/cli-log", "--out", cli.file("log")).status == 0)
        #expect(try await cli.run("checkpoint", "--key", cli.file("log.key"), "--db", db).status == 0)
        #expect(try await cli.run("checkpoint", "--key", cli.file("log.key"), "--db", db).status == 0)
        let result = try await cli.run("prove", "--consistency", "7", "6", "--db", db)
        #expect(result.status == 64, "\(result)")
        #expect(result.errors.contains("7") && result.errors.contains("6"), "\(result.errors)")
        #expect(!result.errors.contains("SQLite") && !result.errors.contains("database error"), "\(result.errors)")
        #expect(result.output.isEmpty)
    }

    /// verify-proof dispatches on the proof's type, so a malformed inclusion proof names its bad field.
    @Test func malformedInclusionProofNamesTheBadField() async throws {
        let cli = try ProofCLI()
        defer { cli.cleanUp() }
        #expect(try await cli.run("keygen", "--name", "example.com/cli-log", "--out", cli.file("log")).status == 0)
        try cli.write(#"{"type":"inclusion","version":1,"leafIndex":1,"treeSize":2,"leafHash":"zz","proof":[],"checkpoint":"x"}"#,
                      to: "bad.json")
        let result = try await cli.run("verify-proof", cli.file("bad.json"), "--key", cli.file("log.pub"))
        #expect(result.status == 65)
        #expect(result.errors.contains("leafHash"), "\(result.errors)")
        #expect(!result.errors.contains("expected 'consistency'"), "\(result.errors)")
    }

    @Test(arguments: [("leafIndex", #""leafIndex":1.0"#), ("treeSize", #""treeSize":2e0"#), ("version", #""version":1.0"#)])
    func aProofIntegerWrittenAsAFractionIsRefused(_ member: String, _ spelling: String) async throws {
        let cli = try ProofCLI()
        defer { cli.cleanUp() }
        #expect(try await cli.run("keygen", "--name", "example.com/cli-log", "--out", cli.file("log")).status == 0)
        let hash = String(repeating: "ab", count: 32)
        let proof = #"{"type":"inclusion","version":1,"leafIndex":1,"treeSize":2,"leafHash":"\#(hash)","proof":["\#(hash)"],"checkpoint":"x"}"#
        let edited = proof.replacing(try Regex(#""\#(member)":[0-9]+"#), with: spelling)
        try #require(edited != proof)
        try cli.write(edited, to: "fraction.json")
        let result = try await cli.run("verify-proof", cli.file("fraction.json"), "--key", cli.file("log.pub"))
        #expect(result.status == 65, "\(result)")
        #expect(result.errors.contains("field \(member): is not an integer"), "\(result.errors)")
    }

    @Test func anUppercaseHashInAProofFileIsRefused() async throws {
        let cli = try ProofCLI()
        defer { cli.cleanUp() }
        #expect(try await cli.run("keygen", "--name", "example.com/cli-log", "--out", cli.file("log")).status == 0)
        let hash = String(repeating: "ab", count: 32)
        try cli.write(#"{"type":"inclusion","version":1,"leafIndex":1,"treeSize":2,"leafHash":"\#(hash.uppercased())","proof":["\#(hash)"],"checkpoint":"x"}"#,
                      to: "upper.json")
        let result = try await cli.run("verify-proof", cli.file("upper.json"), "--key", cli.file("log.pub"))
        #expect(result.status == 65, "\(result)")
        #expect(result.errors.contains("leafHash") && result.errors.contains("lowercase"), "\(result.errors)")
    }
}
