import LedgerSample
import Foundation
import TransferLedger

// MARK: - 5. Proofs (issue "Proofs anyone can check")

/// Inclusion and consistency proof generation, and roots, on a copy of the N-entry ledger: each read
/// O(log n) stored nodes. The goal is absolute (under 1 ms at p50 at 1,000,000 entries).
func benchmarkProofs(_ run: Run) throws {
    try run.ensurePrefilled()
    guard let prefilled = run.prefilled else { return }
    let path = run.scratch.path("proofs.ledger")
    run.scratch.copyDatabase(prefilled, to: path)
    defer { run.scratch.removeDatabase(path) }

    let signer = try NoteSigner(name: "bench.example/ledger", privateKey: try Ed25519PrivateKey())
    let ledger = try Ledger(path: path)
    let newest = try ledger.checkpoint(signedBy: [signer])
    let size = try Checkpoint(parsing: newest.text).size
    var generator = SystemRandomNumberGenerator()
    let samples = 400

    // Signed checkpoints of random older sizes, made untimed, for the consistency proofs.
    var olderNotes: [SignedNote] = []
    for _ in 0..<samples {
        let oldSize = UInt64.random(in: 1...size, using: &generator)
        let checkpoint = try Checkpoint(origin: signer.name, size: oldSize, rootHash: try ledger.root(size: oldSize).root)
        olderNotes.append(try SignedNote(text: checkpoint.text, signatures: [try signer.sign(checkpoint.text)]))
    }

    var inclusion = Sample(values: []), consistency = Sample(values: []), roots = Sample(values: [])
    for index in 0..<samples {
        let seq = UInt64.random(in: 0..<size, using: &generator)
        inclusion.values.append(try timeMS { _ = try ledger.inclusionProof(for: seq, checkpoint: newest) })
        consistency.values.append(try timeMS { _ = try ledger.consistencyProof(from: olderNotes[index], to: newest) })
        let rootSize = UInt64.random(in: 1...size, using: &generator)
        roots.values.append(try timeMS { _ = try ledger.root(size: rootSize) })
    }
    func line(_ name: String, _ sample: Sample) {
        table.append(Line(figure: "5. \(name), N=\(size)",
                          ledger: String(format: "p50 %.3f ms, p99 %.3f ms", sample.median, sample.percentile(99)),
                          baseline: "", baselineName: "–", ratio: .nan, goal: "p50 < 1 ms", met: sample.median < 1))
        result("proof_\(name.replacingOccurrences(of: " ", with: "_"))_p50_ms", sample.median, digits: 4)
    }
    line("inclusion proof", inclusion)
    line("consistency proof", consistency)
    line("root at any size", roots)
    log("proofs: inclusion p50 \(inclusion.median) ms, consistency p50 \(consistency.median) ms")
}

/// Milliseconds taken by `body`.
func timeMS(_ body: () throws -> Void) rethrows -> Double {
    try time(body) * 1_000
}
