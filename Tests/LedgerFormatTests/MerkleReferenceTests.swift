import Testing
@testable import LedgerFormat

/// A deliberately naive Merkle tree that follows the recursive RFC 6962 §2.1 definitions word for word,
/// used only to cross-check the stored-node algorithms. Subtree hashes are memoised so that exhaustive
/// checks stay fast in debug builds; the recursion itself is unchanged.
final class ReferenceMerkle {
    let leaves: [Digest]
    private let hasher = SHA256()
    private var memo: [Int: Digest] = [:]

    init(leaves: [Digest]) { self.leaves = leaves }

    /// The largest power of two strictly below `n` (n ≥ 2).
    static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// MTH(D[start ..< end]).
    func mth(_ start: Int, _ end: Int) -> Digest {
        let key = start << 20 | end
        if let hash = memo[key] { return hash }
        let hash: Digest
        switch end - start {
        case 0: hash = hasher.hash()
        case 1: hash = leaves[start]
        default:
            let k = Self.split(end - start)
            hash = hasher.nodeHash(mth(start, start + k), mth(start + k, end))
        }
        memo[key] = hash
        return hash
    }

    /// PATH(m, D[start ..< end]).
    func path(_ m: Int, _ start: Int, _ end: Int) -> [Digest] {
        let n = end - start
        guard n > 1 else { return [] }
        let k = Self.split(n)
        if m < k { return path(m, start, start + k) + [mth(start + k, end)] }
        return path(m - k, start + k, end) + [mth(start, start + k)]
    }

    /// PROOF(m, D[0 ..< n]) via SUBPROOF.
    func proof(_ m: Int, _ n: Int) -> [Digest] { subproof(m, 0, n, known: true) }

    private func subproof(_ m: Int, _ start: Int, _ end: Int, known: Bool) -> [Digest] {
        let n = end - start
        if m == n { return known ? [] : [mth(start, end)] }
        let k = Self.split(n)
        if m <= k { return subproof(m, start, start + k, known: known) + [mth(start + k, end)] }
        return subproof(m - k, start + k, end, known: false) + [mth(start, start + k)]
    }

    /// The draft-ietf-plants-merkle-tree-certs subtree consistency proof of `[start, end)` in the tree of `size`.
    func subtreeConsistency(_ start: Int, _ end: Int, _ size: Int, offset: Int = 0, known: Bool = true) -> [Digest] {
        if start >= end || end > size { return [] }
        if start == 0 && end == size { return known ? [] : [mth(offset, offset + size)] }
        let k = Self.split(size)
        if end <= k {
            return subtreeConsistency(start, end, k, offset: offset, known: known) + [mth(offset + k, offset + size)]
        }
        if k <= start {
            return subtreeConsistency(start - k, end - k, size - k, offset: offset + k, known: known)
                + [mth(offset, offset + k)]
        }
        return subtreeConsistency(0, end - k, size - k, offset: offset + k, known: false) + [mth(offset, offset + k)]
    }
}

@Suite struct MerkleReferenceTests {
    static let maxSize = 300
    /// Sizes are checked in bands so that Swift Testing can run them in parallel.
    static let bands: [ClosedRange<Int>] = stride(from: 1, through: maxSize, by: 20).map { $0...min($0 + 19, maxSize) }

