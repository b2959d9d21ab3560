import Foundation
import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import LedgerPostgreSQL
@testable import LedgerSQLite
@testable import LedgerStorage
@testable import TransferLedger

/// Tampering with a real ledger (a file, or a database edited as the owner with its guards off) after a signed checkpoint was taken: what plain `verify()` finds,
/// and what only verification against the trusted checkpoint finds.
@Suite struct CheckpointTamperTests {
    /// 12 transfers (seq 0–11), the checkpoint of size 12 recorded at seq 12, then 5 transfers (13–17).
    static let before = 12
    static let after = 5
    static let checkpointSeq = UInt64(Self.before)
    static let total = UInt64(before + 1 + after)

    enum Tamper: String, CaseIterable, CustomTestStringConvertible {
        case editPayloadByte, deleteEntry, swapEntries, insertForgedEntry, truncateTail, consistentRehash
        case untrustedKey, forkedHistory, alteredCheckpointText
        var testDescription: String { rawValue }
    }

    /// A ledger with a recorded checkpoint, the key that signed it, and (for the fork case) a second
    /// ledger that shares the first `before - 1` entries and then diverges.
    struct Subject {
        let scratch: ScratchLedger
        let fork: ScratchLedger
        let signer: NoteSigner
        let checkpoint: SignedNote
        var path: String { scratch.path }
        var forkPath: String { fork.path }

        /// The caller removes it with `remove()`.
        init(_ backend: Backend) throws {
            scratch = try backend.makeLocation()
            do {
                fork = try backend.makeLocation("fork.ledger")
            } catch {
                scratch.remove()
                throw error
            }
            do {
                signer = try MerkleFixtures.signer()
                _ = try MerkleFixtures.makeLedger(at: scratch.path, count: before - 1)
                // The copy shares the first n - 1 entries byte for byte.
                try Ledger.copy(from: LedgerLocation(scratch.path), to: LedgerLocation(fork.path))
                let ledger = try Ledger(path: scratch.path)
                try MerkleFixtures.record(1, into: ledger, seed: 7, offset: before - 1)
                checkpoint = try ledger.checkpoint(signedBy: [signer])
                try MerkleFixtures.record(after, into: ledger, seed: 7, offset: before)
            } catch {
                scratch.remove()
                fork.remove()
                throw error
            }
        }

        func remove() {
            scratch.remove()
            fork.remove()
        }

        var key: NoteVerifierKey { signer.verifierKey }
        func open() throws -> Ledger { try Ledger(path: path, readOnly: true) }
        func raw() throws -> RawLedger { try scratch.raw() }
    }

    /// The payload with one field outside the projection changed so it stays a valid transfer whose
    /// projection row still matches: `subjectCount` moved to another band, re-encoded canonically.
    static func edited(_ payload: [UInt8]) throws -> [UInt8] {
        var members = try #require(try JSONParser.parse(payload).objectValue)
        let band = try #require(members["subjectCount"]?.stringValue)
        members["subjectCount"] = .string(band == CountBand.b11_100.rawValue ? CountBand.b1_10.rawValue : CountBand.b11_100.rawValue)
        let edited = CanonicalJSON.encode(.object(members))
        try #require(edited != payload)
        return edited
    }

    static func pairs(_ report: VerificationReport) -> [String] {
        report.problems.map { "\($0.check.rawValue)@\($0.seq.map(String.init) ?? "-")" }
    }

