import LedgerFormat
import LedgerStorage

/// Erasure in the SQLite file: the items an erasure entry names, the private documents they delete,
/// and getting the deleted bytes out of the WAL once the transaction has committed.
extension LedgerStore {
    /// Inside `write`, after the erasure entry: indexes its items, then deletes what they name. The
    /// triggers on `transfer_private` and `subject_link` refuse the delete unless the item is already
    /// there. A link is found by its commitment, so `ledger copy`, whose source no longer has the
    /// erased link, deletes nothing.
    func insertErasure(_ items: [ErasureItem], erasure seq: Int64) throws {
        let item = try database.statement("INSERT INTO erasure_item (erasure, seq, kind, digest) VALUES (?, ?, ?, ?)")
        let delete = try database.statement("DELETE FROM transfer_private WHERE seq = ?")
        let deleteLink = try database.statement("DELETE FROM subject_link WHERE token = ? AND seq = ?")
        for erased in items {
            let target = Int64(bitPattern: erased.seq)
            try item.run(.integer(seq), .integer(target), .text(erased.kind.rawValue), .text(erased.digest.hex))
            if erased.kind == .privateDocument { try delete.run(.integer(target)) }
            if erased.kind == .subjectLink, let link = try subjectLinks(at: erased.seq).first(where: { $0.commitment() == erased.digest }) {
                try deleteLink.run(.blob(link.token.digest.bytes), .integer(target))
            }
        }
    }

    package func erasure(of seq: UInt64, kind: ErasureItemKind) throws -> UInt64? {
        let statement = try database.statement("SELECT erasure FROM erasure_item WHERE seq = ? AND kind = ?")
        try statement.bind(.integer(Int64(bitPattern: seq)), .text(kind.rawValue))
        return try statement.firstRow { UInt64(bitPattern: $0.int64(0)) }
    }

    package func hasPrivateDocument(_ seq: UInt64) throws -> Bool {
        let statement = try database.statement("SELECT 1 FROM transfer_private WHERE seq = ?")
        try statement.bind(.integer(Int64(bitPattern: seq)))
        return try statement.firstRow { _ in true } ?? false
    }

    package func transfersWithPrivateDocument(occurredBefore before: Timestamp) throws -> [UInt64] {
        let statement = try database.statement("""
            SELECT t.seq FROM transfer t JOIN transfer_private p ON p.seq = t.seq WHERE t.occurred_at < ? ORDER BY t.seq
            """)
        try statement.bind(.integer(before.microseconds))
        var seqs: [UInt64] = []
        try statement.forEachRow { seqs.append(UInt64(bitPattern: $0.int64(0))) }
        return seqs
    }

    package func erasureRows() throws -> [UInt64: [ErasureItem]] {
        var rows: [UInt64: [ErasureItem]] = [:]
        try database.statement("SELECT erasure, seq, kind, digest FROM erasure_item ORDER BY erasure, seq, kind, digest").forEachRow { row in
            // A digest that is not hex reads as the zero digest, which no entry commits to: the verifier reports it.
            rows[UInt64(bitPattern: row.int64(0)), default: []].append(ErasureItem(
                seq: UInt64(bitPattern: row.int64(1)), kind: ErasureItemKind(rawValue: row.text(2)), digest: Digest(hex: row.text(3)) ?? .zero))
        }
        return rows
    }

    /// `secure_delete` (set on every writable connection) has overwritten the deleted cells in the
    /// pages the transaction wrote; the old pages still sit in the WAL until a checkpoint copies the new
    /// ones into the file, and TRUNCATE then empties the WAL file.
    package func purgeErasedContent() throws -> String? {
        let statement = try database.statement("PRAGMA wal_checkpoint(TRUNCATE)")
        let busy = try statement.firstRow { $0.int64(0) } ?? 0
        guard busy != 0 else { return nil }
        return "other connections were reading, so the WAL (\(database.path)-wal) still holds the erased bytes until the next checkpoint; run 'ledger erase' again (it erases nothing more and checkpoints) when they have finished"
    }
}
