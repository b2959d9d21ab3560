import BenchSQLite

/// Every row an append writes — `entry`, the Merkle `node` rows the entry completes, `transfer`, its
/// `transfer_rule` rows and `transfer_private` — copied out of a ledger built by the library and kept
/// in one byte arena, so the raw insert binds them without any conversion (SQLITE_STATIC), in the
/// library's order.
final class RawRows {
    enum Kind { case integer, text, blob }

    static let entryColumns: [(String, Kind)] = [
        ("seq", .integer), ("kind", .text), ("recorded_at", .text), ("prev_hash", .blob), ("hash", .blob), ("payload", .text),
    ]
    static let transferColumns: [(String, Kind)] = [
        ("seq", .integer), ("idempotency_key", .text), ("occurred_at", .integer), ("exporter", .text),
        ("exporter_role", .text), ("importer", .text), ("importer_role", .text), ("destination", .text),
        ("region", .text), ("mechanism", .text), ("data_categories", .integer), ("special_categories", .integer),
        ("status", .text),
    ]
    static let privateColumns: [(String, Kind)] = [("seq", .integer), ("document", .text)]
    static var allColumns: [(table: String, name: String, kind: Kind)] {
        entryColumns.map { ("entry", $0.0, $0.1) } + transferColumns.map { ("transfer", $0.0, $0.1) }
            + privateColumns.map { ("transfer_private", $0.0, $0.1) }
    }

    static func insertSQL(_ table: String, _ columns: [(String, Kind)]) -> String {
        "INSERT INTO \(table) (\(columns.map(\.0).joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
    }

    private(set) var count = 0
    private let kinds: [Kind]
    private var integers: [[Int64]]
    private var offsets: [[Int]]
    private var lengths: [[Int32]]
    private var arena: [UInt8] = []
    /// Per row, the range of its rule rows in `ruleText` and of its node rows in `nodes`.
    private var ruleRanges: [Range<Int>] = []
    private var ruleText: [(offset: Int, length: Int32)] = []
    private var nodeRanges: [Range<Int>] = []
    private var nodes: [(level: Int64, index: Int64, hashOffset: Int)] = []

    /// Reads entries `range` and their transfer rows from the ledger file at `path`.
    init(from path: String, seqs range: Range<Int>) {
        let columns = Self.allColumns
        kinds = columns.map(\.kind)
        integers = Array(repeating: [], count: columns.count)
        offsets = Array(repeating: [], count: columns.count)
        lengths = Array(repeating: [], count: columns.count)
        for column in columns.indices {
            if kinds[column] == .integer { integers[column].reserveCapacity(range.count) } else {
                offsets[column].reserveCapacity(range.count)
                lengths[column].reserveCapacity(range.count)
            }
        }
        arena.reserveCapacity(range.count * 900)

        let database = RawDatabase(path: path, readOnly: true)
        let alias = ["entry": "e", "transfer": "t", "transfer_private": "p"]
        let list = columns.map { "\(alias[$0.table] ?? "e").\($0.name)" }.joined(separator: ", ")
        let select = database.prepare("""
            SELECT \(list) FROM entry e JOIN transfer t ON t.seq = e.seq JOIN transfer_private p ON p.seq = e.seq
            WHERE e.seq >= ? AND e.seq < ? ORDER BY e.seq
            """)
        select.bind(1, Int64(range.lowerBound))
        select.bind(2, Int64(range.upperBound))
        while select.step() {
            for column in columns.indices {
                if kinds[column] == .integer {
                    integers[column].append(select.int64(Int32(column)))
                } else {
                    let bytes = select.bytes(Int32(column))
                    offsets[column].append(arena.count)
                    lengths[column].append(Int32(bytes.count))
                    arena.append(contentsOf: bytes)
                }
            }
            count += 1
        }
        guard count == range.count else { fail("expected \(range.count) rows from \(path), read \(count)") }
        readRules(database, seqs: range)
        readNodes(database, seqs: range)
    }

