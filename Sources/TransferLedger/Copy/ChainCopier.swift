import LedgerFormat
import LedgerStorage

/// Copies a verified chain from one storage into another inside one write transaction of the target:
/// every entry verbatim (its recorded time and hashes unchanged), its index rows derived from its
/// payload as its append derived them, and the Merkle nodes it completes, rebuilt.
///
/// The source has been verified in the same snapshot; each entry's hash and link are still
/// recomputed here, so what is inserted is exactly what was verified and an entry that changed under
/// a backend's snapshot could not slip through.
struct ChainCopier {
    let source: any LedgerStorage
    let target: any LedgerStorage
    let hasher = SHA256()

    /// Inserts every entry of `source` into the empty `target` and returns the copy's summary; throws,
    /// rolling the target's transaction back, at the first entry that cannot be copied as it is, or
    /// when the target already holds entries. Call inside a snapshot of `source`.
    func copy(expecting verified: VerificationReport) throws -> LedgerCopySummary {
        try target.write { tip in
            if let tip {
                throw LedgerError.invalidRequest("\(target.location) already holds \(tip.seq + 1) entries; copy into a new file or an empty database")
            }
            var tree = MerkleAccumulator(hasher: hasher)
            var completed: [MerkleNode] = []
            var previousHash = Digest.zero
            try source.forEachEntryRow { row in
                let entry = try checked(row, seq: tree.size, previousHash: previousHash)
                let rows: EntryRows
                do {
                    rows = try EntryRows(kind: entry.kind, payload: entry.payload, privateDocument: row.document.map(Array.init),
                                         storedKey: row.transferColumns.map { String(decoding: $0.idempotencyKey, as: UTF8.self) }, hasher: hasher) {
                        // The links as stored, verified with the rest: copied, not re-salted.
                        try source.subjectLinks(at: entry.seq)
                    }
                } catch {
                    throw Self.problem(entry.seq, .payload, "payload does not give the entry's index rows: \(error)")
                }
                tree.append(entry.hash, into: &completed)
                try target.insert(entry, rows: rows, nodes: completed)
                previousHash = entry.hash
            }
            // The verified chain, all of it: the scan saw exactly the entries the verifier saw.
            guard tree.size == verified.entriesChecked, tree.size == 0 || previousHash == verified.tipHash else {
                throw Self.problem(nil, .sequence, "the copy read \(tree.size) entries but the verification checked \(verified.entriesChecked)")
            }
            return LedgerCopySummary(entries: tree.size, tipHash: tree.size == 0 ? nil : previousHash, root: tree.root)
        }
    }

    /// `row` as an entry to insert, after checking that it is entry `seq`, that its stored hash is its
    /// contents' and that it links to `previousHash`.
    private func checked(_ row: StoredEntryRow, seq: UInt64, previousHash: Digest) throws -> StoredEntry {
        guard row.seq == seq else { throw Self.problem(row.seq, .sequence, "entry \(seq) is missing before this one") }
        // Each entry keeps its format (FORMAT.md §1.1): its hash is the source's on the target too.
        guard let format = UInt8(exactly: row.format), EntryEncoding.versions.contains(format) else {
            throw Self.problem(seq, .hash, "format \(row.format) is not an entry format version")
        }
        let computed = EntryEncoding.leafHash(format: format, seq: row.seq, kind: row.kind, recordedAt: row.recordedAt, previousHash: row.previousHash,
                                              payload: row.payload, hasher: hasher)
        guard let hash = Digest(bytes: Array(row.hash)), let computed, hash == computed else {
            throw Self.problem(seq, .hash, "hash does not match its contents (computed \(computed?.shortHex ?? "none: the payload yields no stub header"))")
        }
        guard let previous = Digest(bytes: Array(row.previousHash)), previous == previousHash else {
            throw Self.problem(seq, .link, "previous hash does not match the hash of the entry before it (\(previousHash.shortHex))")
        }
        return StoredEntry(seq: seq, kind: EntryKind(rawValue: String(decoding: row.kind, as: UTF8.self)),
                           recordedAt: String(decoding: row.recordedAt, as: UTF8.self), previousHash: previous, hash: hash,
                           payload: Array(row.payload), format: format)
    }

    private static func problem(_ seq: UInt64?, _ check: VerificationReport.Problem.Check, _ message: String) -> LedgerError {
        .failsVerification(VerificationReport.Problem(seq: seq, check: check, message: message))
    }
}
