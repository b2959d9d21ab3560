import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// Range proofs against the recursive RFC 9162 reference, exhaustively for every range of small trees.
@Suite("Merkle range proofs")
struct ExportRangeProofTests {
    static func leaves(_ count: Int) -> [Digest] {
        let hasher = SHA256()
        return (0..<count).map { hasher.leafHash([UInt8(truncatingIfNeeded: $0), 0x5A]) }
    }

    /// The reference definition: MTH over [0, n) where subtrees wholly outside the range are proof hashes.
    static func referenceProof(_ reference: MerkleRFCReference, _ low: Int, _ high: Int, range: Range<Int>) -> [Digest] {
        guard low < high else { return [] }
        if high <= range.lowerBound || low >= range.upperBound || range.isEmpty { return [reference.mth(low, high)] }
        if range.lowerBound <= low && high <= range.upperBound { return [] }
        let split = low + MerkleRFCReference.split(high - low)
        return referenceProof(reference, low, split, range: range) + referenceProof(reference, split, high, range: range)
    }

    /// Complete nodes computed once per tree from the reference, as storage would hold them.
    static func node(_ reference: MerkleRFCReference) -> (NodeID) -> Digest {
        var nodes: [NodeID: Digest] = [:]
        var level = 0
        while 1 << level <= reference.leaves.count {
            for index in 0..<(reference.leaves.count >> level) {
                nodes[NodeID(level: level, index: UInt64(index))] = reference.mth(index << level, (index + 1) << level)
            }
            level += 1
        }
        return { id in nodes[id] ?? reference.mth(0, 0) }
    }

    @Test(arguments: 0...24)
    func everyRangeOfEveryTreeSizeRebuildsTheRoot(size: Int) throws {
        let leaves = Self.leaves(size)
        let reference = MerkleRFCReference(leaves)
        let tree = MerkleTree()
        let root = reference.mth(0, size)
        let node = Self.node(reference)
        for start in 0...size {
            for end in start...size {
                let proof = try tree.rangeProof(start: UInt64(start), end: UInt64(end), treeSize: UInt64(size), node: node)
                #expect(proof == Self.referenceProof(reference, 0, size, range: start..<end), "size \(size) range \(start)..<\(end)")
                #expect(proof.count == MerkleTree.rangeProofLength(start: UInt64(start), end: UInt64(end), treeSize: UInt64(size)))
                var accumulator = RangeAccumulator(start: UInt64(start))
                for leaf in leaves[start..<end] { accumulator.append(leaf, hasher: tree.hasher) }
                #expect(throws: Never.self, "size \(size) range \(start)..<\(end)") {
                    try tree.verifyRange(start: UInt64(start), end: UInt64(end), treeSize: UInt64(size), leaves: accumulator, proof: proof, root: root)
                }
                guard start < end else { continue }
                // Any changed leaf, proof hash or missing proof hash is caught.
                var changed = RangeAccumulator(start: UInt64(start))
                for (offset, leaf) in leaves[start..<end].enumerated() {
                    changed.append(offset == (end - start) / 2 ? reference.mth(0, 0) : leaf, hasher: tree.hasher)
                }
                #expect(throws: MerkleProofError.self) {
                    try tree.verifyRange(start: UInt64(start), end: UInt64(end), treeSize: UInt64(size), leaves: changed, proof: proof, root: root)
                }
                if !proof.isEmpty {
                    var wrong = proof
                    wrong[wrong.count / 2] = reference.mth(0, 0)
                    #expect(throws: MerkleProofError.self) {
                        try tree.verifyRange(start: UInt64(start), end: UInt64(end), treeSize: UInt64(size), leaves: accumulator, proof: wrong, root: root)
                    }
                    #expect(throws: MerkleProofError.self) {
                        try tree.verifyRange(start: UInt64(start), end: UInt64(end), treeSize: UInt64(size), leaves: accumulator, proof: Array(proof.dropLast()), root: root)
                    }
                }
            }
        }
    }

    @Test(arguments: Backend.allCases)
    func proofsFromStoredNodesMatchTheReference(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try MerkleFixtures.makeLedger(at: scratch.path, count: 45)
        let hashes = try MerkleFixtures.entryHashes(ledger)
        let reference = MerkleRFCReference(hashes)
        for start in [0, 3, 17, 32, 44, 45] {
            let proof = try ledger.wrap { try MerkleTree().rangeProof(start: UInt64(start), end: 45, treeSize: 45, node: ledger.store.node) }
            #expect(proof == Self.referenceProof(reference, 0, 45, range: start..<45), "\(start)..<45")
        }
    }
}
