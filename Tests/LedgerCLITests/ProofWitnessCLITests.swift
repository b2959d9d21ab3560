import Foundation
import Testing
@testable import TransferLedger

/// `ledger witness` end to end: cosigns only checkpoints consistent with the last one it cosigned.
@Suite struct ProofWitnessCLITests {
    @Test func witnessCosignsConsistentCheckpointsAndRefusesForksAndRollbacks() async throws {
        let cli = try ProofCLI()
        defer { cli.cleanUp() }
        let db = cli.file("log.ledger"), forkDB = cli.file("fork.ledger")
        try ProofCLI.record(5, into: db)
        // The fork shares the first five entries byte for byte (the ledger is closed here).
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: db + suffix) {
            try FileManager.default.copyItem(atPath: db + suffix, toPath: forkDB + suffix)
        }
        #expect(try await cli.run("keygen", "--name", "example.com/cli-log", "--out", cli.file("log")).status == 0)
        #expect(try await cli.run("keygen", "--name", "witness.example.com/w1", "--out", cli.file("witness"), "--witness").status == 0)
        #expect(try await cli.run("keygen", "--name", "example.com/cli-log", "--out", cli.file("impostor")).status == 0)

        #expect(try await cli.run("checkpoint", "--key", cli.file("log.key"), "--db", db, "--out", cli.file("cp1.txt")).status == 0)
        try ProofCLI.record(4, into: db, offset: 5)
        #expect(try await cli.run("checkpoint", "--key", cli.file("log.key"), "--db", db, "--out", cli.file("cp2.txt")).status == 0)
        let cp2 = try SignedNote(parsing: cli.read("cp2.txt"))
        #expect(try Checkpoint(parsing: cp2.text).size == 10)

        func witness(last: String, new: String, db: String, key: String = "witness.key", logKey: String = "log.pub") async throws -> ProofCLI.Result {
            try await cli.run("witness", "--key", cli.file(key), "--log-key", cli.file(logKey), "--last", cli.file(last), cli.file(new), "--db", db)
        }

