import Foundation
import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// Verification of ledgers longer than one verifier batch: a full batch of 2,048 entries is one
/// Merkle subtree, hashed by the checking threads and joined to the tree whole. These tests tamper
/// inside such batches and above them, and put checkpoints inside and at their edges, where the
/// walk must fall back to growing the tree entry by entry.
@Suite struct WholeBatchVerificationTests {
    /// Two full batches and part of a third.
    static let count = 2 * Verifier.batchSize + 150

    /// A new ledger of `count` transfers at `path`, in a few large transactions.
    static func makeLedger(at path: String) throws -> Ledger {
        let ledger = try Ledger.create(at: path)
        let transfers = MerkleFixtures.transfers(count, seed: 29)
        for start in stride(from: 0, to: count, by: 1_500) {
            try ledger.record(contentsOf: Array(transfers[start..<min(start + 1_500, count)]))
        }
        return ledger
    }

    @Test func joiningASubtreeEqualsAppendingItsLeaves() {
        let hasher = SHA256()
        let leaves = (0..<40).map { hasher.hash([UInt8(truncatingIfNeeded: $0)]) }
        for level in [1, 2, 3] {
            for before in [0, 8, 16, 24] {
                var byLeaf = MerkleAccumulator(hasher: hasher), joined = MerkleAccumulator(hasher: hasher)
                var completed: [MerkleNode] = [], leafNodes: [MerkleNode] = []
                for leaf in leaves[..<before] {
                    byLeaf.append(leaf, into: &completed)
                    joined.append(leaf, into: &completed)
                }
                var subtree = MerkleAccumulator(hasher: hasher)
                for leaf in leaves[before..<(before + 1 << level)] {
                    byLeaf.append(leaf, into: &completed)
                    leafNodes += completed.filter { $0.id.level >= level }
                    subtree.append(leaf, into: &completed)
                }
                joined.append(subtreeRoot: subtree.root, level: level, into: &completed)
                #expect(joined.size == byLeaf.size && joined.peaks == byLeaf.peaks, "level \(level) after \(before)")
                #expect(completed == leafNodes, "the root, then the nodes above it, as the leaves complete them")
            }
        }
    }

    /// A recorded checkpoint reads the tree at its own size, which a batch joined whole never has: such
    /// a batch is not a run, nor is one with a gap or one starting elsewhere.
    @Test(arguments: Backend.allCases)
    func aBatchIsARunOnlyWithoutGapsOrCheckpoints(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try MerkleFixtures.makeLedger(at: scratch.path, count: 6)
        func batch() throws -> RawEntryBatch {
            var batch = RawEntryBatch(capacity: 16)
            try ledger.store.forEachEntryRow { batch.append($0) }
            return batch
        }
        #expect(try batch().isRun(from: 0))
        #expect(try !batch().isRun(from: 1))
        _ = try ledger.checkpoint(signedBy: [MerkleFixtures.signer()])
        #expect(try !batch().isRun(from: 0))
    }

    @Test(arguments: Backend.allCases)
    func anIntactLedgerOfSeveralBatchesVerifies(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = scratch.path
        let signer = try MerkleFixtures.signer()
        let notes: [SignedNote]
        do {
            let ledger = try Self.makeLedger(at: path)
            // At a batch's edge, inside a whole batch, inside the last part, and the whole ledger.
            notes = try [2_048, 3_000, 4_096, 4_100, UInt64(Self.count)].map {
                try MerkleFixtures.unrecordedCheckpoint(of: ledger, size: $0, signedBy: signer)
            }
        }
        let ledger = try Ledger(path: path, readOnly: true)
        let report = try ledger.verify(checkpoints: notes, keys: [signer.verifierKey])
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.entriesChecked == UInt64(Self.count))
    }

    @Test(arguments: Backend.allCases)
    func aWrongTrustedRootIsCaughtAtAnySizeInsideAWholeBatchToo(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = scratch.path
        _ = try Self.makeLedger(at: path)
        let signer = try MerkleFixtures.signer()
        let ledger = try Ledger(path: path, readOnly: true)
        for size in [2_048, 3_000, 4_096] {
            let forged = try Checkpoint(origin: signer.name, size: UInt64(size), rootHash: SHA256().hash([1, 2, 3]))
            let note = try SignedNote(text: forged.text, signatures: [signer.sign(forged.text)])
            let report = try ledger.verify(checkpoints: [note], keys: [signer.verifierKey])
            #expect(report.problems.map(\.check) == [.checkpoint], "size \(size): \(report.problems)")
            #expect(report.problems.first?.message.contains("first \(size) entries") == true, "\(report.problems)")
        }
    }

    /// Inside the first and second whole batches, at a batch's root (level 11) and above the batches.
    @Test(arguments: Backend.allCases)
    func tamperedNodesInsideAndAboveWholeBatchesAreEachReportedOnce(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = scratch.path
        _ = try Self.makeLedger(at: path)
        let nodes = [(level: 1, index: 1_100), (level: 5, index: 64), (level: 11, index: 1), (level: 12, index: 0), (level: 3, index: 520)]
        try scratch.tamper { file in
            for node in nodes {
                try file.run("UPDATE node SET hash = ? WHERE level = ? AND idx = ?",
                             .blob([UInt8](repeating: 0xAB, count: 32)), .integer(Int64(node.level)), .integer(Int64(node.index)))
            }
        }
        let report = try Ledger(path: path, readOnly: true).verify()
        #expect(report.problems.allSatisfy { $0.check == .merkle }, "\(report.problems)")
        #expect(report.problems.compactMap(\.seq).sorted() == nodes.map { UInt64(($0.index + 1) << $0.level - 1) }.sorted(),
                "\(report.problems)")
    }

    @Test(arguments: Backend.allCases)
    func aMissingNodeInsideAWholeBatchIsReportedOnce(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = scratch.path
        _ = try Self.makeLedger(at: path)
        try scratch.tamper { try $0.run("DELETE FROM node WHERE level = 5 AND idx = 70") }
        let report = try Ledger(path: path, readOnly: true).verify()
        #expect(report.problems.map(\.check) == [.merkle], "\(report.problems)")
        #expect(report.problems.first?.seq == UInt64(71 << 5 - 1))
    }

    @Test(arguments: Backend.allCases)
    func aDeletedEntryInTheFirstBatchStopsTheTreeButNotTheChainChecks(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = scratch.path
        _ = try Self.makeLedger(at: path)
        try scratch.tamper { try $0.execute("DELETE FROM entry WHERE seq = 1000") }
        let report = try Ledger(path: path, readOnly: true).verify()
        // Later batches no longer start where their subtree would: the sequence problem names the gap,
        // and no node after it is compared (nor reported as completed by no entry).
        #expect(report.problems.contains { $0.seq == 1_001 && $0.check == .sequence }, "\(report.problems)")
        #expect(!report.problems.contains { $0.check == .merkle }, "\(report.problems)")
        #expect(report.entriesChecked == UInt64(Self.count - 1))
    }
}
