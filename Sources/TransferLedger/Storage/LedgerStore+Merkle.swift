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

    /// The stored nodes of one level, by index: read through the primary key, so a cursor per level
    /// walks the tree in completion order without sorting the table.
    static let nodesOfLevelSQL = "SELECT idx, hash FROM node WHERE level = ? ORDER BY idx"

    /// Stored nodes above the levels `1...level`, which no tree of the verified size has.
    static let nodesAboveLevelSQL = "SELECT level, idx FROM node WHERE level > ? ORDER BY level, idx"
}
