import LedgerFormat

/// The Merkle nodes inside one full batch of stored entry hashes, computed on a checking thread: the
/// sequential walk then compares them and joins the batch's root to its tree, instead of hashing
/// about one node per entry itself, on the thread the whole verification waits for.
///
/// A batch of 2^`level` entries whose first sequence number is a multiple of 2^`level` is exactly one
/// complete subtree of the ledger's tree, whatever comes before or after it.
struct BatchSubtree: Sendable {
    /// The sequence number of the batch's first entry.
    let start: UInt64
    /// The subtree's height: the batch holds 2^`level` entries.
    let level: Int
    /// The nodes of levels 1 … `level`, numbered as in the whole tree, in the order appending the
    /// leaves one by one completes them; the last is the subtree's root.
    let nodes: [MerkleNode]

    var root: Digest { nodes[nodes.count - 1].hash }

    /// The subtree over `batch`'s stored hashes, as the walk reads them (`RawEntryBatch.hash(at:)`);
    /// nil unless the batch holds 2^`level` entries and starts where such a subtree starts.
    init?(_ batch: RawEntryBatch, level: Int, hasher: SHA256) {
        guard level > 0, batch.count == 1 << level else { return nil }
        let start = batch.link(at: 0).seq
        guard start & ((1 << UInt64(level)) - 1) == 0 else { return nil }
        var tree = MerkleAccumulator(hasher: hasher)
        var completed: [MerkleNode] = []
        var nodes: [MerkleNode] = []
        nodes.reserveCapacity(batch.count - 1)
        for index in 0..<batch.count {
            tree.append(batch.hash(at: index), into: &completed)
            for node in completed where node.id.level > 0 {
                nodes.append(MerkleNode(id: NodeID(level: node.id.level, index: (start >> UInt64(node.id.level)) + node.id.index),
                                        hash: node.hash))
            }
        }
        self.start = start
        self.level = level
        self.nodes = nodes
    }
}
