import LedgerFormat
import LedgerStorage

/// The stored Merkle tree: complete nodes above the leaves, in the node table.
extension LedgerStore {
    package func storedNode(_ id: NodeID) throws -> [UInt8]? {
        if id.level == 0 {
            let statement = try database.statement("SELECT hash FROM entry WHERE seq = ?")
            try statement.bind(.integer(Int64(bitPattern: id.index)))
            return try statement.firstRow { $0.bytes(0) }
        }
        let statement = try database.statement("SELECT hash FROM node WHERE level = ? AND idx = ?")
        try statement.bind(.integer(Int64(id.level)), .integer(Int64(bitPattern: id.index)))
        return try statement.firstRow { $0.bytes(0) }
    }

    package func storedNodes(_ ids: [NodeID]) throws -> [[UInt8]?] {
        // A few dozen indexed reads in the same process: one statement each costs nothing here.
        try ids.map(storedNode)
    }

    /// Writes the nodes above level 0 that an append completed.
    static let insertNodeSQL = "INSERT INTO node (level, idx, hash) VALUES (?, ?, ?)"

    /// Computes and stores the nodes of every existing entry: the migration of a ledger to version 2.
    func backfillNodes() throws {
        var accumulator = MerkleAccumulator()
        var pending: [MerkleNode] = []
        try database.statement("SELECT hash FROM entry ORDER BY seq").forEachRow { row in
            pending.append(contentsOf: accumulator.append(Digest(uncheckedBytes: row.bytes(0))))
        }
        let insert = try database.statement(Self.insertNodeSQL)
        for node in pending where node.id.level > 0 {
            try insert.run(.integer(Int64(node.id.level)), .integer(Int64(bitPattern: node.id.index)), .blob(node.hash.bytes))
        }
    }

    package func nodes(level: Int) throws -> any StoredNodeCursor {
        // A statement of the cursor's own: the verifier keeps one cursor per level open at once.
        let rows = try database.uncachedStatement("SELECT idx, hash FROM node WHERE level = ? ORDER BY idx")
        try rows.bind(.integer(Int64(level)))
        return NodeRows(rows: rows)
    }

    package func nodes(aboveLevel level: Int) throws -> [NodeID] {
        let statement = try database.statement("SELECT level, idx FROM node WHERE level > ? ORDER BY level, idx")
        try statement.bind(.integer(Int64(level)))
        var ids: [NodeID] = []
        try statement.forEachRow { row in
            // The table's CHECK keeps levels in 1...63; a row outside it is skipped, not trusted.
            let level = row.int64(0)
            guard (1...63).contains(level) else { return }
            ids.append(NodeID(level: Int(level), index: UInt64(bitPattern: row.int64(1))))
        }
        return ids
    }
}

/// One level's stored nodes, read through the primary key in index order: the tree completes the
/// nodes of each level in that order, so the verifier compares them without sorting the table.
private struct NodeRows: StoredNodeCursor {
    let rows: Statement

    mutating func next() throws -> StoredNode? {
        guard try rows.step() else { return nil }
        return StoredNode(index: UInt64(bitPattern: rows.int64(0)), hash: rows.withBytes(1) { Digest(copying: UnsafeRawBufferPointer($0)) })
    }
}
