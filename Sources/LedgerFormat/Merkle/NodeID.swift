/// The address of one complete Merkle subtree: `level` levels above the leaves, `index`-th from the left.
///
/// Node `(level, index)` is the hash of the perfect subtree over the leaves
/// `[index · 2^level, (index + 1) · 2^level)`. Level 0 nodes are the leaf hashes, i.e. the entry hashes.
/// Once all its leaves exist a complete node never changes, which is why storage can keep exactly these
/// nodes in an append-only table and derive every root and proof from them.
package struct NodeID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The height above the leaves, 0 ... 63.
    public let level: Int

    /// The position among the nodes of this level, counting from 0 at the left.
    public let index: UInt64

    /// Addresses the complete node at `level` and `index`; the level must lie in 0 ... 63.
    public init(level: Int, index: UInt64) {
        // Unreachable from input: every level is derived from a UInt64 size or index (at most 63), and
        // stored levels outside 1...63 are skipped when read (LedgerStore+Merkle, PostgresStore+Structure).
        precondition((0...63).contains(level), "Merkle node level \(level) is outside 0...63")
        self.level = level
        self.index = index
    }

    /// The first leaf covered by this node.
    public var firstLeaf: UInt64 { index << UInt64(level) }

    /// The number of leaves covered by this node, 2^level.
    public var leafCount: UInt64 { 1 << UInt64(level) }

    /// The smallest tree size in which this node is complete.
    public var completeAtSize: UInt64 { (index &+ 1) << UInt64(level) }

    /// Orders nodes by level, then index, the order of the storage table's primary key.
    public static func < (lhs: NodeID, rhs: NodeID) -> Bool {
        (lhs.level, lhs.index) < (rhs.level, rhs.index)
    }

    /// A one-line rendering for messages and logs.
    public var description: String { "node(\(level), \(index))" }
}

/// A complete Merkle node together with its hash, as storage writes it.
package struct MerkleNode: Hashable, Sendable, CustomStringConvertible {
    /// Where the node sits in the tree.
    public let id: NodeID

    /// The node's hash: a leaf hash at level 0, an RFC 9162 interior hash above.
    public let hash: Digest

    /// Pairs a node address with its hash.
    public init(id: NodeID, hash: Digest) {
        self.id = id
        self.hash = hash
    }

    /// The node's level, for storage code that binds columns.
    public var level: Int { id.level }

    /// The node's index within its level, for storage code that binds columns.
    public var index: UInt64 { id.index }

    /// A one-line rendering for messages and logs.
    public var description: String { "\(id) = \(hash.shortHex)" }
}

/// Bit arithmetic shared by the Merkle code; every shift is a smart shift, so 64 and more give zero.
enum Bits {
    /// The number of bits needed to write `value`: 0 for 0, 1 for 1, 64 for values ≥ 2^63.
    static func length(_ value: UInt64) -> Int { 64 - value.leadingZeroBitCount }

    /// Whether `value` is a power of two (1, 2, 4, …).
    static func isPowerOfTwo(_ value: UInt64) -> Bool { value != 0 && value & (value - 1) == 0 }
}
