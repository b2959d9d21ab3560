/// What the verifier carries from one entry to the next, and the checks of an entry against it: the
/// expected sequence number, the previous entry, and the Merkle tree rebuilt from the stored hashes, compared node by node with the node table.
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
        if content.computedHash != entry.hash {
            problem(.hash, "hash does not match its contents (stored \(entry.hash.shortHex), computed \(content.computedHash.shortHex))")
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

    /// Moves past `entry`, whose recorded time (when canonical) is `recordedAt`.
    mutating func advance(past entry: EntryLink, recordedAt: Timestamp?, into report: inout VerificationReport) {
        expectedSeq = entry.seq &+ 1
        previousHash = entry.hash
        if let recordedAt { previousTime = recordedAt }
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

    mutating func finish(into report: inout VerificationReport) {
        storedNodes.finish(reportingExtras: !treeBroken, into: &report)
    }
}

/// Walks the node table in the order appends complete nodes, so the verifier compares each node the
/// rebuilt tree produces with the stored one without holding either in memory.
struct NodeCursor {
    private let rows: Statement

    init(store: LedgerStore) throws {
        rows = try store.database.statement(LedgerStore.nodesInCompletionOrderSQL)
    }

    mutating func expect(_ node: MerkleNode, into report: inout VerificationReport) {
        let seq = node.id.completeAtSize - 1
        guard let stored = next() else {
            report.problems.append(.init(seq: seq, check: .merkle, message: "Merkle \(node.id) is missing from the node table"))
            return
        }
        if stored.id != node.id {
            report.problems.append(.init(seq: seq, check: .merkle, message: "the node table holds \(stored.id) where \(node.id) belongs"))
        } else if stored.hash != node.hash {
            report.problems.append(.init(seq: seq, check: .merkle,
                                         message: "stored Merkle \(node.id) is \(stored.hash.shortHex), the entries give \(node.hash.shortHex)"))
        }
    }

    mutating func finish(reportingExtras: Bool, into report: inout VerificationReport) {
        while reportingExtras, let extra = next() {
            report.problems.append(.init(seq: nil, check: .merkle, message: "the node table holds \(extra.id), which no entry completes"))
        }
        rows.reset()
    }

    private mutating func next() -> MerkleNode? {
        // A read error mid-stream ends the walk; the missing nodes are then reported as such.
        while (try? rows.step()) == true {
            if let node = LedgerStore.node(from: rows) { return node }
        }
        return nil
    }
}
