/// Proof generation from stored complete nodes, and the exact proof lengths verifiers demand.
extension MerkleTree {
    /// The RFC 9162 inclusion proof (audit path) of leaf `leafIndex` in the tree of `treeSize` leaves.
    ///
    /// Hashes run from the leaf's sibling upward. Throws ``MerkleProofError/leafIndexOutOfRange(leafIndex:treeSize:)``
    /// unless `leafIndex < treeSize`, and rethrows whatever `node` throws.
    package func inclusionProof(
        leafIndex: UInt64,
        treeSize: UInt64,
        node: (NodeID) throws -> Digest
    ) throws -> [Digest] {
        guard leafIndex < treeSize else {
            throw MerkleProofError.leafIndexOutOfRange(leafIndex: leafIndex, treeSize: treeSize)
        }
        return try path(from: NodeID(level: 0, index: leafIndex), treeSize: treeSize, node: node)
    }

    /// The RFC 9162 consistency proof that the tree of `oldSize` leaves is a prefix of the tree of `newSize`.
    ///
    /// Requires `0 < oldSize ≤ newSize`; equal sizes give an empty proof. Consistency from size 0 is an error
    /// by this library's policy (see FORMAT.md §13): the RFC defines no such proof.
    package func consistencyProof(
        oldSize: UInt64,
        newSize: UInt64,
        node: (NodeID) throws -> Digest
    ) throws -> [Digest] {
        try Self.checkConsistencySizes(oldSize: oldSize, newSize: newSize)
        guard oldSize < newSize else { return [] }
        // The old tree's last peak is a complete node that is also in the new tree; the proof is its path
        // to the new root, preceded by the node itself unless it is the whole old tree (the verifier has that).
        let level = oldSize.trailingZeroBitCount
        let start = NodeID(level: level, index: (oldSize - 1) >> UInt64(level))
        let path = try path(from: start, treeSize: newSize, node: node)
        return Bits.isPowerOfTwo(oldSize) ? path : [try node(start)] + path
    }

    /// The number of hashes in the inclusion proof of `leafIndex` at `treeSize`, or nil when there is none.
    package static func inclusionProofLength(leafIndex: UInt64, treeSize: UInt64) -> Int? {
        guard leafIndex < treeSize else { return nil }
        return pathLength(index: leafIndex, last: treeSize - 1)
    }

    /// The number of hashes in the consistency proof from `oldSize` to `newSize`, or nil when there is none.
    package static func consistencyProofLength(oldSize: UInt64, newSize: UInt64) -> Int? {
        guard 0 < oldSize, oldSize <= newSize else { return nil }
        guard oldSize < newSize else { return 0 }
        let level = UInt64(oldSize.trailingZeroBitCount)
        let length = pathLength(index: (oldSize - 1) >> level, last: (newSize - 1) >> level)
        return Bits.isPowerOfTwo(oldSize) ? length : length + 1
    }

    // MARK: Internals

    /// Applies the size policy shared by consistency generation and verification.
    static func checkConsistencySizes(oldSize: UInt64, newSize: UInt64) throws(MerkleProofError) {
        guard oldSize > 0 else { throw .consistencyFromEmptyTree(newSize: newSize) }
        guard oldSize <= newSize else { throw .oldSizeExceedsNewSize(oldSize: oldSize, newSize: newSize) }
    }

    /// Proof length for a node at `index` when the rightmost node of its level is `last`.
    ///
    /// Below the level where the node's path meets the right edge every level contributes one sibling;
    /// above it only levels where the node is a right child do, because right-edge nodes are promoted.
    static func pathLength(index: UInt64, last: UInt64) -> Int {
        let inner = Bits.length(index ^ last)
        return inner + (index >> UInt64(inner)).nonzeroBitCount
    }

    /// The hashes that lead from the complete node `start` to the root of the tree of `treeSize` leaves.
    ///
    /// Left siblings are always complete nodes. Right siblings are complete too, except possibly the top one
    /// below the meeting point with the right edge, which is folded from the blocks of its range.
    func path(from start: NodeID, treeSize: UInt64, node: (NodeID) throws -> Digest) rethrows -> [Digest] {
        let last = (treeSize - 1) >> UInt64(start.level)
        let inner = Bits.length(start.index ^ last)
        var proof: [Digest] = []
        proof.reserveCapacity(Self.pathLength(index: start.index, last: last))
        for step in 0..<inner {
            let level = start.level + step
            let position = start.index >> UInt64(step)
            if position & 1 == 1 {
                proof.append(try node(NodeID(level: level, index: position - 1)))
            } else {
                let siblingStart = (position + 1) << UInt64(level)
                let width = UInt64(1) << UInt64(level)
                let siblingEnd = treeSize - siblingStart > width ? siblingStart + width : treeSize
                proof.append(try rangeHash(from: siblingStart, to: siblingEnd, node: node))
            }
        }
        // On the right edge: only right children have a (left, complete) sibling; promoted levels add nothing.
        var step = inner
        while start.index >> UInt64(step) > 0 {
            let position = start.index >> UInt64(step)
            if position & 1 == 1 {
                proof.append(try node(NodeID(level: start.level + step, index: position - 1)))
            }
            step += 1
        }
        return proof
    }
}
