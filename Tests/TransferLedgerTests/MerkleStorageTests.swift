import Foundation
import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import LedgerSQLite
@testable import TransferLedger

/// The Merkle tree as stored in a real ledger, on both backends: roots, node table and proofs equal an independent
/// recursive RFC 9162 computation over the entry hashes, and a version-1 file gains its nodes by migration.
@Suite struct MerkleStorageTests {
    @Test("stored tree equals the recursive RFC 9162 reference", arguments: Backend.allCases, [1, 2, 3, 7, 8, 9, 33, 100])
    func storedTreeMatchesReference(_ backend: Backend, count: Int) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try MerkleFixtures.makeLedger(at: scratch.path, count: count)
        let signer = try MerkleFixtures.signer()
        let hasher = SHA256()
        let leaves = try MerkleFixtures.entryHashes(ledger)
        try #require(leaves.count == count)
        for seq in 0..<count {
            let entry = try ledger.entry(at: UInt64(seq))
            #expect(entry.hash == hasher.leafHash(entry.canonicalBytes), "entry \(seq) hash is its RFC 9162 leaf hash")
        }
        let reference = MerkleRFCReference(leaves)

        // Every root, from the empty tree to the whole ledger.
        for size in 0...count {
            #expect(try ledger.root(size: UInt64(size)).root == reference.mth(0, size), "root(size: \(size))")
        }
        let whole = try ledger.root()
        #expect(whole.size == UInt64(count) && whole.root == reference.mth(0, count))
        #expect(throws: LedgerError.self) { try ledger.root(size: UInt64(count + 1)) }

