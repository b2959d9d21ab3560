import LedgerFormat
import LedgerStorage

/// Erasure in PostgreSQL: the items an erasure entry names, the private documents they delete, and a
/// VACUUM of `transfer_private` afterwards when this role owns it.
extension PostgresStore {
    /// Inside `write`, after the erasure entry (pipelined): indexes its items, then deletes what they
    /// name; the triggers on `transfer_private` and `subject_link` refuse the delete unless the item is
    /// already there.
    func insertErasure(_ items: [ErasureItem], erasure seq: PostgresValue) throws {
        let item = try connection.statement("INSERT INTO erasure_item (erasure, seq, kind, digest) VALUES ($1, $2, $3, $4)")
        let delete = try connection.statement("DELETE FROM transfer_private WHERE seq = $1")
        // The intake's copy of the transfer (its JSON as submitted) goes too; its outcome cascades.
        let intake = try connection.statement("DELETE FROM intake WHERE id IN (SELECT intake_id FROM intake_outcome WHERE seq = $1)")
        // A link is found by its commitment, which the database computes as its trigger does; in a
        // copy, whose source no longer has the erased link, it deletes nothing.
        let link = try connection.statement("DELETE FROM subject_link WHERE seq = $1 AND ledger_link_commitment(salt, token) = $2")
        for erased in items {
            let target = PostgresValue.integer(Int64(bitPattern: erased.seq))
            try item.send(seq, target, .text(erased.kind.rawValue), .text(erased.digest.hex))
            if erased.kind == .subjectLink { try link.send(target, .text(erased.digest.hex)) }
            guard erased.kind == .privateDocument else { continue }
            try delete.send(target)
            try intake.send(target)
        }
    }

    package func erasure(of seq: UInt64, kind: ErasureItemKind) throws -> UInt64? {
        try connection.statement("SELECT erasure FROM erasure_item WHERE seq = $1 AND kind = $2")
            .firstRow(.integer(Int64(bitPattern: seq)), .text(kind.rawValue)) { UInt64(bitPattern: $0.int64(0)) }
    }

    package func hasPrivateDocument(_ seq: UInt64) throws -> Bool {
        try connection.statement("SELECT 1 FROM transfer_private WHERE seq = $1").firstRow(.integer(Int64(bitPattern: seq))) { _ in true } ?? false
    }

    package func transfersWithPrivateDocument(occurredBefore before: Timestamp) throws -> [UInt64] {
        var seqs: [UInt64] = []
        try each("SELECT t.seq FROM transfer t JOIN transfer_private p ON p.seq = t.seq WHERE t.occurred_at < $1 ORDER BY t.seq",
                 .integer(before.microseconds)) { seqs.append(UInt64(bitPattern: $0.int64(0))) }
        return seqs
    }

    package func erasureRows() throws -> [UInt64: [ErasureItem]] {
        var rows: [UInt64: [ErasureItem]] = [:]
        try each("SELECT erasure, seq, kind, digest FROM erasure_item ORDER BY erasure, seq, kind COLLATE \"C\", digest COLLATE \"C\"") { row in
            // A digest that is not hex reads as the zero digest, which no entry commits to: the verifier reports it.
            rows[UInt64(bitPattern: row.int64(0)), default: []].append(ErasureItem(
                seq: UInt64(bitPattern: row.int64(1)), kind: ErasureItemKind(rawValue: row.text(2)), digest: Digest(hex: row.text(3)) ?? .zero))
        }
        return rows
    }

    /// The deleted rows stay in the tables' pages as dead tuples until a VACUUM reclaims them; only the
    /// tables' owner may run it, so a writer role is told to ask the owner.
    package func purgeErasedContent() throws -> String? {
        let owns = try connection.statement("""
            SELECT pg_catalog.pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_catalog.pg_class c WHERE c.oid = 'transfer_private'::regclass
            """).firstRow { $0.bool(0) } ?? false
        guard owns else {
            return "the deleted rows stay in the tables' pages until a VACUUM, which only the owner may run: run 'VACUUM transfer_private, intake, intake_outcome, subject_link' as the owner role"
        }
        try connection.execute("VACUUM transfer_private, intake, intake_outcome, subject_link")
        return nil
    }
}
