import BenchSQLite

/// Rows of the `entry`, `transfer` and `transfer_private` tables, copied out of a ledger built by the
/// library, kept in one byte arena so the raw insert binds them without any conversion (SQLITE_STATIC).
///
/// The baseline leaves out the Merkle `node` rows (about one per entry) and the few `transfer_rule`
/// rows, so it is slightly faster than "the same rows": the ratios it gives understate the ledger.
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
    }

    /// Inserts rows `range` into `database` through `entry`/`transfer`, prepared from `insertSQL`.
    /// `perTransaction` rows per BEGIN IMMEDIATE … COMMIT.
    func insert(into database: RawDatabase, rows range: Range<Int>, perTransaction: Int) {
        let entry = database.prepare(Self.insertSQL("entry", Self.entryColumns))
        let transfer = database.prepare(Self.insertSQL("transfer", Self.transferColumns))
        let privateDocument = database.prepare(Self.insertSQL("transfer_private", Self.privateColumns))
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
                        }
                        if column == secondSplit - 1 {
                            transfer.step()
                            transfer.reset()
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