        // The node table holds exactly the complete nodes, each the MTH of its leaves.
        var stored = 0
        for row in try scratch.raw().rows("SELECT level, idx, hash FROM node ORDER BY level, idx") {
            let level = Int(try #require(row[0].integer)), index = Int(try #require(row[1].integer))
            let start = index << level, end = (index + 1) << level
            #expect(end <= count, "node(\(level), \(index)) is complete")
            if end <= count {
                #expect(Digest(bytes: row[2].blob ?? []) == reference.mth(start, end), "node(\(level), \(index))")
            }
            stored += 1
        }
        #expect(stored == count - count.nonzeroBitCount, "one node per trailing one bit of each leaf index")

        // Checkpoints of a sample of sizes, signed but not recorded, so the ledger stays as built.
        var checkpoints: [Int: SignedNote] = [:]
        func checkpoint(_ size: Int) throws -> SignedNote {
            if let note = checkpoints[size] { return note }
            let note = try MerkleFixtures.unrecordedCheckpoint(of: ledger, size: UInt64(size), signedBy: signer)
            checkpoints[size] = note
            return note
        }
        let sizes = Self.sample(count)

        // Every inclusion proof at the full size; every index at a sample of smaller sizes.
        for size in sizes {
            let note = try checkpoint(size)
            let parsed = try Checkpoint(parsing: note.text)
            for seq in 0..<size where size == count || seq % 3 == 0 || seq == size - 1 {
                let proof = try ledger.inclusionProof(for: UInt64(seq), checkpoint: note)
                #expect(proof.treeSize == UInt64(size) && proof.leafIndex == UInt64(seq))
                #expect(proof.leafHash == leaves[seq].bytes)
                #expect(proof.proof == reference.path(seq, 0, size).map(\.bytes), "inclusion \(seq) @ \(size)")
                #expect(proof.entry.map { hasher.leafHash($0) } == leaves[seq])
                #expect(throws: Never.self) { try proof.verify(against: parsed) }
                // Round trip through the JSON form and verify again.
                let decoded = try JSONDecoder().decode(InclusionProof.self, from: JSONEncoder().encode(proof))
                #expect(throws: Never.self) { try decoded.verify(against: parsed) }
            }
        }

        // Consistency proofs between sampled sizes.
        for old in sizes {
            for new in sizes where new >= old {
                let (oldNote, newNote) = (try checkpoint(old), try checkpoint(new))
                let proof = try ledger.consistencyProof(from: oldNote, to: newNote)
                #expect(proof.proof == reference.consistency(old, new).map(\.bytes), "consistency \(old) → \(new)")
                #expect(throws: Never.self) {
                    try proof.verify(from: Checkpoint(parsing: oldNote.text), to: Checkpoint(parsing: newNote.text))
                }
            }
        }
    }

    /// Sizes 1…count worth sampling: all small ones, powers of two and their neighbours, and the end.
    static func sample(_ count: Int) -> [Int] {
        var sizes = Set((1...min(count, 9)).map { $0 })
        var power = 1
        while power <= count {
            for size in [power - 1, power, power + 1] where (1...count).contains(size) { sizes.insert(size) }
            power <<= 1
        }
        for size in [count / 2, count / 3 + 1, count - 1, count] where (1...count).contains(size) { sizes.insert(size) }
        return sizes.sorted()
    }

    @Test(arguments: Backend.allCases)
    func inclusionProofNeedsACoveringCheckpoint(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try MerkleFixtures.makeLedger(at: scratch.path, count: 5)
        let signer = try MerkleFixtures.signer()
        // Nothing recorded yet: the library says how to get a checkpoint.
        #expect(throws: LedgerError.self) { try ledger.inclusionProof(for: 0) }
        let small = try MerkleFixtures.unrecordedCheckpoint(of: ledger, size: 3, signedBy: signer)
        #expect(throws: LedgerError.self) { try ledger.inclusionProof(for: 3, checkpoint: small) }
        #expect(throws: LedgerError.self) { try ledger.inclusionProof(for: 9) }
        // A recorded checkpoint covers every earlier entry, not itself.
        let recorded = try ledger.checkpoint(signedBy: [signer])
        for seq in UInt64(0)..<5 {
            let proof = try ledger.inclusionProof(for: seq)
            #expect(proof.checkpoint == recorded.serialized)
            #expect(throws: Never.self) { try proof.verify(against: Checkpoint(parsing: recorded.text)) }
        }
        #expect(throws: LedgerError.self) { try ledger.inclusionProof(for: 5) }
    }

    // MARK: Migration

    // SQLite only: these make a version-1 file by hand (`PRAGMA user_version`); PostgreSQL's migrations
    // are PostgreSQLSchemaTests'.

    @Test func versionOneFileIsMigratedAndBackfilled() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let path = scratch.file("v1.ledger")
        let count = 45
        var roots: [Digest] = []
        do {
            _ = try MerkleFixtures.makeLedger(at: path, count: count)
            // A file written before schema version 6 holds format-1 entries (FORMAT.md §1.1).
            try RawLedger(location: path).tamper { raw in
                try raw.run("UPDATE entry SET format = 1")
                try raw.rehash(from: 0)
            }
            let ledger = try Ledger(path: path)
            roots = try (0...count).map { try ledger.root(size: UInt64($0)).root }
        }
        // Make it a version-1 file: no node, checkpoint, version-3 or version-4 tables (their triggers and indexes go with them).
        do {
            let raw = try RawLedger(location: path)
            try raw.execute("BEGIN IMMEDIATE; ALTER TABLE entry DROP COLUMN format; DROP TABLE node; DROP TABLE checkpoint; DROP TABLE correction; DROP TABLE gov_access_request; DROP TABLE reference_data; DROP TABLE erasure_item; DROP TABLE subject_link; PRAGMA user_version = 1; COMMIT")
            #expect(try raw.count("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'node%' OR name LIKE 'checkpoint%'") == 0)
            #expect(try raw.count("PRAGMA user_version") == 1)
        }

        // A read-only open (an auditor) must not migrate the file: it is refused with a clear error.
        do {
            #expect(throws: LedgerError.olderFormat(path: path, version: 1, current: LedgerStore.schemaVersion)) {
                try Ledger(path: path, readOnly: true)
            }
            let raw = try RawLedger(location: path)
            #expect(try raw.count("PRAGMA user_version") == 1)
        }

        let ledger = try Ledger(path: path)
        let raw = try RawLedger(location: path)
        #expect(try raw.count("PRAGMA user_version") == LedgerStore.schemaVersion)
        #expect(try raw.count("SELECT count(*) FROM node") == Int64(count - count.nonzeroBitCount))
        #expect(try raw.count("SELECT count(*) FROM checkpoint") == 0)
        let report = try ledger.verify()
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.entriesChecked == UInt64(count))
        for size in 0...count {
            #expect(try ledger.root(size: UInt64(size)).root == roots[size], "root(size: \(size)) after backfill")
        }

        // The migrated ledger keeps working: appends, checkpoints, proofs, verification.
        let signer = try MerkleFixtures.signer()
        try MerkleFixtures.record(6, into: ledger, seed: 7, offset: count)
        let note = try ledger.checkpoint(signedBy: [signer])
        let checkpoint = try Checkpoint(parsing: note.text)
        #expect(checkpoint.size == UInt64(count + 6))
        #expect(try ledger.inclusionProof(for: 3).proof.isEmpty == false)
        #expect(throws: Never.self) { try ledger.inclusionProof(for: 3).verify(against: checkpoint) }
        let after = try ledger.verify(checkpoints: [note], keys: [signer.verifierKey])
        #expect(after.isIntact, "\(after.problems)")
        let leaves = try MerkleFixtures.entryHashes(ledger)
        #expect(try ledger.root().root == MerkleRFCReference(leaves).mth(0, leaves.count))
    }

    /// A version-1 ledger opened read-only (as 'ledger verify' and 'ledger prove' open it) is not migrated;
    /// the open fails with `olderFormat`, which tells the auditor to migrate it, and the file is untouched.
    @Test func versionOneFileOpenedReadOnlyIsRefusedAsOlderFormat() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let path = scratch.file("v1-ro.ledger")
        _ = try MerkleFixtures.makeLedger(at: path, count: 5)
        try RawLedger(location: path).execute("DROP TABLE node; DROP TABLE checkpoint; PRAGMA user_version = 1")
        let error = try #require(throws: LedgerError.self) { try Ledger(path: path, readOnly: true).verify() }
        #expect(error == .olderFormat(path: path, version: 1, current: LedgerStore.schemaVersion))
        #expect(error.description.contains("migrate"), "\(error)")
        #expect(try RawLedger(location: path).count("PRAGMA user_version") == 1)
    }

    // MARK: Node table tampering

    @Test("a tampered node hash is reported as .merkle at the entry that completes it",
          arguments: Backend.allCases, [(level: 1, index: 0), (level: 2, index: 1), (level: 3, index: 0), (level: 1, index: 9)])
    func tamperedNodeIsReported(_ backend: Backend, node: (level: Int, index: Int)) throws {
        let (level, index) = node
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = scratch.path
        let signer = try MerkleFixtures.signer()
        let note: SignedNote
        do {
            let ledger = try MerkleFixtures.makeLedger(at: path, count: 20)
            note = try MerkleFixtures.unrecordedCheckpoint(of: ledger, size: 20, signedBy: signer)
        }
        try scratch.tamper {
            try $0.run("UPDATE node SET hash = ? WHERE level = ? AND idx = ?",
                       .blob([UInt8](repeating: 0xAB, count: 32)), .integer(Int64(level)), .integer(Int64(index)))
        }
        let ledger = try Ledger(path: path, readOnly: true)
        let completedBy = UInt64((index + 1) << level - 1)
        for report in [try ledger.verify(), try ledger.verify(checkpoints: [note], keys: [signer.verifierKey])] {
            #expect(report.problems.map(\.check) == [.merkle], "\(report.problems)")
            #expect(report.problems.first?.seq == completedBy)
        }
        // Proofs are built from stored nodes: a proof for a leaf of the sibling subtree carries the
        // tampered node and no longer leads to the signed root.
        let checkpoint = try Checkpoint(parsing: note.text)
        let proof = try ledger.inclusionProof(for: UInt64((index ^ 1) << level), checkpoint: note)
        #expect(throws: MerkleProofError.self) { try proof.verify(against: checkpoint) }
    }

    @Test(arguments: Backend.allCases)
    func missingNodeIsReported(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = scratch.path
        _ = try MerkleFixtures.makeLedger(at: path, count: 12)
        try scratch.tamper { try $0.run("DELETE FROM node WHERE level = 2 AND idx = 0") }
        let report = try Ledger(path: path, readOnly: true).verify()
        #expect(!report.isIntact)
        #expect(report.problems.allSatisfy { $0.check == .merkle }, "\(report.problems)")
        #expect(report.problems.first?.seq == 3, "node(2, 0) is completed by entry 3")
        // Each level is read on its own: the nodes after the missing one still line up.
        #expect(report.problems.count == 1, "\(report.problems)")
    }

    @Test(arguments: Backend.allCases)
    func extraNodeIsReported(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = scratch.path
        _ = try MerkleFixtures.makeLedger(at: path, count: 12)
        try scratch.tamper {
            try $0.run("INSERT INTO node (level, idx, hash) VALUES (5, 0, ?)", .blob([UInt8](repeating: 1, count: 32)))
        }
        let report = try Ledger(path: path, readOnly: true).verify()
        #expect(report.problems.map(\.check) == [.merkle], "\(report.problems)")
        #expect(report.problems.first?.seq == nil, "node(5, 0) is completed by no entry")
    }
}
