import LedgerFormat

extension ReportVerifier {
    /// The registry entries `evidence.registry` carries that are the ledger's: each one's canonical bytes
    /// hash to a registry entry of the stated seq whose inclusion proof rebuilds the checkpoint root.
    /// Every other one is a problem naming it; the header is then regenerated from the ones that hold.
    static func registryEvidence(_ tail: JSONObject, checkpoint: Checkpoint, hasher: SHA256,
                                 into result: inout ReportVerification) -> [ReportController.Evidence] {
        guard case .array(let items)? = tail["evidence"]?.objectValue?["registry"] else { return [] }
        var evidence: [ReportController.Evidence] = []
        for (index, item) in items.enumerated() {
            let location = "evidence.registry[\(index)]"
            func problem(_ message: String) { result.problems.append(ReportProblem(file: ReportBundle.reportFile, location: location, message: message)) }
            let members = item.objectValue ?? [:]
            guard case .integer(let seqValue)? = members["seq"], seqValue >= 0,
                  let bytes = members["canonical"]?.stringValue.flatMap(Base64.decode),
                  case .array(let hashes)? = members["inclusionProof"] else {
                problem("is not a registry entry with seq, canonical and inclusionProof")
                continue
            }
            let proof = hashes.compactMap { $0.stringValue.flatMap(Digest.init(hex:)) }
            guard proof.count == hashes.count else {
                problem("inclusionProof holds a member that is not a 64-digit hex hash")
                continue
            }
            do {
                let payload = try members["payload"].map { value throws(DisclosedEntry.Malformed) in
                    guard let bytes = value.stringValue.flatMap(Base64.decode) else { throw DisclosedEntry.Malformed(description: "payload is not base64") }
                    return bytes
                }
                let entry = try DisclosedEntry.entry(canonical: bytes, payload: payload, hasher: hasher)
                guard entry.seq == UInt64(seqValue), entry.kind == .registry else {
                    problem("its canonical bytes are entry \(entry.seq) of kind \(entry.kind), not registry entry \(seqValue)")
                    continue
                }
                let fact = try RegistryPayload.fact(from: entry.payload)
                try MerkleTree(hasher: hasher).verifyInclusion(leafIndex: entry.seq, treeSize: checkpoint.size, leafHash: entry.hash,
                                                               proof: proof, root: checkpoint.rootHash)
                evidence.append(ReportController.Evidence(entry: entry, fact: fact, proof: proof))
            } catch {
                problem("is not an entry of the ledger the checkpoint signs: \(error)")
            }
        }
        return evidence
    }

    /// Adds the controller block to the regenerated object from the verified registry entries the
    /// report names (an entry it carries but does not name makes `evidence.registry` differ).
    static func attachController(to document: inout JSONObject, evidence: [ReportController.Evidence], exporters: Set<String>,
                                 into result: inout ReportVerification) {
        let named = ReportController.select(evidence.map { ($0.entry.seq, $0.fact) }, exporters: exporters)
        let chosen = evidence.filter { named.contains($0.entry.seq) }
        if !ReportController.namesGroup(chosen) {
            result.problems.append(ReportProblem(file: ReportBundle.reportFile, location: "header.controller",
                                                 message: "names no group: the bundle carries no registry entry of kind group"))
        }
        ReportController.attach(to: &document, evidence: chosen, exporters: exporters)
    }
}