    static func leaves(_ count: Int) -> [Digest] {
        let hasher = SHA256()
        return (0..<count).map { hasher.leafHash([UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)]) }
    }

    /// Whether to run the mutation checks for one proof: always for trees up to 64 leaves, for a seeded
    /// quarter of the proofs above, which keeps the suite to a few seconds in debug builds.
    static func mutates(_ n: Int, _ random: inout SplitMix64) -> Bool {
        n <= 64 || random.next() % 4 == 0
    }

    /// Flips one bit of one byte of `digest`.
    static func flip(_ digest: Digest, bit: Int) -> Digest {
        var bytes = digest.bytes
        bytes[bit / 8] ^= UInt8(1) << UInt8(bit % 8)
        return Digest(bytes: bytes) ?? digest
    }

    @Test(arguments: bands)
    func rootsAndInclusionProofsMatchReference(_ band: ClosedRange<Int>) throws {
        let tree = MerkleTree()
        let leaves = Self.leaves(band.upperBound)
        let reference = ReferenceMerkle(leaves: leaves)
        let store = NodeStore(leaves: leaves, tree: tree)
        var accumulator = MerkleAccumulator()
        for leaf in leaves.prefix(band.lowerBound - 1) { accumulator.append(leaf) }
        var random = SplitMix64(seed: UInt64(band.lowerBound))
        for n in band {
            accumulator.append(leaves[n - 1])
            let size = UInt64(n)
            let read = { (id: NodeID) in try store.node(id, atSize: size) }
            let root = try tree.root(size: size, node: read)
            #expect(root == reference.mth(0, n), "root of size \(n)")
            #expect(accumulator.root == root, "accumulator root of size \(n)")
            for i in 0..<n {
                let proof = try tree.inclusionProof(leafIndex: UInt64(i), treeSize: size, node: read)
                #expect(proof == reference.path(i, 0, n), "inclusion proof (\(i), \(n))")
                #expect(proof.count == MerkleTree.inclusionProofLength(leafIndex: UInt64(i), treeSize: size))
                try tree.verifyInclusion(leafIndex: UInt64(i), treeSize: size, leafHash: leaves[i], proof: proof, root: root)
                if Self.mutates(n, &random) {
                    try checkInclusionMutationsFail(tree, i, n, leaves[i], proof, root, &random)
                }
            }
        }
    }

    /// Every single change to an inclusion proof or its inputs must be rejected.
    func checkInclusionMutationsFail(
        _ tree: MerkleTree, _ i: Int, _ n: Int, _ leaf: Digest, _ proof: [Digest], _ root: Digest,
        _ random: inout SplitMix64
    ) throws {
        func rejects(_ index: Int, _ size: Int, _ leaf: Digest, _ proof: [Digest], _ root: Digest) -> Bool {
            (try? tree.verifyInclusion(leafIndex: UInt64(index), treeSize: UInt64(size), leafHash: leaf,
                                       proof: proof, root: root)) == nil
        }
        let seed = random.state
        #expect(rejects(i, n, Self.flip(leaf, bit: Int.random(in: 0..<256, using: &random)), proof, root), "seed \(seed)")
        #expect(rejects(i, n, leaf, proof, Self.flip(root, bit: Int.random(in: 0..<256, using: &random))), "seed \(seed)")
        #expect(rejects(i, n, leaf, proof + [root], root))
        if !proof.isEmpty {
            let position = Int.random(in: 0..<proof.count, using: &random)
            var mutated = proof
            mutated[position] = Self.flip(mutated[position], bit: Int.random(in: 0..<256, using: &random))
            #expect(rejects(i, n, leaf, mutated, root), "(\(i), \(n)) proof[\(position)] flipped, seed \(seed)")
            #expect(rejects(i, n, leaf, Array(proof.dropLast()), root))
            #expect(rejects(i, n, leaf, Array(proof.reversed()), root) || proof.count == 1 || Set(proof).count == 1)
        }
        if i + 1 < n { #expect(rejects(i + 1, n, leaf, proof, root), "(\(i) + 1, \(n))") }
        if i > 0 { #expect(rejects(i - 1, n, leaf, proof, root), "(\(i) - 1, \(n))") }
        #expect(rejects(i, i, leaf, proof, root))
    }

    @Test(arguments: bands)
    func consistencyProofsMatchReference(_ band: ClosedRange<Int>) throws {
        let tree = MerkleTree()
        let leaves = Self.leaves(band.upperBound)
        let reference = ReferenceMerkle(leaves: leaves)
        let store = NodeStore(leaves: leaves, tree: tree)
        var random = SplitMix64(seed: UInt64(band.upperBound))
        for n in band {
            let newSize = UInt64(n)
            let read = { (id: NodeID) in try store.node(id, atSize: newSize) }
            let newRoot = reference.mth(0, n)
            for m in 1...n {
                let oldSize = UInt64(m)
                let oldRoot = reference.mth(0, m)
                let proof = try tree.consistencyProof(oldSize: oldSize, newSize: newSize, node: read)
                #expect(proof == reference.proof(m, n), "consistency proof (\(m), \(n))")
                #expect(proof.count == MerkleTree.consistencyProofLength(oldSize: oldSize, newSize: newSize))
                try tree.verifyConsistency(oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, proof: proof)

                guard Self.mutates(n, &random) else { continue }
                func rejects(_ m: Int, _ n: Int, _ old: Digest, _ new: Digest, _ proof: [Digest]) -> Bool {
                    (try? tree.verifyConsistency(oldSize: UInt64(m), newSize: UInt64(n), oldRoot: old, newRoot: new,
                                                 proof: proof)) == nil
                }
                let seed = random.state
                #expect(rejects(m, n, Self.flip(oldRoot, bit: Int.random(in: 0..<256, using: &random)), newRoot, proof))
                #expect(rejects(m, n, oldRoot, Self.flip(newRoot, bit: Int.random(in: 0..<256, using: &random)), proof))
                #expect(rejects(m, n, oldRoot, newRoot, proof + [oldRoot]))
                if !proof.isEmpty {
                    let position = Int.random(in: 0..<proof.count, using: &random)
                    var mutated = proof
                    mutated[position] = Self.flip(mutated[position], bit: Int.random(in: 0..<256, using: &random))
                    #expect(rejects(m, n, oldRoot, newRoot, mutated), "(\(m), \(n)) proof[\(position)], seed \(seed)")
                    #expect(rejects(m, n, oldRoot, newRoot, Array(proof.dropFirst())))
                    #expect(rejects(m, n, oldRoot, newRoot, Array(proof.dropLast())))
                }
                if m < n {
                    #expect(rejects(m, n, newRoot, oldRoot, proof), "swapped roots (\(m), \(n))")
                    #expect(rejects(m + 1, n, oldRoot, newRoot, proof))
                    #expect(rejects(n, m, oldRoot, newRoot, proof))
                }
                #expect(rejects(0, n, oldRoot, newRoot, proof))
            }
        }
    }

    @Test func nodesCompletedMatchesAccumulator() throws {
        let tree = MerkleTree()
        let leaves = Self.leaves(200)
        var store = NodeStore(leaves: [], tree: tree)
        var accumulator = MerkleAccumulator()
        for (index, leaf) in leaves.enumerated() {
            let size = UInt64(index)
            let fromStore = try tree.nodesCompleted(byAppending: leaf, at: size) { try store.node($0, atSize: size) }
            #expect(fromStore == accumulator.append(leaf))
            #expect(fromStore.allSatisfy { $0.id.completeAtSize == size + 1 })
            store.append(leaf, tree: tree)
            let resumed = try MerkleAccumulator(size: size + 1) { try store.node($0, atSize: size + 1) }
            #expect(resumed.peaks == accumulator.peaks && resumed.root == accumulator.root)
            #expect(resumed.peakIDs.count == (index + 1).nonzeroBitCount)
        }
    }
}
