import Testing
@testable import LedgerFormat

/// The accumulated vectors: one SHA-256 over the text of every root or proof of trees up to 130 leaves,
/// where leaf i is the single byte i (draft-ietf-plants-merkle-tree-certs appendix, and derived variants).
@Suite struct MerkleAccumulatedVectorTests {
    static let maxSize = 130
    static let vectors = MerkleVectors.shared

    /// Collects the lines of one vector and hashes them exactly as written.
    struct Transcript {
        var text: [UInt8] = []
        mutating func line(_ prefix: String, _ hashes: [Digest] = []) {
            text += Array(prefix.utf8)
            for hash in hashes { text += Array(" \(hash.hex)".utf8) }
            text.append(0x0A)
        }
        var digest: String { SHA256.hash(text).hex }
    }

    let tree = MerkleTree()
    let leaves: [Digest] = {
        let hasher = SHA256()
        return (0..<maxSize).map { hasher.leafHash([UInt8($0)]) }
    }()

    func expected(_ name: String, in group: [MerkleVectors.Accumulated]) throws -> String {
        try #require(group.first { $0.name == name }).expected_sha256
    }

    /// [start, end) is a subtree iff start is 0, empty, or a multiple of the smallest power of two ≥ its size.
    static func isValidSubtree(_ start: Int, _ end: Int) -> Bool {
        guard start <= end else { return false }
        if start == 0 || start == end { return true }
        var width = 1
        while width < end - start { width <<= 1 }
        return start % width == 0
    }

    @Test func derivedRoots() throws {
        let store = NodeStore(leaves: leaves, tree: tree)
        var transcript = Transcript()
        for n in 0...Self.maxSize {
            let root = try tree.root(size: UInt64(n)) { try store.node($0, atSize: UInt64(n)) }
            transcript.line("\(n) \(root.hex)")
        }
        #expect(transcript.digest == (try expected("roots", in: Self.vectors.accumulated_vectors_derived.vectors)))
    }

    @Test func derivedInclusionProofs() throws {
        let store = NodeStore(leaves: leaves, tree: tree)
        var transcript = Transcript()
        for n in 1...Self.maxSize {
            for i in 0..<n {
                let proof = try tree.inclusionProof(leafIndex: UInt64(i), treeSize: UInt64(n)) {
                    try store.node($0, atSize: UInt64(n))
                }
                transcript.line("\(i) \(n)", proof)
            }
        }
        #expect(transcript.digest == (try expected("inclusion_proofs", in: Self.vectors.accumulated_vectors_derived.vectors)))
    }

    @Test func derivedConsistencyProofs() throws {
        let store = NodeStore(leaves: leaves, tree: tree)
        var transcript = Transcript()
        for n in 1...Self.maxSize {
            for m in 1...n {
                let proof = try tree.consistencyProof(oldSize: UInt64(m), newSize: UInt64(n)) {
                    try store.node($0, atSize: UInt64(n))
                }
                transcript.line("\(m) \(n)", proof)
            }
        }
        #expect(transcript.digest == (try expected("consistency_proofs", in: Self.vectors.accumulated_vectors_derived.vectors)))
    }

    /// Subtree hashes come from the stored-node range fold, which covers exactly the valid subtrees.
    @Test func publishedSubtreeHashes() throws {
        let store = NodeStore(leaves: leaves, tree: tree)
        var transcript = Transcript()
        for end in 0...Self.maxSize {
            for start in 0...end where Self.isValidSubtree(start, end) {
                let hash = try tree.rangeHash(from: UInt64(start), to: UInt64(end)) {
                    try store.node($0, atSize: UInt64(end))
                }
                transcript.line("[\(start), \(end)) \(hash.hex)")
            }
        }
        #expect(transcript.digest == (try expected("subtree_hashes", in: Self.vectors.accumulated_vectors_published.vectors)))
    }

    /// The subtree generalisations are not part of the ledger; these check the reference implementation
    /// that the exhaustive tests trust, against values published by an independent source.
    @Test func publishedSubtreeInclusionProofs() throws {
        let reference = ReferenceMerkle(leaves: leaves)
        var transcript = Transcript()
        for end in 0...Self.maxSize {
            for start in 0...end where Self.isValidSubtree(start, end) {
                for index in start..<end {
                    transcript.line("\(index) [\(start), \(end))", reference.path(index - start, start, end))
                }
            }
        }
        #expect(transcript.digest == (try expected("subtree_inclusion_proofs", in: Self.vectors.accumulated_vectors_published.vectors)))
    }

    @Test func publishedSubtreeConsistencyProofs() throws {
        let reference = ReferenceMerkle(leaves: leaves)
        var transcript = Transcript()
        for n in 0...Self.maxSize {
            for end in 0...n {
                for start in 0...end where Self.isValidSubtree(start, end) {
                    transcript.line("[\(start), \(end)) \(n)", reference.subtreeConsistency(start, end, n))
                }
            }
        }
        #expect(transcript.digest == (try expected("subtree_consistency_proofs", in: Self.vectors.accumulated_vectors_published.vectors)))
    }
}
