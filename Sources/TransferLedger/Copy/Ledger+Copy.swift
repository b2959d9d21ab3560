import LedgerFormat
import LedgerStorage

/// Copying a whole ledger between backends: SQLite → PostgreSQL to move up, PostgreSQL → SQLite to
/// hand an auditor a file, or SQLite → SQLite.
extension Ledger {
    /// Copies every entry of the ledger at `source` into a new ledger at `target`, byte for byte, so
    /// both have the same entries, index rows, Merkle nodes, tip and roots: a checkpoint signed on one
    /// verifies against the other.
    ///
    /// The source is opened read-only and verified in full first, then copied in the same snapshot;
    /// the first problem stops the copy with `LedgerError.failsVerification` naming the entry and the
    /// check. `target` must be a file that does not exist yet, or a PostgreSQL database that is empty
    /// or holds a ledger without entries; the copy is one write transaction, so a failed copy leaves
    /// it empty (a new file is removed). `referenceData` is the ledger's base region table.
    /// On a PostgreSQL target, `roles` are granted their privileges as `create(at:roles:)` grants them
    /// (they must exist); a file has no roles. `progress` hears the source's verification, the long
    /// part, batch by batch.
    @discardableResult
    public static func copy(from source: LedgerLocation, to target: LedgerLocation,
                            referenceData: ReferenceData = .embedded, roles: DatabaseRoles? = nil,
                            progress: ProgressHandler? = nil) throws(LedgerError) -> LedgerCopySummary {
        if case .file = target, roles != nil {
            throw .invalidRequest("only a PostgreSQL ledger has roles to grant; a file's access is its file permissions")
        }
        let reader = try Ledger(location: source, readOnly: true, referenceData: referenceData)
        guard case .file(let path) = target else {
            return try reader.copy(to: target.openStorage(readOnly: false, creation: .ifMissing(roles: roles)), progress: progress)
        }
        guard !FileSystem.exists(path) else { throw .alreadyExists(path: path) }
        do {
            return try reader.copy(to: target.openStorage(readOnly: false, creation: .required(roles: nil)), progress: progress)
        } catch {
            // The file is this copy's own: leave nothing that later commands would take for a ledger.
            FileSystem.remove(path)
            throw error
        }
    }

    /// Verifies this ledger and copies it into `storage`, in one snapshot of this ledger.
    private func copy(to storage: any LedgerStorage, progress: ProgressHandler?) throws(LedgerError) -> LedgerCopySummary {
        var verifier = Verifier(store: store, referenceData: referenceData, engine: engine)
        verifier.progress = progress
        return try wrap {
            try store.snapshot(streaming: true) {
                let report = try verifier.verify()
                if let problem = report.problems.first { throw LedgerError.failsVerification(problem) }
                return try ChainCopier(source: store, target: storage).copy(expecting: report)
            }
        }
    }
}

/// What `Ledger.copy(from:to:)` copied: the same figures `ledger verify` and a checkpoint show for
/// either ledger afterwards.
public struct LedgerCopySummary: Sendable, Equatable {
    /// The number of entries copied.
    public let entries: UInt64
    /// The last entry's hash; nil for an empty ledger.
    public let tipHash: Digest?
    /// The Merkle root of all entries (RFC 9162), as a checkpoint of this size signs it.
    public let root: Digest
}
