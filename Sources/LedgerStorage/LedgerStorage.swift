import LedgerFormat

/// What a ledger needs from the database underneath: one write transaction per append, serialised on
/// the chain's tip, read snapshots, and reads by key or in chain order. Everything above this protocol
/// (the façade, policy, encoding, verification, queries, export) is the same whichever database
/// stores the chain; everything below it is SQL.
///
/// A storage holds one connection and is used from one thread at a time. Reads made inside `write`
/// or `snapshot` see that transaction; reads made outside each see the latest committed state.
package protocol LedgerStorage: AnyObject {
    /// Where the ledger lives, for messages: a file path, or a connection URI without its password.
    var location: String { get }
    /// Whether this connection was opened for reading only: `write` then always fails.
    var isReadOnly: Bool { get }

    // MARK: Transactions

    /// Runs `body` in one write transaction that holds the chain's tip against every other writer,
    /// giving it the tip as the transaction found it (nil for an empty ledger). Commits durably when
    /// `body` returns, so a receipt built inside may be shown once this returns; rolls back when it
    /// throws, leaving the ledger as it was.
    func write<T>(_ body: (ChainTip?) throws -> T) throws -> T

    /// Inside `write`: inserts one entry after the current tip, with the index rows of its kind and
    /// the Merkle nodes above level 0 that it completes.
    func insert(_ entry: StoredEntry, rows: EntryRows, nodes: [MerkleNode]) throws

    /// Runs `body` in one read-only snapshot: every read inside sees the same committed state,
    /// whatever other writers append meanwhile. `streaming` tells the backend that `body` reads the
    /// whole chain once, so caches need not grow with it.
    func snapshot<T>(streaming: Bool, _ body: () throws -> T) throws -> T

    // MARK: Entries and the Merkle tree

    /// The newest entry's position, hash and time; nil for an empty ledger.
    func tip() throws -> ChainTip?
    /// The number of entries, counted row by row (the verifier compares it with the tip).
    func entryCount() throws -> UInt64
    /// The entry at `seq`, nil when there is none.
    func entry(at seq: UInt64) throws -> Entry?
    /// The stored recorded time of entry `seq`, nil when there is none.
    func recordedAt(_ seq: UInt64) throws -> String?
    /// The stored complete node `id`: level 0 is the entry hash; nil when it is not stored.
    func storedNode(_ id: NodeID) throws -> [UInt8]?
    /// The stored complete nodes `ids`, in order (a tree's peaks, which an appender resumes from); nil
    /// for each one that is not stored.
    func storedNodes(_ ids: [NodeID]) throws -> [[UInt8]?]
    /// Calls `body` with every entry in `[start, end)`, in chain order, streaming.
    func forEachEntry(from start: UInt64, to end: UInt64, _ body: (Entry) throws -> Void) throws
    /// Calls `body` with every entry in chain order, joined with its transfer row and private document,
    /// as bytes borrowed for the call only: the verifier's scan, in constant memory.
    func forEachEntryRow(_ body: (StoredEntryRow) throws -> Void) throws
    /// The stored nodes of one level in index order, streaming: the verifier compares them with the
    /// tree it rebuilds, level by level.
    func nodes(level: Int) throws -> any StoredNodeCursor
    /// Stored nodes on levels above `level`, which no tree of the verified size can have.
    func nodes(aboveLevel level: Int) throws -> [NodeID]

    // MARK: Reads by key

    /// The transfer or correction entry at `seq` with its private document (empty when erased), nil for
    /// any other entry.
    func transferEntry(at seq: UInt64) throws -> (entry: Entry, document: [UInt8])?
    /// The transfer entry recorded under idempotency key `key`, with its private document (empty when erased).
    func transferEntry(idempotencyKey key: String) throws -> (entry: Entry, document: [UInt8])?
    /// The correction entry that superseded entry `seq`, nil when none has.
    func correction(superseding seq: UInt64) throws -> UInt64?
    /// Every superseded entry with the correction that superseded it (corrections are rare).
    func supersessions() throws -> [UInt64: UInt64]
    /// The entries of an indexed kind after entry `seq` (all when nil), in chain order.
    func entries(indexedIn index: EntryIndex, after seq: UInt64?) throws -> [Entry]
    /// The newest entry of an indexed kind, nil when there is none.
    func latestSeq(indexedIn index: EntryIndex) throws -> UInt64?
    /// The government access request entries recorded under `requestId`, in chain order.
    func govAccessEntries(requestId: String) throws -> [Entry]
    /// The entry that adopted the region table of version `version` (hex), nil when none did.
    func referenceDataAdoption(version: String) throws -> UInt64?
    /// The checkpoint entry at `seq`, found through the checkpoint index; nil when it lists none there.
    func checkpointEntry(at seq: UInt64) throws -> Entry?
    /// The newest checkpoint entry after entry `seq` (of all, when nil).
    func latestCheckpointEntry(after seq: UInt64?) throws -> Entry?
    /// The first transfer whose occurredAt lies in `[from, before)`, whenever it was recorded.
    func firstTransfer(occurredFrom from: Timestamp, before: Timestamp) throws -> UInt64?
    /// Calls `body` with every transfer matching `query`, in order of occurrence (then chain order),
    /// streaming, its columns borrowed for the call only.
    func forEachTransfer(matching query: TransferQuery, _ body: (StoredTransferRecord) throws -> Void) throws

    // MARK: The verifier's structural reads

    /// What is wrong with the database's schema and identity, one message each; empty when it is the
    /// schema this build writes.
    func schemaProblems() throws -> [String]
    /// Row counts of the transfer tables, so a verifier that counted the rows its scan joined proves
    /// that no row is an orphan.
    func transferRowCounts() throws -> TransferRowCounts
    /// Transfer, private-document and rule rows whose entry is not one of theirs.
    func orphanTransferRows() throws -> [UInt64]
    /// The sequence numbers of an index that holds nothing but them (registry facts, checkpoints).
    func indexRows(_ index: EntryIndex) throws -> [UInt64]
    /// Every correction index row, by sequence number.
    func correctionRows() throws -> [UInt64: CorrectionRow]
    /// Every government access request index row, by sequence number.
    func govAccessRows() throws -> [UInt64: GovAccessRow]
    /// Every adopted region table index row, by sequence number.
    func referenceDataRows() throws -> [UInt64: ReferenceDataRow]

    // MARK: Erasure

    /// The erasure entry that erased entry `seq`'s content of kind `kind`, nil when none did.
    func erasure(of seq: UInt64, kind: ErasureItemKind) throws -> UInt64?
    /// Whether entry `seq` has a stored private document.
    func hasPrivateDocument(_ seq: UInt64) throws -> Bool
    /// The transfer entries whose transfer occurred before `before` and whose private document is
    /// still stored, in chain order.
    func transfersWithPrivateDocument(occurredBefore before: Timestamp) throws -> [UInt64]
    /// Every erasure index row, grouped by the erasure entry, each group in canonical item order.
    func erasureRows() throws -> [UInt64: [ErasureItem]]
    /// After an erasure has committed, outside any transaction: removes what the backend keeps of the
    /// deleted bytes beyond the table (SQLite's WAL, PostgreSQL's dead tuples) as far as it can; returns
    /// what it could not do, for the operator, or nil.
    func purgeErasedContent() throws -> String?

    // MARK: Subject links (FORMAT.md §4.7)

    /// The subject links stored for entry `seq`, by token.
    func subjectLinks(at seq: UInt64) throws -> [SubjectLink]
    /// The entries linked to `token`, ascending: one indexed lookup.
    func entries(linkedTo token: SubjectToken) throws -> [UInt64]
    /// Calls `body` with every stored subject link in order of entry, then token, streaming: the
    /// verifier's check of the links against their commitments.
    func forEachSubjectLink(_ body: (UInt64, SubjectLink) throws -> Void) throws
}

