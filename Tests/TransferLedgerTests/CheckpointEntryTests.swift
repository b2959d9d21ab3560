import Foundation
import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// Signed checkpoints recorded in the chain: signatures, where they land, and how verify checks them.
@Suite struct CheckpointEntryTests {
    @Test(arguments: Backend.allCases)
    func checkpointSignedByTwoKeysIsRecordedAtItsSize(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = scratch.path
        let ledger = try MerkleFixtures.makeLedger(at: path, count: 10)
        let old = try MerkleFixtures.signer("example.com/transfers")
        let new = try MerkleFixtures.signer("example.com/transfers-2026")
        let rootBefore = try ledger.root()

        let note = try ledger.checkpoint(signedBy: [old, new])
        let checkpoint = try Checkpoint(parsing: note.text)
        #expect(checkpoint.origin == old.name, "the first key names the origin")
        #expect(checkpoint.size == 10 && checkpoint.rootHash == rootBefore.root)
        #expect(note.signatures.map(\.name) == [old.name, new.name])
        #expect(note.serialized.split(separator: "\n").filter { $0.hasPrefix("— ") }.count == 2)

        // Either key alone verifies the note (the other line is an unknown key, ignored); both together too.
        for keys in [[old.verifierKey], [new.verifierKey], [old.verifierKey, new.verifierKey]] {
            let verified = try note.open(using: keys)
            #expect(verified.count == keys.count)
        }
        let stranger = try MerkleFixtures.signer("example.com/transfers")
        #expect(throws: NoteError.self) { try note.open(using: [stranger.verifierKey]) }
        // Round trip through text, as an auditor stores it.
        #expect(try SignedNote(parsing: note.serialized) == note)

        // Recorded as the next entry: kind checkpoint, seq == size, linked like any entry.
        #expect(try ledger.entryCount() == 11)
        let entry = try ledger.entry(at: 10)
        #expect(entry.kind == .checkpoint)
        #expect(entry.seq == checkpoint.size)
        #expect(entry.previousHash == (try ledger.entry(at: 9).hash))
        #expect(entry.payloadText.contains("example.com/transfers-2026"))
        #expect(try ledger.recordedCheckpoint(size: 10) == note)
        #expect(try ledger.recordedCheckpoint() == note)
        #expect(throws: LedgerError.self) { try ledger.recordedCheckpoint(size: 9) }
        // The checkpoint entry is itself a leaf of the next tree.
        #expect(try ledger.root().size == 11)
        #expect(try ledger.root(size: 10) == rootBefore)

        // Verify: with either key, with both, and with no key at all, the ledger is intact.
        for keys in [[], [old.verifierKey], [new.verifierKey], [old.verifierKey, new.verifierKey]] {
            let report = try ledger.verify(checkpoints: keys.isEmpty ? [] : [note], keys: keys)
            #expect(report.isIntact, "\(keys): \(report.problems)")
        }
        // Transfers after the checkpoint are still provable against it (entries before it) and against the next.
        try MerkleFixtures.record(4, into: ledger, seed: 7, offset: 10)
        let next = try ledger.checkpoint(signedBy: [old])
        #expect(try Checkpoint(parsing: next.text).size == 15)
        #expect(try ledger.recordedCheckpoint() == next)
        #expect(try ledger.inclusionProof(for: 3).checkpoint == next.serialized)
        #expect(try ledger.inclusionProof(for: 12).treeSize == 15)
        let consistency = try ledger.consistencyProof(from: note, to: next)
        #expect(throws: Never.self) { try consistency.verify(from: checkpoint, to: Checkpoint(parsing: next.text)) }
        let report = try ledger.verify(checkpoints: [note, next], keys: [old.verifierKey])
        #expect(report.isIntact, "\(report.problems)")
    }

    @Test(arguments: Backend.allCases)
    func recordedCheckpointsAreCheckedWithTheGivenKeys(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try MerkleFixtures.makeLedger(at: scratch.path, count: 4)
        let log = try MerkleFixtures.signer()
        let other = try MerkleFixtures.signer("example.com/other-log")
        _ = try ledger.checkpoint(signedBy: [log])             // seq 4
        try MerkleFixtures.record(3, into: ledger, seed: 7, offset: 4)
        _ = try ledger.checkpoint(signedBy: [other])           // seq 8

        #expect(try ledger.verify().isIntact, "signatures are not checked without keys")
        let withLog = try ledger.verify(keys: [log.verifierKey])
        #expect(withLog.problems.map(\.check) == [.checkpoint], "\(withLog.problems)")
        #expect(withLog.problems.first?.seq == 8, "the checkpoint by a key not given is reported")
        let withOther = try ledger.verify(keys: [other.verifierKey])
        #expect(withOther.problems.map(\.seq) == [4], "\(withOther.problems)")
        #expect(try ledger.verify(keys: [log.verifierKey, other.verifierKey]).isIntact)

        // A key of the same name but another Ed25519 key: the signature is from an unknown (name, key ID).
        let impostor = try MerkleFixtures.signer(log.name)
        let report = try ledger.verify(keys: [impostor.verifierKey, other.verifierKey])
        #expect(report.problems.map(\.seq) == [4], "\(report.problems)")
    }

    @Test(arguments: Backend.allCases)
    func checkpointNeedsASigner(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try MerkleFixtures.makeLedger(at: scratch.path, count: 2)
        #expect(throws: LedgerError.self) { try ledger.checkpoint(signedBy: []) }
        #expect(try ledger.entryCount() == 2)
    }

    @Test(arguments: Backend.allCases)
    func checkpointOfTheEmptyLedger(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Ledger.create(at: scratch.path)
        let signer = try MerkleFixtures.signer()
        let note = try ledger.checkpoint(signedBy: [signer])
        let checkpoint = try Checkpoint(parsing: note.text)
        #expect(checkpoint.size == 0)
        #expect(checkpoint.rootHash == SHA256().hash())
        #expect(try ledger.entry(at: 0).kind == .checkpoint)
        #expect(try ledger.verify(checkpoints: [note], keys: [signer.verifierKey]).isIntact)
    }

    @Test(arguments: Backend.allCases)
    func tamperedRecordedCheckpointIsReported(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = scratch.path
        let signer = try MerkleFixtures.signer()
        do {
            let ledger = try MerkleFixtures.makeLedger(at: path, count: 6)
            _ = try ledger.checkpoint(signedBy: [signer])
            try MerkleFixtures.record(2, into: ledger, seed: 7, offset: 6)
        }
        // Remove the checkpoint's projection row: the chain still holds the entry.
        try scratch.tamper { try $0.run("DELETE FROM checkpoint WHERE seq = 6") }
        let ledger = try Ledger(path: path, readOnly: true)
        let report = try ledger.verify(keys: [signer.verifierKey])
        #expect(report.problems.map(\.check) == [.projection] && report.problems.first?.seq == 6, "\(report.problems)")
        #expect(throws: LedgerError.self) { try ledger.recordedCheckpoint(size: 6) }
    }

    /// The empty ledger's checkpoint (size 0, recorded at seq 0) is the newest one until another is recorded.
    @Test(arguments: Backend.allCases)
    func newestRecordedCheckpointIncludesTheEmptyTreeOne(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Ledger.create(at: scratch.path)
        let note = try ledger.checkpoint(signedBy: [MerkleFixtures.signer()])
        #expect(try ledger.recordedCheckpoint(size: 0) == note)
        #expect(try ledger.recordedCheckpoint() == note)
    }
}
