import LedgerFormat

/// Merkle roots, signed checkpoints and proofs: what lets anyone check the ledger without trusting it.
extension Ledger {
    /// The RFC 9162 root of the first `size` entries (all entries when nil), from O(log n) stored nodes.
    public func root(size: UInt64? = nil) throws(LedgerError) -> (size: UInt64, root: Digest) {
        try wrap {
            let count = try store.treeSize()
            let size = size ?? count
            guard size <= count else { throw LedgerError.noSuchEntry(size - 1) }
            return (size, try MerkleTree(hasher: hasher).root(size: size, node: store.node))
        }
    }

    /// Signs the tree of every entry so far with each signer (the first names the origin) and records
    /// the signed checkpoint as the next entry.
    public func checkpoint(signedBy signers: [NoteSigner]) throws(LedgerError) -> SignedNote {
        guard !signers.isEmpty else { throw .invalidCheckpoint("a checkpoint needs at least one signing key") }
        return try wrap { try appendCheckpoint(signers: signers) }
    }

    /// The checkpoint recorded for tree size `size`, or the newest recorded one when `size` is nil.
    public func recordedCheckpoint(size: UInt64? = nil) throws(LedgerError) -> SignedNote {
        let note = try wrap {
            if let size { try store.recordedCheckpoint(size: size) } else { try store.latestCheckpoint() }
        }
        guard let note else {
            throw .noCheckpoint(size.map { "no checkpoint of size \($0) is recorded in this ledger" }
                ?? "no checkpoint is recorded in this ledger yet; sign one with 'ledger checkpoint --key KEY'")
        }
        return note
    }

    /// An inclusion proof of entry `seq` in the tree of a signed checkpoint: the given one, else the
    /// newest recorded checkpoint that covers the entry. The proof carries the entry's canonical bytes.
    public func inclusionProof(for seq: UInt64, checkpoint note: SignedNote? = nil) throws(LedgerError) -> InclusionProof {
        let entry = try entry(at: seq)
        var chosen = note
        if chosen == nil { chosen = try wrap { try store.latestCheckpoint(covering: seq) } }
        guard let note = chosen else {
            throw .noCheckpoint("no recorded checkpoint covers entry \(seq) yet; sign one with 'ledger checkpoint --key KEY'")
        }
        let checkpoint = try parse(note)
        guard seq < checkpoint.size else {
            throw .noCheckpoint("the checkpoint of size \(checkpoint.size) does not cover entry \(seq)")
        }
        let path = try wrap { try MerkleTree(hasher: hasher).inclusionProof(leafIndex: seq, treeSize: checkpoint.size, node: store.node) }
        return InclusionProof(leafIndex: seq, treeSize: checkpoint.size, leafHash: entry.hash, proof: path,
                              checkpoint: note.serialized, entry: entry.canonicalBytes)
    }

    /// A consistency proof that the tree of `new` extends the tree of `old`.
    public func consistencyProof(from old: SignedNote, to new: SignedNote) throws(LedgerError) -> ConsistencyProof {
        let (oldCheckpoint, newCheckpoint) = (try parse(old), try parse(new))
        let path = try wrap {
            try MerkleTree(hasher: hasher).consistencyProof(oldSize: oldCheckpoint.size, newSize: newCheckpoint.size, node: store.node)
        }
        return ConsistencyProof(oldSize: oldCheckpoint.size, newSize: newCheckpoint.size, proof: path,
                                oldCheckpoint: old.serialized, newCheckpoint: new.serialized)
    }

    private func parse(_ note: SignedNote) throws(LedgerError) -> Checkpoint {
        do {
            return try Checkpoint(parsing: note.text)
        } catch {
            throw .invalidCheckpoint("the note is not a checkpoint: \(error)")
        }
    }
}