        // Consistent: cosigned, two signature lines, same text.
        let before = UInt64(time(nil))
        let cosigned = try await witness(last: "cp1.txt", new: "cp2.txt", db: db)
        #expect(cosigned.status == 0, "\(cosigned)")
        let lines = cosigned.output.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.filter { $0.hasPrefix("— ") }.count == 2, "\(cosigned.output)")
        #expect(lines.last == "", "the note ends with a newline")
        let note = try SignedNote(parsing: cosigned.output)
        #expect(note.text == cp2.text)
        #expect(note.signatures.first == cp2.signatures.first, "the log signature is kept as it was")
        #expect(note.signatures.last?.name == "witness.example.com/w1")
        let witnessKey = try KeyFile.readVerifier(cli.file("witness.pub"))
        let verification = try note.verify(using: [witnessKey])
        #expect(verification.isValid && verification.verified.count == 1)
        let cosignedAt = try #require(verification.verified.first?.timestamp)
        #expect(cosignedAt >= before && cosignedAt <= UInt64(time(nil)), "the cosignature carries the time it was made")
        try cli.write(cosigned.output, to: "cp2-cosigned.txt")

        // The cosigned checkpoint verifies with the log key plus the witness key.
        let checked = try await cli.run("verify", "--checkpoint", cli.file("cp2-cosigned.txt"),
                                  "--key", cli.file("log.pub"), "--key", cli.file("witness.pub"), "--db", db)
        #expect(checked.status == 0, "\(checked)")
        // A cosigned note with a broken witness line is refused: a known key whose signature fails.
        var broken = cosigned.output
        let lastLine = try #require(broken.split(separator: "\n").last)
        var payload = Array(lastLine.split(separator: " ").last!)
        payload[20] = payload[20] == "A" ? "B" : "A"
        broken = broken.replacingOccurrences(of: String(lastLine.split(separator: " ").last!), with: String(payload))
        try cli.write(broken, to: "cp2-broken.txt")
        let brokenCheck = try await cli.run("verify", "--checkpoint", cli.file("cp2-broken.txt"),
                                      "--key", cli.file("log.pub"), "--key", cli.file("witness.pub"), "--db", db)
        #expect(brokenCheck.status == 1, "\(brokenCheck)")

        // An inclusion proof against the cosigned checkpoint verifies with both keys.
        let proof = try await cli.run("prove", "7", "--checkpoint", cli.file("cp2-cosigned.txt"), "--db", db)
        #expect(proof.status == 0, "\(proof.errors)")
        try cli.write(proof.output, to: "proof.json")
        #expect(try await cli.run("verify-proof", cli.file("proof.json"), "--key", cli.file("log.pub"), "--key", cli.file("witness.pub")).status == 0)

        // The same checkpoint again (equal sizes, equal roots) is fine.
        #expect(try await witness(last: "cp2.txt", new: "cp2.txt", db: db).status == 0)

        // A fork: same first five entries, then others, checkpointed with the same log key.
        try ProofCLI.record(3, into: forkDB, seed: 99)
        #expect(try await cli.run("checkpoint", "--key", cli.file("log.key"), "--db", forkDB, "--out", cli.file("fork.txt")).status == 0)
        #expect(try Checkpoint(parsing: SignedNote(parsing: cli.read("fork.txt")).text).size == 8)
        let forked = try await witness(last: "fork.txt", new: "cp2.txt", db: db)
        #expect(forked.status != 0, "\(forked)")
        #expect(!forked.output.contains("— witness.example.com/w1"), "nothing is cosigned")
        #expect(forked.errors.contains("not consistent"), "\(forked.errors)")
        // …and the other way round, proved from the fork's own ledger.
        #expect(try await witness(last: "cp1.txt", new: "fork.txt", db: forkDB).status == 0, "the fork does extend cp1")
        #expect(try await witness(last: "fork.txt", new: "cp2.txt", db: forkDB).status != 0)
        // Verify of the real ledger against the fork's checkpoint fails too.
        #expect(try await cli.run("verify", "--checkpoint", cli.file("fork.txt"), "--key", cli.file("log.pub"), "--db", db).status == 1)

        // --last larger than the new one: a rollback.
        let rollback = try await witness(last: "cp2.txt", new: "cp1.txt", db: db)
        #expect(rollback.status != 0, "\(rollback)")
        #expect(rollback.errors.contains("rollback"), "\(rollback.errors)")
        #expect(rollback.output.isEmpty)

        // Checkpoints not signed by the given log key are refused.
        let impostor = try await witness(last: "cp1.txt", new: "cp2.txt", db: db, logKey: "impostor.pub")
        #expect(impostor.status != 0, "\(impostor)")
        #expect(impostor.output.isEmpty)
    }
}

extension ProofWitnessCLITests {
    /// FORMAT-proofs.md §5 and §7: size and root are taken only from a checkpoint whose *log* signature
    /// verified; a witness cosignature adds to it and cannot replace it.
    @Test func witnessCosignatureAloneDoesNotMakeAProofValid() async throws {
        let cli = try ProofCLI()
        defer { cli.cleanUp() }
        #expect(try await cli.run("keygen", "--name", "example.com/cli-log", "--out", cli.file("log")).status == 0)
        #expect(try await cli.run("keygen", "--name", "witness.example.com/w1", "--out", cli.file("witness"), "--witness").status == 0)
        // A one-entry "tree" the log never signed, cosigned by the witness only.
        let witnessSigner = try KeyFile.readSigner(cli.file("witness.key"))
        let witness = try CheckpointCosigner(name: witnessSigner.name, privateKey: witnessSigner.privateKey)
        let entry = Array("a forged entry".utf8)
        let leaf = SHA256().leafHash(entry)
        let checkpoint = try Checkpoint(origin: "example.com/cli-log", size: 1, rootHash: leaf)
        let note = try SignedNote(text: checkpoint.text, signatures: [witness.cosign(checkpoint.text, timestamp: 1_700_000_000)])
        let proof = InclusionProof(leafIndex: 0, treeSize: 1, leafHash: leaf, proof: [], checkpoint: note.serialized, entry: entry)
        try cli.write(String(decoding: JSONEncoder().encode(proof), as: UTF8.self), to: "forged.json")
        let result = try await cli.run("verify-proof", cli.file("forged.json"), "--key", cli.file("log.pub"), "--key", cli.file("witness.pub"))
        #expect(result.status == 1, "a checkpoint without the log's signature was trusted: \(result)")
    }
}
