import LedgerFormat
import LedgerStorage

/// What the verifier carries from one entry to the next, and the checks of an entry against it: the
/// expected sequence number, the previous entry, and the Merkle tree rebuilt from the stored hashes,
/// compared node by node with the node table.
struct ChainState {
    private(set) var expectedSeq: UInt64 = 0
    private(set) var previousHash: Digest?
    private(set) var previousTime: Timestamp?
    private(set) var tree: MerkleAccumulator
    private var storedNodes: NodeCursor
    /// Set at the first gap: the tree can no longer be rebuilt, so stored nodes are not compared.
    private var treeBroken = false
    /// The nodes the last entry completed, in one array reused for every entry.
    private var completed: [MerkleNode] = []

    init(hasher: SHA256, storedNodes: NodeCursor) {
        tree = MerkleAccumulator(hasher: hasher)
        self.storedNodes = storedNodes
    }

    /// Checks `entry` against its predecessor: its sequence number, its hash against `content`'s, its
    /// previous hash and its recorded time. `recordedAtText` is the stored time, for messages.
    func check(_ entry: EntryLink, content: EntryContent, recordedAtText: @autoclosure () -> String, into report: inout VerificationReport) {
        func problem(_ check: VerificationReport.Problem.Check, _ message: String) {
            report.problems.append(.init(seq: entry.seq, check: check, message: message))
        }
        let contiguous = entry.seq == expectedSeq
        if !contiguous {
            let missing = expectedSeq == entry.seq - 1 ? "entry \(expectedSeq) is" : "entries \(expectedSeq)–\(entry.seq - 1) are"
            problem(.sequence, "\(missing) missing before this one")
        }
        // A hash that cannot be computed is reported by the content check, saying why.
        if let computed = content.computedHash, computed != entry.hash {
            problem(.hash, "hash does not match its contents (stored \(entry.hash.shortHex), computed \(computed.shortHex))")
        }
        // After a gap the true predecessor is unknown; the sequence problem already names it.
        let expectedPrevious = entry.seq == 0 ? Digest.zero : (contiguous ? previousHash : nil)
        if let expectedPrevious, entry.previousHash != expectedPrevious {
            let owner = entry.seq == 0 ? "the first entry's zero hash" : "the hash of entry \(entry.seq - 1)"
            problem(.link, "previous hash \(entry.previousHash.shortHex) does not match \(owner) (\(expectedPrevious.shortHex))")
        }
        if let recordedAt = content.recordedAt {
            if let earlier = previousTime, recordedAt < earlier {
                problem(.recordedTime, "recorded time \(recordedAtText()) is earlier than the previous entry's \(earlier)")
            }
        } else {
            problem(.recordedTime, "recorded time '\(recordedAtText())' is not a canonical RFC 3339 UTC timestamp")
        }
    }

    /// Moves past `entry`, whose recorded time (when canonical) is `recordedAt`; without `growingTree`
    /// the entry's leaf is left to a subtree joined after its batch (`join(_:into:)`).
    mutating func advance(past entry: EntryLink, recordedAt: Timestamp?, growingTree: Bool = true, into report: inout VerificationReport) {
        expectedSeq = entry.seq &+ 1
        previousHash = entry.hash
        if let recordedAt { previousTime = recordedAt }
        guard growingTree else { return }
        // A gap means the stored tree was built over entries that are gone; the sequence problem
        // already names it, and every later node would only repeat it.
        guard entry.seq == tree.size else {
            treeBroken = true
            return
        }
        tree.append(entry.hash, into: &completed)
        for node in completed where node.id.level > 0 {
            storedNodes.expect(node, into: &report)
        }
    }

    /// Whether `subtree` continues the tree: the tree ends just before it, with no gap so far.
    func canJoin(_ subtree: BatchSubtree) -> Bool {
        !treeBroken && tree.size == subtree.start
    }

    /// Compares the nodes of a subtree the checking threads computed with the node table, then joins
    /// its root to the tree and compares the nodes that completes above it: the same nodes, in the
    /// same order, as appending its leaves one by one.
    mutating func join(_ subtree: BatchSubtree, into report: inout VerificationReport) {
        for node in subtree.nodes {
            storedNodes.expect(node, into: &report)
        }
        tree.append(subtreeRoot: subtree.root, level: subtree.level, into: &completed)
        for node in completed.dropFirst() {
            storedNodes.expect(node, into: &report)
        }
    }

