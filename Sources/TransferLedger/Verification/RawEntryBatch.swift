import LedgerFormat
import LedgerStorage

#if canImport(Glibc)
internal import Glibc
#endif

/// A batch of the verifier's rows, copied from SQLite as raw bytes into one growing buffer: the
/// reading thread, which the verification waits for, then allocates nothing per entry, and the
/// checking threads build the entries, projection rows and private documents from the bytes.
struct RawEntryBatch: Sendable {
    typealias Span = ColumnBytes.Span

    /// One row of the storage's scan: columns as spans, integers as they are.
    struct Row: Sendable {
        var seq: UInt64
        var kind = Span(), recordedAt = Span(), previousHash = Span(), hash = Span(), payload = Span()
        var format: Int64 = 0
        var hasTransferRow = false, hasPrivateDocument = false
        var document = Span()
        /// Where this row's projection text columns start in `texts`.
        var firstText = 0
        var occurredAt: Int64 = 0, dataCategories: Int64 = 0, specialCategories: Int64 = 0
    }

    private var bytes: ColumnBytes
    private(set) var rows: [Row] = []
    /// The projection's text columns, `textColumnCount` per row that has a transfer row: idempotency
    /// key, exporter, exporter role, importer, importer role, destination, region, mechanism, status,
    /// rules.
    private(set) var texts: [Span] = []
    private static let textColumnCount = 10

    var count: Int { rows.count }

    init(capacity: Int) {
        rows.reserveCapacity(capacity)
        texts.reserveCapacity(capacity * Self.textColumnCount)
        bytes = ColumnBytes(capacity: capacity * 1_536)
    }

    /// Empties the batch, keeping its memory for the next rows: a verification then reuses a few
    /// batches instead of allocating (and faulting in) a new one for every thousand entries.
    mutating func removeAll() {
        rows.removeAll(keepingCapacity: true)
        texts.removeAll(keepingCapacity: true)
        bytes.removeAll()
    }

    /// Copies `stored`, which is valid only for this call.
    mutating func append(_ stored: StoredEntryRow) {
        var row = Row(seq: stored.seq)
        row.kind = bytes.append(stored.kind)
        row.recordedAt = bytes.append(stored.recordedAt)
        row.previousHash = bytes.append(stored.previousHash)
        row.hash = bytes.append(stored.hash)
        row.payload = bytes.append(stored.payload)
        row.format = stored.format
        if let document = stored.document {
            row.hasPrivateDocument = true
            row.document = bytes.append(document)
        }
        if let columns = stored.transferColumns {
            row.hasTransferRow = true
            row.firstText = texts.count
            // One by one, not through an array literal: that would allocate on every row of the scan.
            texts.append(bytes.append(columns.idempotencyKey))
            texts.append(bytes.append(columns.exporter))
            texts.append(bytes.append(columns.exporterRole))
            texts.append(bytes.append(columns.importer))
            texts.append(bytes.append(columns.importerRole))
            texts.append(bytes.append(columns.destination))
            texts.append(bytes.append(columns.region))
            texts.append(bytes.append(columns.mechanism))
            texts.append(bytes.append(columns.status))
            texts.append(bytes.append(columns.rules))
            row.occurredAt = columns.occurredAt
            row.dataCategories = columns.dataCategories
            row.specialCategories = columns.specialCategories
        }
        rows.append(row)
    }

    /// Calls `body` with row `index` as borrowed bytes: the checking threads read every entry this way,
    /// allocating nothing for the fields they only hash and compare.
    func withRow<Result>(at index: Int, _ body: (StoredEntryRow) -> Result) -> Result {
        let row = rows[index]
        return bytes.withSlices { slice in
            var columns: StoredTransferColumns?
            if row.hasTransferRow {
                func text(_ number: Int) -> UnsafeBufferPointer<UInt8> { slice(texts[row.firstText + number]) }
                columns = StoredTransferColumns(
                    idempotencyKey: text(0), occurredAt: row.occurredAt, exporter: text(1), exporterRole: text(2), importer: text(3),
                    importerRole: text(4), destination: text(5), region: text(6), mechanism: text(7),
                    dataCategories: row.dataCategories, specialCategories: row.specialCategories, status: text(8), rules: text(9))
            }
            return body(StoredEntryRow(seq: row.seq, kind: slice(row.kind), recordedAt: slice(row.recordedAt),
                                    previousHash: slice(row.previousHash), hash: slice(row.hash), payload: slice(row.payload), format: row.format,
                                    document: row.hasPrivateDocument ? slice(row.document) : nil, transferColumns: columns))
        }
    }

    /// What the sequential checks read of row `index`; the stored hashes as digests (zero-padded when
    /// a tampered row holds them at another length, which the checking threads report).
    func link(at index: Int) -> EntryLink {
        let row = rows[index]
        return bytes.withSlices { slice in
            let kind = slice(row.kind)
            // Most entries are transfers: no string is built for them.
            return EntryLink(seq: row.seq,
                             kind: EntryKind.isTransfer(kind) ? EntryKind.transfer : EntryKind(rawValue: String(decoding: kind, as: UTF8.self)),
                             previousHash: Digest(copying: UnsafeRawBufferPointer(slice(row.previousHash))),
                             hash: Digest(copying: UnsafeRawBufferPointer(slice(row.hash))))
        }
    }

    /// Row `index`'s stored hash as a digest, zero-padded like `link(at:)`'s.
    func hash(at index: Int) -> Digest {
        bytes.withSlices { slice in Digest(copying: UnsafeRawBufferPointer(slice(rows[index].hash))) }
    }

    /// Whether the rows are entries `start`, `start + 1`, … in order with no checkpoint among them: a
    /// batch the walk may advance through without touching the tree, which only a recorded checkpoint
    /// reads mid-batch.
    func isRun(from start: UInt64) -> Bool {
        bytes.withSlices { slice in
            rows.indices.allSatisfy { index in
                rows[index].seq == start &+ UInt64(index) && !EntryKind.spells(slice(rows[index].kind), "checkpoint")
            }
        }
    }

    /// The recorded time of row `index` as stored, for messages.
    func recordedAt(at index: Int) -> String {
        bytes.string(rows[index].recordedAt)
    }

    /// Row `index` as an `Entry`: for the checks of the rarer kinds.
    func entry(at index: Int) -> Entry {
        let row = rows[index], link = link(at: index)
        return Entry(seq: link.seq, kind: link.kind, recordedAt: bytes.string(row.recordedAt),
                     previousHash: link.previousHash, hash: link.hash, payload: bytes.array(row.payload),
                     format: UInt8(clamping: row.format))
    }

    /// Row `index`'s private document, when there is one.
    func privateDocument(at index: Int) -> [UInt8]? {
        rows[index].hasPrivateDocument ? bytes.array(rows[index].document) : nil
    }

    /// Whether row `index` has a transfer row.
    func hasTransferRow(at index: Int) -> Bool {
        rows[index].hasTransferRow
    }

    /// Whether row `index` has a private document.
    func hasPrivateDocument(at index: Int) -> Bool {
        rows[index].hasPrivateDocument
    }
}

extension EntryKind {
    /// Whether stored bytes spell `transfer`: compared with a static string, so that the threads
    /// reading entries side by side share no reference-counted array.
    static func isTransfer(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        spells(utf8, "transfer")
    }

    /// Whether stored bytes spell the kind `name`.
    static func spells(_ utf8: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        guard utf8.count == name.utf8CodeUnitCount, let bytes = utf8.baseAddress else { return false }
        return memcmp(bytes, name.utf8Start, utf8.count) == 0
    }
}
