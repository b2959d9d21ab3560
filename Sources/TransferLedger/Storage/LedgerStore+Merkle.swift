/// The stored Merkle tree: reading complete nodes, and the roots and proofs built from them.
extension LedgerStore {
    /// The complete node `id`: level 0 from the entry table, higher levels from the node table.
    func node(_ id: NodeID) throws -> Digest {
        let statement = id.level == 0
            ? try database.statement("SELECT hash FROM entry WHERE seq = ?")
            : try database.statement("SELECT hash FROM node WHERE level = ? AND idx = ?")
        if id.level == 0 {
            try statement.bind(.integer(Int64(bitPattern: id.index)))
        } else {
            try statement.bind(.integer(Int64(id.level)), .integer(Int64(bitPattern: id.index)))
        }
        guard let bytes = try statement.firstRow({ $0.bytes(0) }), let digest = Digest(bytes: bytes) else {
            throw LedgerError.storage(SQLiteError(code: -1, message: "Merkle node \(id.level)/\(id.index) is missing or malformed", sql: nil))
        }
        return digest
    }

    /// Writes the nodes above level 0 that an append completed.
    static let insertNodeSQL = "INSERT INTO node (level, idx, hash) VALUES (?, ?, ?)"

    /// Stores `nodes` above the leaves with `insert`, a prepared `insertNodeSQL`.
    static func insertNodes(_ nodes: [MerkleNode], using insert: Statement) throws(SQLiteError) {
        for node in nodes where node.id.level > 0 {
            try insert.run(
                .integer(Int64(node.id.level)), .integer(Int64(bitPattern: node.id.index)), .blob(node.hash.bytes))
        }
    }

    /// Computes and stores the nodes of every existing entry: the migration of a ledger to version 2.
    func backfillNodes() throws {
        var accumulator = MerkleAccumulator()
        var pending: [MerkleNode] = []
        try database.statement("SELECT hash FROM entry ORDER BY seq").forEachRow { row in
            pending.append(contentsOf: accumulator.append(Digest(uncheckedBytes: row.bytes(0))))
        }
        try Self.insertNodes(pending, using: database.statement(Self.insertNodeSQL))
    }

    /// Every stored node above level 0, in the order appends complete them: by the tree size that
    /// completes them, then by level. The verifier streams it beside the entries.
    static let nodesInCompletionOrderSQL = "SELECT level, idx, hash FROM node ORDER BY ((idx + 1) << level), level"

    /// The node in the current row of a `level, idx, hash` query; nil for a level outside 1...63, which
    /// the schema forbids but an edited file could hold (NodeID would trap on it).
    static func node(from row: Statement) -> MerkleNode? {
        let level = Int(row.int64(0))
        guard (1...63).contains(level) else { return nil }
        return MerkleNode(id: NodeID(level: level, index: UInt64(bitPattern: row.int64(1))), hash: row.withBytes(2) { Digest(copying: UnsafeRawBufferPointer($0)) })
    }
}