    private func readRules(_ database: RawDatabase, seqs range: Range<Int>) {
        var bySeq: [Int: [(offset: Int, length: Int32)]] = [:]
        let select = database.prepare("SELECT seq, rule FROM transfer_rule WHERE seq >= ? AND seq < ? ORDER BY seq, rule")
        select.bind(1, Int64(range.lowerBound))
        select.bind(2, Int64(range.upperBound))
        while select.step() {
            let bytes = select.bytes(1)
            bySeq[Int(select.int64(0)), default: []].append((arena.count, Int32(bytes.count)))
            arena.append(contentsOf: bytes)
        }
        for seq in range {
            let start = ruleText.count
            ruleText += bySeq[seq] ?? []
            ruleRanges.append(start..<ruleText.count)
        }
    }

    /// The nodes entry `seq` completes: those whose subtree ends at leaf `seq`, lowest level first.
    private func readNodes(_ database: RawDatabase, seqs range: Range<Int>) {
        var bySeq: [Int: [(level: Int64, index: Int64, hashOffset: Int)]] = [:]
        let select = database.prepare("""
            SELECT ((idx + 1) << level) - 1 AS seq, level, idx, hash FROM node
            WHERE seq >= ? AND seq < ? ORDER BY seq, level
            """)
        select.bind(1, Int64(range.lowerBound))
        select.bind(2, Int64(range.upperBound))
        while select.step() {
            let hash = select.bytes(3)
            bySeq[Int(select.int64(0)), default: []].append((select.int64(1), select.int64(2), arena.count))
            arena.append(contentsOf: hash)
        }
        for seq in range {
            let start = nodes.count
            nodes += bySeq[seq] ?? []
            nodeRanges.append(start..<nodes.count)
        }
    }

    /// Inserts rows `range` into `database` through `entry`/`transfer`, prepared from `insertSQL`.
    /// `perTransaction` rows per BEGIN IMMEDIATE … COMMIT.
    func insert(into database: RawDatabase, rows range: Range<Int>, perTransaction: Int) {
        let entry = database.prepare(Self.insertSQL("entry", Self.entryColumns))
        let transfer = database.prepare(Self.insertSQL("transfer", Self.transferColumns))
        let privateDocument = database.prepare(Self.insertSQL("transfer_private", Self.privateColumns))
        let node = database.prepare("INSERT INTO node (level, idx, hash) VALUES (?, ?, ?)")
        let rule = database.prepare("INSERT INTO transfer_rule (seq, rule) VALUES (?, ?)")
        let split = Self.entryColumns.count
        let secondSplit = split + Self.transferColumns.count
        arena.withUnsafeBufferPointer { arena in
            let base = arena.baseAddress!
            var row = range.lowerBound
            while row < range.upperBound {
                database.execute("BEGIN IMMEDIATE")
                let end = Swift.min(row + perTransaction, range.upperBound)
                while row < end {
                    for column in 0..<kinds.count {
                        let statement = column < split ? entry : (column < secondSplit ? transfer : privateDocument)
                        let index = Int32(column < split ? column + 1 : (column < secondSplit ? column - split + 1 : column - secondSplit + 1))
                        switch kinds[column] {
                        case .integer: statement.bind(index, integers[column][row])
                        case .text: statement.bindText(index, base + offsets[column][row], lengths[column][row])
                        case .blob: statement.bindBlob(index, base + offsets[column][row], lengths[column][row])
                        }
                        if column == split - 1 {
                            entry.step()
                            entry.reset()
                            for completed in nodes[nodeRanges[row]] {
                                node.bind(1, completed.level)
                                node.bind(2, completed.index)
                                node.bindBlob(3, base + completed.hashOffset, 32)
                                node.step()
                                node.reset()
                            }
                        }
                        if column == secondSplit - 1 {
                            transfer.step()
                            transfer.reset()
                            for text in ruleText[ruleRanges[row]] {
                                rule.bind(1, integers[0][row])
                                rule.bindText(2, base + text.offset, text.length)
                                rule.step()
                                rule.reset()
                            }
                        }
                    }
                    privateDocument.step()
                    privateDocument.reset()
                    row += 1
                }
                database.execute("COMMIT")
            }
        }
    }

    var bytesPerRow: Double { Double(arena.count) / Double(Swift.max(count, 1)) }
}
