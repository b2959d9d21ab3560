/// A streaming Merkle root: the peaks of the tree so far, so any number of leaves costs constant memory.
///
/// A tree of n leaves is the list of perfect subtrees ("peaks") whose sizes are the set bits of n, largest
/// on the left; the root folds them right to left. The accumulator keeps only those at most 64 hashes, so
/// `ledger verify` can stream every entry, rebuild each complete node as it goes, and compare the root at
/// each checkpoint size without holding the tree.
///
/// It holds a non-Sendable ``SHA256`` hasher, so it must stay on one thread at a time.
package struct MerkleAccumulator {
    /// The number of leaves appended so far.
    public private(set) var size: UInt64

    /// The peak hashes, largest subtree (leftmost) first.
    public private(set) var peaks: [Digest]

    private let hasher: SHA256

    /// Starts an empty tree.
    public init(hasher: SHA256 = SHA256()) {
        self.size = 0
        self.peaks = []
        self.hasher = hasher
    }

    /// Resumes a tree of `size` leaves from its peaks, read as complete nodes through `node`.
    ///
    /// This is how incremental verification continues from a verified checkpoint: at most 64 node reads.
    public init(size: UInt64, hasher: SHA256 = SHA256(), node: (NodeID) throws -> Digest) rethrows {
        self.size = size
        self.hasher = hasher
        self.peaks = try MerkleTree.blocks(from: 0, to: size).map(node)
    }

    /// The complete nodes that are peaks of the current tree, largest first, matching ``peaks``.
    public var peakIDs: [NodeID] { MerkleTree.blocks(from: 0, to: size) }

    /// Appends the next leaf hash and returns the complete nodes that now exist, the leaf itself first.
    ///
    /// The result equals ``MerkleTree/nodesCompleted(byAppending:at:node:)`` for the same leaf, so a
    /// verifier can compare each rebuilt node against the stored one.
    @discardableResult
    public mutating func append(_ leaf: Digest) -> [MerkleNode] {
        var completed: [MerkleNode] = []
        append(leaf, into: &completed)
        return completed
    }

    /// `append(_:)`, with the completed nodes written over `completed`: a verifier appends every entry
    /// and reuses one array instead of allocating one per entry.
    package mutating func append(_ leaf: Digest, into completed: inout [MerkleNode]) {
        append(subtreeRoot: leaf, level: 0, into: &completed)
    }

    /// Appends the next 2^`level` leaves at once, given the root of their complete subtree, which a
    /// verifier's other threads computed; `completed` gets that root, then the nodes it completes above
    /// it. The tree's size must be a multiple of 2^`level`, where such a subtree starts.
    package mutating func append(subtreeRoot root: Digest, level: Int, into completed: inout [MerkleNode]) {
        // Unreachable from input: the verifier's batches are cut at subtree boundaries it computes itself
        // (BatchSubtree refuses any other start), never at sizes a file states.
        precondition(size & ((1 << UInt64(level)) - 1) == 0, "a subtree of level \(level) cannot start at size \(size)")
        completed.removeAll(keepingCapacity: true)
        var position = size >> UInt64(level)
        completed.append(MerkleNode(id: NodeID(level: level, index: position), hash: root))
        var hash = root
        var height = level
        // Each trailing one bit of the old size (in units of the subtree) is a peak of the same height
        // that merges with the new node.
        while position & 1 == 1, let left = peaks.popLast() {
            hash = hasher.nodeHash(left, hash)
            position >>= 1
            height += 1
            completed.append(MerkleNode(id: NodeID(level: height, index: position), hash: hash))
        }
        peaks.append(hash)
        size += 1 << UInt64(level)
    }

    /// The RFC 9162 root of the leaves appended so far; SHA-256("") when there are none.
    public var root: Digest {
        guard var hash = peaks.last else { return hasher.hash() }
        for peak in peaks.dropLast().reversed() {
            hash = hasher.nodeHash(peak, hash)
        }
        return hash
    }
}

@available(*, unavailable)
extension MerkleAccumulator: Sendable {}