    @Test("tamper matrix", arguments: Backend.allCases, Tamper.allCases)
    func tamperMatrix(_ backend: Backend, _ tamper: Tamper) throws {
        let subject = try Subject(backend)
        defer { subject.remove() }
        #expect(try subject.open().verify(checkpoints: [subject.checkpoint], keys: [subject.key]).isIntact)
        var trusted = [subject.checkpoint]
        var keys = [subject.key]

        switch tamper {
        case .editPayloadByte:
            let raw = try subject.raw()
            let entry = try raw.entries()[5]
            try raw.tamper { try $0.setPayload(seq: 5, Self.edited(entry.payload)) }

        case .deleteEntry:
            try subject.raw().tamper {
                try $0.run("DELETE FROM entry WHERE seq = 5")
                try $0.run("DELETE FROM transfer WHERE seq = 5")
                try $0.run("DELETE FROM transfer_private WHERE seq = 5")
            }

        case .swapEntries:
            let raw = try subject.raw()
            let entries = try raw.entries()
            try raw.tamper {
                try $0.overwrite(seq: 4, with: entries[7])
                try $0.overwrite(seq: 7, with: entries[4])
            }

        case .insertForgedEntry:
            // A forged transfer slipped in at seq 5, correctly hashed and linked to entry 4; every later
            // row (entries, projections) moves up by one.
            let raw = try subject.raw()
            let entries = try raw.entries()
            let payload = try Self.edited(entries[5].payload)
            // Format 1: the forged row is inserted without a format, which the column's default makes 1.
            let forged = Entry(seq: 5, kind: .transfer, recordedAt: entries[4].recordedAt, previousHash: entries[4].hash,
                               hash: SHA256().leafHash(EntryEncoding.canonicalBytes(
                                   format: 1, seq: 5, kind: .transfer, recordedAt: entries[4].recordedAt, previousHash: entries[4].hash, payload: payload)),
                               payload: payload, format: 1)
            try raw.tamper { raw in
                for table in ["entry", "transfer", "transfer_private", "checkpoint"] {
                    try raw.execute("UPDATE \(table) SET seq = seq + 1000 WHERE seq >= 5")
                    try raw.execute("UPDATE \(table) SET seq = seq - 999 WHERE seq >= 1000")
                }
                try raw.run("INSERT INTO entry (seq, kind, recorded_at, prev_hash, hash, payload) VALUES (5, 'transfer', ?, ?, ?, ?)",
                            .text(forged.recordedAt), .blob(forged.previousHash.bytes), .blob(forged.hash.bytes),
                            .text(String(decoding: forged.payload, as: UTF8.self)))
                // The forged payload still commits to the private document of the entry it was copied from.
                try raw.run("INSERT INTO transfer_private (seq, document) SELECT 5, document FROM transfer_private WHERE seq = 6")
            }

        case .truncateTail:
            try subject.raw().tamper { try $0.truncate(toSize: 9) }

        case .consistentRehash:
            let raw = try subject.raw()
            let entry = try raw.entries()[5]
            try raw.tamper {
                try $0.setPayload(seq: 5, Self.edited(entry.payload))
                try $0.rehash(from: 5)
            }

        case .untrustedKey:
            // A checkpoint with the right tree, signed by a key the auditor does not trust.
            let other = try MerkleFixtures.signer("example.com/someone-else")
            trusted = [try MerkleFixtures.unrecordedCheckpoint(of: subject.open(), size: UInt64(Self.before), signedBy: other)]

        case .forkedHistory:
            // The same key signed a checkpoint of another history that shares the first n - 1 entries.
            let fork = try Ledger(path: subject.forkPath)
            try MerkleFixtures.record(2, into: fork, seed: 99)
            let forked = try fork.checkpoint(signedBy: [subject.signer])
            #expect(try Checkpoint(parsing: forked.text).size == UInt64(Self.before + 1))
            for seq in UInt64(0)..<UInt64(Self.before - 1) {
                #expect(try fork.entry(at: seq) == subject.open().entry(at: seq), "entry \(seq) is shared")
            }
            trusted = [forked]

        case .alteredCheckpointText:
            // The trusted key's signature over a different root: the note no longer verifies.
            let text = subject.checkpoint.text
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines[2] = Base64.encode([UInt8](repeating: 7, count: 32))
            let forged = try SignedNote(text: lines.joined(separator: "\n"), signatures: subject.checkpoint.signatures)
            trusted = [forged]
            keys = [subject.key]
        }

        let ledger = try subject.open()
        let plain = try ledger.verify()
        let checked = try ledger.verify(checkpoints: trusted, keys: keys)
        let plainPairs = Self.pairs(plain), checkedPairs = Self.pairs(checked)
        let checkpointProblem = checked.problems.first { $0.check == .checkpoint && $0.seq == nil }

        switch tamper {
        case .editPayloadByte:
            #expect(plainPairs == ["hash@5"], "\(plain.problems)")
            #expect(checkedPairs == ["hash@5"], "the stored hashes still give the signed root: \(checked.problems)")

        case .deleteEntry:
            #expect(plainPairs.first == "sequence@6", "\(plain.problems)")
            #expect(!plainPairs.contains { $0.hasPrefix("hash@") || $0.hasPrefix("link@") }, "\(plain.problems)")
            #expect(checkpointProblem != nil, "\(checked.problems)")
            // After the gap the nodes are no longer compared: no spurious "node … which no entry completes".
            #expect(!plainPairs.contains("merkle@-"), "\(plain.problems)")

        case .swapEntries:
            #expect(plainPairs.contains("hash@4") && plainPairs.contains("hash@7"), "\(plain.problems)")
            #expect(plainPairs.contains("link@4"), "\(plain.problems)")
            #expect(checkpointProblem?.message.contains("rewritten or forked") == true, "\(checked.problems)")

        case .insertForgedEntry:
            #expect(!plainPairs.contains("hash@5") && !plainPairs.contains("link@5"), "the forgery itself is well formed")
            #expect(plainPairs.contains("hash@6") && plainPairs.contains("link@6"), "\(plain.problems)")
            #expect(plainPairs.contains("checkpoint@13"), "the recorded checkpoint moved off its size: \(plain.problems)")
            #expect(checkpointProblem?.message.contains("rewritten or forked") == true, "\(checked.problems)")

        case .truncateTail:
            #expect(plain.isIntact, "a clean truncation is invisible without a checkpoint: \(plain.problems)")
            #expect(plain.entriesChecked == 9)
            #expect(checkedPairs == ["checkpoint@-"], "\(checked.problems)")
            #expect(checkpointProblem?.message.contains("removed") == true, "\(checked.problems)")

        case .consistentRehash:
            // Only the recorded checkpoint inside the rewritten range can notice; hashes, links and
            // nodes are all consistent again.
            #expect(plainPairs == ["checkpoint@\(Self.checkpointSeq)"], "\(plain.problems)")
            #expect(plain.entriesChecked == Self.total)
            #expect(checkpointProblem?.message.contains("rewritten or forked") == true, "\(checked.problems)")
            #expect(checkedPairs.filter { $0 != "checkpoint@\(Self.checkpointSeq)" } == ["checkpoint@-"], "\(checked.problems)")

        case .untrustedKey:
            #expect(plain.isIntact)
            // With only the trusted key, the recorded checkpoint still verifies; the foreign one is refused.
            #expect(checkedPairs == ["checkpoint@-"], "\(checked.problems)")
            #expect(checkpointProblem?.message.contains("not trusted") == true, "\(checked.problems)")

        case .forkedHistory:
            #expect(plain.isIntact)
            #expect(checkedPairs == ["checkpoint@-"], "\(checked.problems)")
            #expect(checkpointProblem?.message.contains("rewritten or forked") == true, "\(checked.problems)")

        case .alteredCheckpointText:
            #expect(plain.isIntact)
            #expect(checkedPairs == ["checkpoint@-"], "\(checked.problems)")
            #expect(checkpointProblem?.message.contains("not trusted") == true, "\(checked.problems)")
        }
    }

