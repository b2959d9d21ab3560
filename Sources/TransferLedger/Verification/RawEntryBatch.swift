/// A batch of the verifier's rows, copied from SQLite as raw bytes into one growing buffer: the
/// reading thread, which the verification waits for, then allocates nothing per entry, and the
/// checking threads build the entries, projection rows and private documents from the bytes.
struct RawEntryBatch: Sendable {
    /// One column's bytes in `bytes`.
    struct Span: Sendable {
        var start: Int
        var count: Int
    }

    /// One row of `LedgerStore.verifierReadSQL`: columns as spans, integers as they are.
    struct Row: Sendable {
        var seq: Int64
        var kind = Span(start: 0, count: 0), recordedAt = Span(start: 0, count: 0)
        var previousHash = Span(start: 0, count: 0), hash = Span(start: 0, count: 0), payload = Span(start: 0, count: 0)
        var hasTransferRow = false, hasPrivateDocument = false
        var document = Span(start: 0, count: 0)
        /// Where this row's projection text columns start in `texts`.
        var firstText = 0
        var occurredAt: Int64 = 0, dataCategories: Int64 = 0, specialCategories: Int64 = 0
    }

    private(set) var bytes: [UInt8] = []
    private(set) var rows: [Row] = []
    /// The projection's text columns, `textColumns.count` per row that has a transfer row.
    private(set) var texts: [Span] = []
    /// Idempotency key, exporter, exporter role, importer, importer role, destination, region,
    /// mechanism, status, rules: the text columns in the order `TransferRow(_:from:)` reads them.
    private static let textColumns: [Int32] = [9, 11, 12, 13, 14, 15, 16, 17, 20, 21]

    var count: Int { rows.count }

    init(capacity: Int) {
        rows.reserveCapacity(capacity)
        texts.reserveCapacity(capacity * Self.textColumns.count)
        bytes.reserveCapacity(capacity * 1_280)
    }

    /// Copies the row `statement` is on.
    mutating func append(_ statement: Statement) {
        var row = Row(seq: statement.int64(0))
        row.kind = text(statement, 1)
        row.recordedAt = text(statement, 2)
        row.previousHash = blob(statement, 3)
        row.hash = blob(statement, 4)
        row.payload = blob(statement, 5)
        row.hasTransferRow = statement.int64(6) != 0
        row.hasPrivateDocument = statement.int64(7) != 0
        if row.hasPrivateDocument { row.document = blob(statement, 8) }
        if row.hasTransferRow {
            row.firstText = texts.count
            for column in Self.textColumns { texts.append(text(statement, column)) }
            row.occurredAt = statement.int64(10)
            row.dataCategories = statement.int64(18)
            row.specialCategories = statement.int64(19)
        }
        rows.append(row)
    }

    /// All the column's bytes, as `Statement.bytes` reads them.
    private mutating func blob(_ statement: Statement, _ column: Int32) -> Span {
        statement.withBytes(column) { column in
            let span = Span(start: bytes.count, count: column.count)
            bytes.append(contentsOf: column)
            return span
        }
    }

    /// The column's bytes up to the first NUL, as `Statement.text` reads them (`String(cString:)`).
    private mutating func text(_ statement: Statement, _ column: Int32) -> Span {
        statement.withBytes(column) { column in
            let end = column.firstIndex(of: 0) ?? column.count
            let span = Span(start: bytes.count, count: end)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: column[..<end]))
            return span
        }
    }

    private func array(_ span: Span) -> [UInt8] {
        Array(bytes[span.start..<span.start + span.count])
    }

    private func string(_ span: Span) -> String {
        String(decoding: bytes[span.start..<span.start + span.count], as: UTF8.self)
    }

    /// Row `index` as the values the checks read, exactly as `LedgerStore.forEachEntry` builds them.
    func storedEntry(at index: Int) -> StoredEntry {
        let row = rows[index]
        let entry = Entry(seq: UInt64(bitPattern: row.seq), kind: EntryKind(rawValue: string(row.kind)), recordedAt: string(row.recordedAt),
                          previousHash: Digest(uncheckedBytes: array(row.previousHash)), hash: Digest(uncheckedBytes: array(row.hash)),
                          payload: array(row.payload))
        var transferRow: TransferRow?
        if row.hasTransferRow {
            let texts = texts[row.firstText..<row.firstText + Self.textColumns.count].map(string)
            transferRow = TransferRow(idempotencyKey: texts[0], occurredAt: row.occurredAt, exporter: texts[1], exporterRole: texts[2],
                                      importer: texts[3], importerRole: texts[4], destination: texts[5], region: texts[6],
                                      mechanism: texts[7], dataCategories: row.dataCategories, specialCategories: row.specialCategories,
                                      status: texts[8], rules: texts[9])
        }
        return StoredEntry(entry: entry, row: transferRow, privateDocument: row.hasPrivateDocument ? array(row.document) : nil)
    }
}

extension TransferRow {
    /// A row from its stored columns, as `init(_:from:)` reads them from a statement.
    init(idempotencyKey: String, occurredAt: Int64, exporter: String, exporterRole: String, importer: String, importerRole: String,
         destination: String, region: String, mechanism: String, dataCategories: Int64, specialCategories: Int64, status: String,
         rules: String) {
        self.idempotencyKey = idempotencyKey
        self.occurredAt = occurredAt
        self.exporter = exporter
        self.exporterRole = exporterRole
        self.importer = importer
        self.importerRole = importerRole
        self.destination = destination
        self.region = region
        self.mechanism = mechanism
        self.dataCategories = dataCategories
        self.specialCategories = specialCategories
        self.status = status
        self.rules = Set(rules.split(separator: ",").map(String.init))
    }
}
