import LedgerFormat
import LedgerStorage

/// Extends the chain inside one write transaction: numbers, links and hashes each entry, computes the
/// Merkle nodes it completes, and hands both to storage. The only code that builds entries.
///
/// A class so that, when a transaction is over, it can leave its tree in the ledger's `TreeCache`:
/// the next transaction on this connection resumes from it instead of reading the tree's peaks
/// again, if the tip it finds is still the one this appender left.
final class ChainAppender {
    private let storage: any LedgerStorage
    private let hasher: SHA256
    private let cache: TreeCache
    /// The ledger time given to every entry of this transaction.
    let ledgerTime: Timestamp
    /// `ledgerTime` as stored and hashed.
    let recordedAt: String
    /// The Merkle tree's peaks at the current size; `tree.size` is the next sequence number.
    private(set) var tree: MerkleAccumulator
    private var previousHash: Digest
    /// The nodes the last entry completed, in one array reused for every entry.
    private var completed: [MerkleNode] = []

    /// Starts after `tip`, the tip the write transaction found.
    init(storage: any LedgerStorage, tip: ChainTip?, hasher: SHA256, cache: TreeCache) throws {
        self.storage = storage
        self.hasher = hasher
        self.cache = cache
        // Never earlier than the tip, even if this machine's clock is behind another writer's.
        let now = Timestamp.now()
        ledgerTime = max(now, tip.flatMap { Timestamp.canonical($0.recordedAt) } ?? now)
        recordedAt = ledgerTime.rfc3339
        previousHash = tip?.hash ?? .zero
        let size = tip.map { $0.seq + 1 } ?? 0
        if let resumed = cache.tree, resumed.size == size, resumed.tip == previousHash {
            tree = resumed.tree
        } else {
            // The peaks read together: one round trip on a server, where each read is one.
            let ids = MerkleTree.blocks(from: 0, to: size)
            let peaks = Dictionary(uniqueKeysWithValues: zip(ids, try storage.nodes(ids)))
            tree = try MerkleAccumulator(size: size, hasher: hasher) { id in
                guard let peak = peaks[id] else { throw StorageError(.corrupt, "Merkle node \(id.level)/\(id.index) was not read") }
                return peak
            }
        }
    }

    deinit {
        // Also after a rollback: the next appender compares the tip first, and reads the peaks anew.
        cache.tree = (tree.size, previousHash, tree)
    }

    /// The sequence number the next entry will get.
    var nextSeq: UInt64 { tree.size }

    /// Appends one entry with the index rows of its kind and returns its sequence number and hash;
    /// `header` is the payload's stub header when the caller built it from the payload's values.
    func append(kind: EntryKind, payload: [UInt8], header: [UInt8]? = nil, rows: EntryRows) throws -> (seq: UInt64, hash: Digest) {
        let seq = nextSeq
        // Every new entry is format 2 (FORMAT.md §1.3), so a report can show it by its stub header.
        guard let hash = EntryEncoding.leafHash(format: EntryEncoding.version, seq: seq, kind: kind, recordedAt: recordedAt,
                                                previousHash: previousHash, payload: payload, header: header, hasher: hasher) else {
            throw StorageError(.constraint, "the \(kind) payload yields no stub header (FORMAT.md §1.3)")
        }
        tree.append(hash, into: &completed)
        try storage.insert(StoredEntry(seq: seq, kind: kind, recordedAt: recordedAt, previousHash: previousHash, hash: hash, payload: payload,
                                       format: EntryEncoding.version),
                           rows: rows, nodes: completed)
        previousHash = hash
        return (seq, hash)
    }
}

/// The Merkle tree a connection's last append left, with the size and tip hash it belongs to; only
/// used when the ledger's tip is still exactly that entry.
final class TreeCache {
    var tree: (size: UInt64, tip: Digest, tree: MerkleAccumulator)?
}

@available(*, unavailable)
extension TreeCache: Sendable {}
