/// Extends the chain inside one write transaction: numbers, links, hashes and inserts each entry, and
/// writes the Merkle nodes it completes. The only code that inserts into `entry` and `node`.
///
/// A class so that, when a transaction is over, it can leave its tree with the store: the next
/// transaction on this connection resumes from it instead of reading the tree's peaks again, if the
/// tip it finds is still the one this appender left.
final class Appender {
    private let store: LedgerStore
    private let hasher: SHA256
    /// The ledger time given to every entry of this transaction.
    let ledgerTime: Timestamp
    /// `ledgerTime` as stored and hashed.
    let recordedAt: String
    /// The Merkle tree's peaks at the current size; `tree.size` is the next sequence number.
    private(set) var tree: MerkleAccumulator
    private var previousHash: Digest
    /// Prepared once per transaction: the statement cache's look-up hashes the whole SQL text.
    private let insertEntry: Statement
    private let insertNode: Statement

    /// Reads the tip; must run inside the `BEGIN IMMEDIATE` transaction that will insert.
    init(store: LedgerStore, hasher: SHA256) throws {
        self.store = store
        self.hasher = hasher
        let tip = try store.database.statement("SELECT seq, hash, recorded_at FROM entry ORDER BY seq DESC LIMIT 1").firstRow { row in
            (size: UInt64(row.int64(0)) + 1, hash: Digest(uncheckedBytes: row.bytes(1)), recordedAt: Timestamp.canonical(row.text(2)))
        }
        // Never earlier than the tip, even if this machine's clock is behind another writer's.
        let now = Timestamp.now()
        ledgerTime = max(now, tip?.recordedAt ?? now)
        recordedAt = ledgerTime.rfc3339
        previousHash = tip?.hash ?? .zero
        let size = tip?.size ?? 0
        if let resumed = store.lastAppendedTree, resumed.size == size, resumed.tip == previousHash {
            tree = resumed.tree
        } else {
            tree = try MerkleAccumulator(size: size, hasher: hasher, node: store.node)
        }
        insertEntry = try store.database.statement(Self.insertEntrySQL)
        insertNode = try store.database.statement(LedgerStore.insertNodeSQL)
    }

    deinit {
        // Also after a rollback: the next appender compares the tip first, and reads the peaks anew.
        store.lastAppendedTree = (tree.size, previousHash, tree)
    }

    /// The sequence number the next entry will get.
    var nextSeq: UInt64 { tree.size }

    /// Appends one entry and returns its sequence number and hash.
    func append(kind: EntryKind, payload: [UInt8]) throws -> (seq: UInt64, hash: Digest) {
        let seq = nextSeq
        let hash = EntryEncoding.leafHash(seq: seq, kind: kind, recordedAt: recordedAt, previousHash: previousHash, payload: payload, hasher: hasher)
        try insertEntry.run(
            .integer(Int64(seq)), .text(kind.rawValue), .text(recordedAt),
            .blob(previousHash.bytes), .blob(hash.bytes), .utf8(payload))
        try LedgerStore.insertNodes(tree.append(hash), using: insertNode)
        previousHash = hash
        return (seq, hash)
    }

    // The payload column is declared TEXT (STRICT would refuse a blob): the canonical bytes are bound
    // as text, unchanged.
    static let insertEntrySQL = """
        INSERT INTO entry (seq, kind, recorded_at, prev_hash, hash, payload) VALUES (?, ?, ?, ?, ?, ?)
        """
}
