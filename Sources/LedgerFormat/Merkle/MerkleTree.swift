/// RFC 9162 Merkle tree arithmetic over stored complete nodes: appends, roots, proofs and their verification.
///
/// The tree never lives in memory. Every operation reads the few complete nodes it needs through a
/// `node` closure, which storage backs with a prepared `SELECT hash FROM node WHERE level = ? AND idx = ?`;
/// each operation reads O(log n) nodes. Proof generation is in `MerkleTree+Proofs.swift`, verification in
/// `MerkleTree+Verification.swift`.
///
/// A `MerkleTree` holds a non-Sendable ``SHA256`` hasher, so it must stay on one thread at a time.
public struct MerkleTree {
    /// The hasher used for every interior node.
    public let hasher: SHA256

    /// Creates tree arithmetic over `hasher`; pass a long-lived hasher on hot paths.
    public init(hasher: SHA256 = SHA256()) {
        self.hasher = hasher
    }

    /// The root of the empty tree, SHA-256 of no bytes (not the leaf hash of an empty leaf).
    public var emptyRoot: Digest { hasher.hash() }

    // MARK: Appending

    /// Returns the complete nodes that exist once `leaf` is appended at `index`, lowest level first.
    ///
    /// The first element is always the leaf itself at level 0; each further element is the parent that the
    /// append completes, up to the highest one. Storage writes them in the same transaction as the entry
    /// (skipping level 0 if it keeps leaf hashes in the entry table). `node` is asked only for the left
    /// siblings along the way, all of which are complete nodes of the tree of size `index`.
    package func nodesCompleted(
        byAppending leaf: Digest,
        at index: UInt64,
        node: (NodeID) throws -> Digest
    ) rethrows -> [MerkleNode] {
        var completed = [MerkleNode(id: NodeID(level: 0, index: index), hash: leaf)]
        var hash = leaf
        var position = index
        var level = 0
        // Each trailing one bit of the index means the new node is a right child whose left sibling exists.
        while position & 1 == 1 {
            let left = try node(NodeID(level: level, index: position - 1))
            hash = hasher.nodeHash(left, hash)
            position >>= 1
            level += 1
            completed.append(MerkleNode(id: NodeID(level: level, index: position), hash: hash))
        }
        return completed
    }

    // MARK: Roots

    /// The RFC 9162 Merkle Tree Hash of the first `size` leaves, reading at most 64 complete nodes.
    package func root(size: UInt64, node: (NodeID) throws -> Digest) rethrows -> Digest {
        try rangeHash(from: 0, to: size, node: node)
    }

    /// The Merkle Tree Hash of the leaves `[start, end)` when that range occurs in a proof.
    ///
    /// The range is cut from the left into the largest aligned perfect blocks that fit, which are complete
    /// nodes, and folded right to left. That equals RFC 9162's MTH of the range whenever `start` is a
    /// multiple of the smallest power of two ≥ `end - start`, or 0: exactly the ranges roots and proofs use.
    package func rangeHash(from start: UInt64, to end: UInt64, node: (NodeID) throws -> Digest) rethrows -> Digest {
        let blocks = Self.blocks(from: start, to: end)
        guard !blocks.isEmpty else { return emptyRoot }
        var hash = try node(blocks[blocks.count - 1])
        for block in blocks.dropLast().reversed() {
            hash = hasher.nodeHash(try node(block), hash)
        }
        return hash
    }

    /// The level of the largest perfect block that starts at `position`, is aligned, and ends by `end`.
    static func largestBlockLevel(at position: UInt64, before end: UInt64) -> Int {
        let alignment = position == 0 ? 63 : position.trailingZeroBitCount
        let fit = Bits.length(end - position) - 1
        return min(alignment, fit)
    }

    /// The aligned perfect blocks that tile `[start, end)` greedily from the left, as complete nodes.
    ///
    /// For `start == 0` these are the tree's peaks: one per set bit of `end`, largest (leftmost) first.
    package static func blocks(from start: UInt64, to end: UInt64) -> [NodeID] {
        var blocks: [NodeID] = []
        var position = start
        while position < end {
            let level = largestBlockLevel(at: position, before: end)
            blocks.append(NodeID(level: level, index: position >> UInt64(level)))
            position += UInt64(1) << UInt64(level)
        }
        return blocks
    }
}

@available(*, unavailable)
extension MerkleTree: Sendable {}
