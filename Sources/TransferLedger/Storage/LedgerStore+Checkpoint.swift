/// Signing and recording checkpoints, and finding recorded ones.
extension LedgerStore {
    /// Signs the tree of every entry so far with each signer and records the note as the next entry,
    /// all in one write transaction so the signed size is exactly the size before the new entry.
    func appendCheckpoint(signers: [NoteSigner], hasher: SHA256) throws -> SignedNote {
        try database.transaction("IMMEDIATE") {
            let appender = try Appender(store: self, hasher: hasher)
            let checkpoint = try Checkpoint(origin: signers[0].verifierKey.name, size: appender.nextSeq, rootHash: appender.tree.root)
            let note = try SignedNote(text: checkpoint.text, signatures: signers.map { try $0.sign(checkpoint.text) })
            let payload = try CheckpointPayload(note: note)
            let (seq, _) = try appender.append(kind: .checkpoint, payload: payload.canonicalBytes)
            try database.statement("INSERT INTO checkpoint (seq) VALUES (?)").run(.integer(Int64(seq)))
            return note
        }
    }

    /// The checkpoint recorded for tree size `size`, if one was.
    func recordedCheckpoint(size: UInt64) throws -> SignedNote? {
        let statement = try database.statement("""
            SELECT e.payload FROM checkpoint c JOIN entry e ON e.seq = c.seq WHERE c.seq = ?
            """)
        try statement.bind(.integer(Int64(bitPattern: size)))
        return try statement.firstRow { $0.bytes(0) }.map { try CheckpointPayload(bytes: $0).note }
    }

    /// The newest recorded checkpoint whose tree includes entry `seq` (its size is above `seq`), or the
    /// newest of all when `seq` is nil.
    func latestCheckpoint(covering seq: UInt64? = nil) throws -> SignedNote? {
        let statement = try database.statement("""
            SELECT e.payload FROM checkpoint c JOIN entry e ON e.seq = c.seq WHERE c.seq > ? ORDER BY c.seq DESC LIMIT 1
            """)
        try statement.bind(.integer(seq.map { Int64(bitPattern: $0) } ?? -1))
        return try statement.firstRow { $0.bytes(0) }.map { try CheckpointPayload(bytes: $0).note }
    }

    /// Sequence numbers of the checkpoint table, for the verifier to compare with the chain.
    func checkpointRows() throws -> [UInt64] {
        var rows: [UInt64] = []
        try database.statement("SELECT seq FROM checkpoint ORDER BY seq").forEachRow { rows.append(UInt64(bitPattern: $0.int64(0))) }
        return rows
    }
}