/// The newest entry of a chain, as a writer extends it.
package struct ChainTip: Equatable, Sendable {
    /// The newest entry's sequence number; the next entry gets `seq + 1`.
    package var seq: UInt64
    /// The newest entry's hash: the next entry's previous hash.
    package var hash: Digest
    /// The newest entry's stored recorded time.
    package var recordedAt: String

    package init(seq: UInt64, hash: Digest, recordedAt: String) {
        self.seq = seq
        self.hash = hash
        self.recordedAt = recordedAt
    }
}

/// One entry's stored columns, ready to insert: the chained fields and the payload's bytes.
package struct StoredEntry {
    package var seq: UInt64
    package var kind: EntryKind
    package var recordedAt: String
    package var previousHash: Digest
    package var hash: Digest
    package var payload: [UInt8]
    /// The entry format version `hash` was computed in (FORMAT.md §1.1), stored in column `format`.
    package var format: UInt8

    /// The fields as given.
    package init(seq: UInt64, kind: EntryKind, recordedAt: String, previousHash: Digest, hash: Digest, payload: [UInt8], format: UInt8) {
        self.format = format
        self.seq = seq
        self.kind = kind
        self.recordedAt = recordedAt
        self.previousHash = previousHash
        self.hash = hash
        self.payload = payload
    }
}

/// The index rows an entry of each kind is stored with, beside its `entry` row (FORMAT.md, the
/// storage layout): each derived from the payload and re-derived by the verifier.
package enum EntryRows {
    /// A transfer's row, its private document (nil when an erasure entry later in the chain erased it:
    /// `ledger copy`) and its subject links (FORMAT.md §4.7), each a row of its own.
    case transfer(TransferRow, privateDocument: [UInt8]?, links: [SubjectLink])
    case correction(CorrectionRow, privateDocument: [UInt8]?)
    case govAccessRequest(GovAccessRow)
    case referenceData(ReferenceDataRow)
    case registryFact
    case checkpoint
    /// An erasure's items: inserted into `erasure_item`, then the private documents they name deleted.
    case erasure([ErasureItem])
    case none
}