    mutating func finish(into report: inout VerificationReport) {
        storedNodes.finish(reportingExtras: !treeBroken, into: &report)
    }
}

/// Walks the node table beside the rebuilt tree, one cursor per level: the tree completes the nodes
/// of each level in index order, so each stored node is compared as the tree completes it, without
/// holding either tree in memory and without sorting the table.
struct NodeCursor {
    private let store: any LedgerStorage
    /// Index `level - 1`: the cursor over that level's stored nodes, opened when the tree first
    /// completes a node of the level.
    private var levels: [LevelCursor] = []

    init(store: any LedgerStorage) throws {
        self.store = store
    }

    mutating func expect(_ node: MerkleNode, into report: inout VerificationReport) {
        let seq = node.id.completeAtSize - 1, level = node.id.level
        while levels.count < level {
            // A level that cannot be read is reported as such, then treated as empty.
            let number = levels.count + 1
            do {
                levels.append(LevelCursor(rows: try store.nodes(level: number), level: number))
            } catch {
                report.problems.append(.init(seq: nil, check: .merkle, message: "the node table's level \(number) could not be read: \(error)"))
                levels.append(LevelCursor(rows: nil, level: number))
            }
        }
        // Stored nodes before the expected one belong to no entry so far.
        while let stored = levels[level - 1].current, stored.index < node.id.index {
            report.problems.append(.init(seq: nil, check: .merkle, message: "the node table holds \(stored), which no entry completes"))
            levels[level - 1].advance()
        }
        guard let stored = levels[level - 1].current, stored.index == node.id.index else {
            report.problems.append(.init(seq: seq, check: .merkle, message: "Merkle \(node.id) is missing from the node table"))
            return
        }
        if stored.hash != node.hash {
            report.problems.append(.init(seq: seq, check: .merkle,
                                         message: "stored Merkle \(node.id) is \(stored.hash.shortHex), the entries give \(node.hash.shortHex)"))
        }
        levels[level - 1].advance()
    }

    mutating func finish(reportingExtras: Bool, into report: inout VerificationReport) {
        defer { levels = [] }
        guard reportingExtras else { return }
        for index in levels.indices {
            while let extra = levels[index].current {
                report.problems.append(.init(seq: nil, check: .merkle, message: "the node table holds \(extra), which no entry completes"))
                levels[index].advance()
            }
        }
        do {
            for id in try store.nodes(aboveLevel: levels.count) {
                report.problems.append(.init(seq: nil, check: .merkle, message: "the node table holds \(id), which no entry completes"))
            }
        } catch {
            report.problems.append(.init(seq: nil, check: .merkle, message: "the node table could not be read above level \(levels.count): \(error)"))
        }
        for level in levels where level.readError != nil {
            report.problems.append(.init(seq: nil, check: .merkle, message: "the node table's level \(level.level) could not be read to its end: \(level.readError ?? "")"))
        }
    }
}

/// One level's stored nodes, read in index order, with the current one at hand.
private struct LevelCursor {
    private var rows: (any StoredNodeCursor)?
    let level: Int
    /// The node the cursor is on; nil once the level is exhausted (or could not be read).
    private(set) var current: MerkleNodeRow?
    /// Why reading the level stopped early, if it did: the nodes it did not reach read as missing,
    /// and the verifier says why.
    private(set) var readError: String?

    init(rows: (any StoredNodeCursor)?, level: Int) {
        self.rows = rows
        self.level = level
        advance()
    }

    mutating func advance() {
        let node: StoredNode?
        do {
            node = try rows?.next()
        } catch {
            readError = "\(error)"
            node = nil
        }
        guard let node else {
            current = nil
            rows = nil
            return
        }
        current = MerkleNodeRow(id: NodeID(level: level, index: node.index), hash: node.hash)
    }
}

/// A stored node as the cursor reads it.
private struct MerkleNodeRow: CustomStringConvertible {
    let id: NodeID
    let hash: Digest
    var index: UInt64 { id.index }
    var description: String { "\(id)" }
}