    /// The consistent rewrite of a ledger whose checkpoint was never recorded in it: nothing in the file
    /// can tell, so plain `verify()` finds it intact; only the signed checkpoint catches it.
    @Test(arguments: Backend.allCases)
    func consistentRehashWithoutRecordedCheckpointNeedsTheCheckpoint(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = scratch.path
        let signer = try MerkleFixtures.signer()
        let note: SignedNote
        do {
            let ledger = try MerkleFixtures.makeLedger(at: path, count: 20)
            note = try MerkleFixtures.unrecordedCheckpoint(of: ledger, size: 16, signedBy: signer)
        }
        let raw = try scratch.raw()
        let entry = try raw.entries()[9]
        try raw.tamper {
            try $0.setPayload(seq: 9, Self.edited(entry.payload))
            try $0.rehash(from: 9)
        }
        let ledger = try Ledger(path: path, readOnly: true)
        #expect(try ledger.entry(at: 9).payload != entry.payload)
        let plain = try ledger.verify()
        #expect(plain.isIntact, "\(plain.problems)")
        let checked = try ledger.verify(checkpoints: [note], keys: [signer.verifierKey])
        #expect(Self.pairs(checked) == ["checkpoint@-"], "\(checked.problems)")
        // The rewritten ledger cannot prove consistency with what was signed.
        let now = try MerkleFixtures.unrecordedCheckpoint(of: ledger, size: 20, signedBy: signer)
        let proof = try ledger.consistencyProof(from: note, to: now)
        #expect(throws: MerkleProofError.self) {
            try proof.verify(from: Checkpoint(parsing: note.text), to: Checkpoint(parsing: now.text))
        }
        // A rewrite after the signed size is not caught by it (and must not be reported).
        let later = try MerkleFixtures.unrecordedCheckpoint(of: ledger, size: 9, signedBy: signer)
        #expect(try ledger.verify(checkpoints: [later], keys: [signer.verifierKey]).isIntact)
    }

    /// Truncating only entries after the checkpoint leaves a ledger that still extends it.
    @Test(arguments: Backend.allCases)
    func truncationAfterTheCheckpointStillExtendsIt(_ backend: Backend) throws {
        let subject = try Subject(backend)
        defer { subject.remove() }
        try subject.raw().tamper { try $0.truncate(toSize: Self.checkpointSeq + 1) }
        let report = try subject.open().verify(checkpoints: [subject.checkpoint], keys: [subject.key])
        #expect(report.isIntact, "\(report.problems)")
        // Cutting the recorded checkpoint entry itself still leaves the signed size 12.
        try subject.raw().tamper { try $0.truncate(toSize: Self.checkpointSeq) }
        #expect(try subject.open().verify(checkpoints: [subject.checkpoint], keys: [subject.key]).isIntact)
        try subject.raw().tamper { try $0.truncate(toSize: Self.checkpointSeq - 1) }
        let cut = try subject.open().verify(checkpoints: [subject.checkpoint], keys: [subject.key])
        #expect(Self.pairs(cut) == ["checkpoint@-"], "\(cut.problems)")
    }
}
