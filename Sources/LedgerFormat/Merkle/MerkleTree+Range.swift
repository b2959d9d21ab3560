/// Range proofs: the subtree hashes outside a contiguous leaf range `[start, end)` of the tree of
/// `treeSize` leaves, from which a verifier holding every leaf hash of the range rebuilds the root.
///
/// Both sides walk the RFC 9162 recursion over `[0, treeSize)` (FORMAT.md §26): a subtree wholly
/// outside the range is one proof hash, taken in left-to-right order; a subtree wholly inside is
/// computed from the range's leaves; any other subtree is split as MTH splits it. The verifier never
/// needs the range's leaves at once: ``RangeAccumulator`` folds them into O(log n) complete nodes.
extension MerkleTree {
    /// The proof hashes for the leaves `[start, end)` of the tree of `treeSize` leaves, left to right.
    ///
    /// Requires `start ≤ end ≤ treeSize`. An empty range's proof is the root itself (empty for size 0).
    package func rangeProof(start: UInt64, end: UInt64, treeSize: UInt64, node: (NodeID) throws -> Digest) throws -> [Digest] {
        try Self.checkRange(start: start, end: end, treeSize: treeSize)
        var proof: [Digest] = []
        try Self.walk(from: 0, to: treeSize, range: start..<end) { low, high in
            proof.append(try rangeHash(from: low, to: high, node: node))
        } inside: { _, _ in }
        return proof
    }

    /// Checks that the leaves folded into `leaves` are exactly the leaves `[start, end)` of the tree of
    /// `treeSize` leaves whose root is `root`, given the proof hashes outside the range.
    package func verifyRange(
        start: UInt64,
        end: UInt64,
        treeSize: UInt64,
        leaves: RangeAccumulator,
        proof: [Digest],
        root: Digest
    ) throws(MerkleProofError) {
        do {
            try Self.checkRange(start: start, end: end, treeSize: treeSize)
        } catch {
            throw .leafIndexOutOfRange(leafIndex: end, treeSize: treeSize)
        }
        guard leaves.start == start, leaves.end == end else {
            throw .wrongProofLength(expected: Int(clamping: end - start), actual: Int(clamping: leaves.end - leaves.start))
        }
        let expected = Self.rangeProofLength(start: start, end: end, treeSize: treeSize)
        guard proof.count == expected else { throw .wrongProofLength(expected: expected, actual: proof.count) }
        guard treeSize > 0 else {
            guard emptyRoot == root else { throw .rootMismatch(expected: root, computed: emptyRoot) }
            return
        }
        let blocks = leaves.blocks
        var next = proof.makeIterator()
        // A post-order walk with an explicit stack of results: outside subtrees come from the proof.
        var stack: [Digest] = []
        var missing = false
        Self.walkTree(from: 0, to: treeSize, range: start..<end) { event in
            switch event {
            case .outside:
                if let hash = next.next() { stack.append(hash) } else { missing = true }
            case .inside(let low, let high):
                // The range's complete subtrees tile every inside subtree exactly (FORMAT.md §26).
                let parts = Self.blocks(from: low, to: high).map { blocks[$0] }
                guard var hash = parts.last ?? nil else { missing = true; return }
                for part in parts.dropLast().reversed() {
                    guard let part else { missing = true; return }
                    hash = hasher.nodeHash(part, hash)
                }
                stack.append(hash)
            case .join:
                guard stack.count >= 2 else { missing = true; return }
                let right = stack.removeLast()
                let left = stack.removeLast()
                stack.append(hasher.nodeHash(left, right))
            }
        }
        guard !missing, stack.count == 1, let computed = stack.first else {
            throw .wrongProofLength(expected: expected, actual: proof.count)
        }
        guard computed == root else { throw .rootMismatch(expected: root, computed: computed) }
    }

    /// The number of hashes in the range proof of `[start, end)` at `treeSize`.
    package static func rangeProofLength(start: UInt64, end: UInt64, treeSize: UInt64) -> Int {
        var count = 0
        walkTree(from: 0, to: treeSize, range: start..<end) { event in
            if case .outside = event { count += 1 }
        }
        return count
    }

    // MARK: Internals

    enum WalkEvent {
        case outside(UInt64, UInt64)
        case inside(UInt64, UInt64)
        /// Combine the two most recent results as left and right child.
        case join
    }

    static func checkRange(start: UInt64, end: UInt64, treeSize: UInt64) throws(MerkleProofError) {
        guard start <= end, end <= treeSize else { throw .leafIndexOutOfRange(leafIndex: end, treeSize: treeSize) }
    }

    /// Visits the MTH recursion over `[low, high)` in post-order, stopping at subtrees wholly outside or
    /// wholly inside `range`. Depth is at most 64, so recursion is safe.
    static func walkTree(from low: UInt64, to high: UInt64, range: Range<UInt64>, _ visit: (WalkEvent) -> Void) {
        guard low < high else { return }
        if high <= range.lowerBound || low >= range.upperBound || range.isEmpty {
            visit(.outside(low, high))
        } else if range.lowerBound <= low && high <= range.upperBound {
            visit(.inside(low, high))
        } else {
            // RFC 9162: split at the largest power of two strictly below the size.
            let split = low + (UInt64(1) << UInt64(Bits.length(high - low - 1) - 1))
            walkTree(from: low, to: split, range: range, visit)
            walkTree(from: split, to: high, range: range, visit)
            visit(.join)
        }
    }

    /// The throwing form of the walk for generation, which only needs the outside subtrees in order.
    static func walk(
        from low: UInt64, to high: UInt64, range: Range<UInt64>,
        outside: (UInt64, UInt64) throws -> Void, inside: (UInt64, UInt64) throws -> Void
    ) throws {
        guard low < high else { return }
        if high <= range.lowerBound || low >= range.upperBound || range.isEmpty {
            try outside(low, high)
        } else if range.lowerBound <= low && high <= range.upperBound {
            try inside(low, high)
        } else {
            let split = low + (UInt64(1) << UInt64(Bits.length(high - low - 1) - 1))
            try walk(from: low, to: split, range: range, outside: outside, inside: inside)
            try walk(from: split, to: high, range: range, outside: outside, inside: inside)
        }
    }
}

/// The leaf hashes of a contiguous range folded, as they arrive, into its maximal complete subtrees.
///
/// Holds at most about 2 · 64 nodes however long the range is, so a verifier can stream millions of
/// entries. Two adjacent nodes of the same level merge when the left one is a left child.
package struct RangeAccumulator: Sendable {
    /// The first leaf index of the range.
    package let start: UInt64
    /// One past the last leaf folded in so far.
    package private(set) var end: UInt64
    private var stack: [MerkleNode] = []

    /// An empty range starting at leaf `start`.
    package init(start: UInt64) {
        self.start = start
        self.end = start
    }

    /// Folds in the hash of leaf `end`.
    package mutating func append(_ leaf: Digest, hasher: SHA256) {
        var node = MerkleNode(id: NodeID(level: 0, index: end), hash: leaf)
        end += 1
        while let top = stack.last, top.level == node.level, top.index & 1 == 0, top.index + 1 == node.index, node.level < 63 {
            stack.removeLast()
            node = MerkleNode(id: NodeID(level: node.level + 1, index: top.index >> 1), hash: hasher.nodeHash(top.hash, node.hash))
        }
        stack.append(node)
    }

    /// The maximal complete subtrees of the range, by address.
    var blocks: [NodeID: Digest] {
        Dictionary(stack.map { ($0.id, $0.hash) }, uniquingKeysWith: { first, _ in first })
    }
}