/// The tables that index the entries of one kind by sequence number.
package enum EntryIndex: Sendable {
    case registryFact, checkpoint, govAccessRequest, referenceData

    /// The index's table, the same in both backends: a name from this fixed list, never from input.
    package var table: String {
        switch self {
        case .registryFact: "registry_fact"
        case .checkpoint: "checkpoint"
        case .govAccessRequest: "gov_access_request"
        case .referenceData: "reference_data"
        }
    }
}

/// One stored Merkle node as a cursor reads it.
package struct StoredNode {
    package var index: UInt64
    package var hash: Digest

    /// The fields as given.
    package init(index: UInt64, hash: Digest) {
        self.index = index
        self.hash = hash
    }
}

/// The stored nodes of one level, in index order.
package protocol StoredNodeCursor {
    /// The next stored node, nil once the level is exhausted.
    mutating func next() throws -> StoredNode?
}

/// One row of the verifier's scan, borrowed from the database: valid only inside the call that gives it.
package struct StoredEntryRow {
    package var seq: UInt64
    package var kind: UnsafeBufferPointer<UInt8>
    package var recordedAt: UnsafeBufferPointer<UInt8>
    package var previousHash: UnsafeBufferPointer<UInt8>
    package var hash: UnsafeBufferPointer<UInt8>
    package var payload: UnsafeBufferPointer<UInt8>
    /// The stored `format` column as it is: a verifier reports a value that is no format version.
    package var format: Int64
    /// The private document, when a `transfer_private` row exists.
    package var document: UnsafeBufferPointer<UInt8>?
    /// The `transfer` row, when one exists.
    package var transferColumns: StoredTransferColumns?

    /// The fields as given.
    package init(seq: UInt64, kind: UnsafeBufferPointer<UInt8>, recordedAt: UnsafeBufferPointer<UInt8>, previousHash: UnsafeBufferPointer<UInt8>, hash: UnsafeBufferPointer<UInt8>, payload: UnsafeBufferPointer<UInt8>, format: Int64, document: UnsafeBufferPointer<UInt8>? = nil, transferColumns: StoredTransferColumns? = nil) {
        self.format = format
        self.seq = seq
        self.kind = kind
        self.recordedAt = recordedAt
        self.previousHash = previousHash
        self.hash = hash
        self.payload = payload
        self.document = document
        self.transferColumns = transferColumns
    }
}

/// One transfer a query matched, borrowed from the database: valid only inside the call that gives it.
package struct StoredTransferRecord {
    package var seq: UInt64
    package var recordedAt: UnsafeBufferPointer<UInt8>
    package var hash: UnsafeBufferPointer<UInt8>
    package var payload: UnsafeBufferPointer<UInt8>
    package var document: UnsafeBufferPointer<UInt8>
    /// The erasure entry that erased the private document (`document` is then empty); nil when stored.
    package var erasure: UInt64?

    /// The fields as given.
    package init(seq: UInt64, recordedAt: UnsafeBufferPointer<UInt8>, hash: UnsafeBufferPointer<UInt8>, payload: UnsafeBufferPointer<UInt8>,
                 document: UnsafeBufferPointer<UInt8>, erasure: UInt64? = nil) {
        self.seq = seq
        self.recordedAt = recordedAt
        self.hash = hash
        self.payload = payload
        self.document = document
        self.erasure = erasure
    }
}

/// Row counts of the transfer projection tables (`LedgerStorage.transferRowCounts()`).
package struct TransferRowCounts: Equatable {
    package var transfers: Int
    package var privateDocuments: Int
    package var rulesWithoutTransfer: Int

    /// The fields as given.
    package init(transfers: Int = 0, privateDocuments: Int = 0, rulesWithoutTransfer: Int = 0) {
        self.transfers = transfers
        self.privateDocuments = privateDocuments
        self.rulesWithoutTransfer = rulesWithoutTransfer
    }
}

extension LedgerStorage {
    /// The size of the Merkle tree: the next sequence number.
    package func treeSize() throws -> UInt64 {
        try tip().map { $0.seq + 1 } ?? 0
    }

    /// The complete node `id` as a digest; a node that is missing or not 32 bytes is damage.
    package func node(_ id: NodeID) throws -> Digest {
        try Self.digest(of: id, try storedNode(id))
    }

    /// The complete nodes `ids` as digests, read together.
    package func nodes(_ ids: [NodeID]) throws -> [Digest] {
        try zip(ids, try storedNodes(ids)).map { try Self.digest(of: $0, $1) }
    }

    private static func digest(of id: NodeID, _ bytes: [UInt8]?) throws -> Digest {
        guard let bytes, let digest = Digest(bytes: bytes) else {
            throw StorageError(.corrupt, "Merkle node \(id.level)/\(id.index) is missing or malformed")
        }
        return digest
    }
}

/// A backend's own error, which it turns into the backend-neutral `StorageError` the layers above see.
package protocol StorageErrorConvertible: Error {
    /// This error as a `StorageError`.
    var storageError: StorageError { get }
}
