import Foundation
import Testing
import LedgerSample
import LedgerTestSupport
@testable import LedgerFormat
@testable import LedgerPostgreSQL
@testable import LedgerSQLite
@testable import LedgerStorage
@testable import TransferLedger

/// Shared helpers of the Merkle, checkpoint and storage integration tests: ledgers built through the
/// public API, an independent RFC 9162 reference, and raw tampering on either backend. Their scratch directories
/// are `TemporaryDirectory`, like every other test's.
enum MerkleFixtures {
    /// A fixed "now" so generated transfers are reproducible and never in the future.
    static let end = Timestamp(microseconds: 1_767_225_600_000_000) // 2026-01-01T00:00:00Z

    /// `count` valid, distinct transfers; a different `seed` gives different idempotency keys.
    static func transfers(_ count: Int, seed: UInt64 = 7) -> [Transfer] {
        SampleGroup.transfers(count: count, endingAt: end, seed: seed)
    }

    /// A new ledger at `path` holding `count` transfers, recorded in transactions of varying size
    /// (1, 2, 3, … entries) so the appender resumes from stored peaks at many different sizes.
    @discardableResult
    static func makeLedger(at path: String, count: Int, seed: UInt64 = 7) throws -> Ledger {
        let ledger = try Ledger.create(at: path)
        try record(count, into: ledger, seed: seed)
        return ledger
    }

    /// Records `count` transfers into `ledger` in growing batches.
    static func record(_ count: Int, into ledger: Ledger, seed: UInt64, offset: Int = 0) throws {
        let all = SampleGroup.transfers(count: offset + count, endingAt: end, seed: seed).dropFirst(offset)
        var start = all.startIndex
        var batch = 1
        while start < all.endIndex {
            let stop = min(start + batch, all.endIndex)
            if stop - start == 1 {
                try ledger.record(all[start])
            } else {
                try ledger.record(contentsOf: Array(all[start..<stop]))
            }
            start = stop
            batch += 1
        }
    }

    /// A fresh Ed25519 log signer named `name`.
    static func signer(_ name: String = "example.com/transfer-ledger-test") throws -> NoteSigner {
        try NoteSigner(name: name, privateKey: Ed25519PrivateKey())
    }

    /// A checkpoint of the ledger's first `size` entries signed by `signer`, not recorded in the ledger.
    static func unrecordedCheckpoint(of ledger: Ledger, size: UInt64, signedBy signer: NoteSigner) throws -> SignedNote {
        let root = try ledger.root(size: size).root
        let checkpoint = try Checkpoint(origin: signer.name, size: size, rootHash: root)
        return try SignedNote(text: checkpoint.text, signatures: [signer.sign(checkpoint.text)])
    }

    /// Every entry hash of the ledger, read back one by one with `entry(at:)`.
    static func entryHashes(_ ledger: Ledger) throws -> [Digest] {
        try (0..<ledger.entryCount()).map { try ledger.entry(at: $0).hash }
    }

    /// Copies a closed ledger file (and its WAL, if one is left) so both share their history so far.
    static func copyLedger(from source: String, to destination: String) throws {
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: source + suffix) {
            try FileManager.default.copyItem(atPath: source + suffix, toPath: destination + suffix)
        }
    }
}

// MARK: - Independent RFC 9162 reference

/// RFC 9162 §2.1 computed recursively from the definitions, sharing nothing with the library but SHA-256.
struct MerkleRFCReference {
    let leaves: [Digest]
    private let hasher = SHA256()

    init(_ leaves: [Digest]) { self.leaves = leaves }

    /// k: the largest power of two smaller than n (n ≥ 2).
    static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// MTH(D[start:end]).
    func mth(_ start: Int, _ end: Int) -> Digest {
        let n = end - start
        if n == 0 { return hasher.hash() }
        if n == 1 { return leaves[start] }
        let k = Self.split(n)
        return hasher.nodeHash(mth(start, start + k), mth(start + k, end))
    }

    /// PATH(m, D[start:end]).
    func path(_ m: Int, _ start: Int, _ end: Int) -> [Digest] {
        let n = end - start
        if n <= 1 { return [] }
        let k = Self.split(n)
        return m < k
            ? path(m, start, start + k) + [mth(start + k, end)]
            : path(m - k, start + k, end) + [mth(start, start + k)]
    }

    /// PROOF(m, D[0:n]).
    func consistency(_ m: Int, _ n: Int) -> [Digest] { subproof(m, 0, n, true) }

    private func subproof(_ m: Int, _ start: Int, _ end: Int, _ b: Bool) -> [Digest] {
        let n = end - start
        if m == n { return b ? [] : [mth(start, end)] }
        let k = Self.split(n)
        return m <= k
            ? subproof(m, start, start + k, b) + [mth(start + k, end)]
            : subproof(m - k, start + k, end, false) + [mth(start, start + k)]
    }
}

// MARK: - Raw tampering, on either backend

/// Direct SQL on a ledger of either backend (a file, or the superuser on the database), bypassing the
/// library, to play the attacker with write access: run the edits inside `tamper`, which turns every
/// guard off and puts it back exactly, so the schema check stays clean and only the edit is found.
/// Statements use `?` placeholders and SQL both databases accept.
extension RawLedger {
    /// Runs one statement with bound `values`, ignoring any rows.
    func run(_ sql: String, _ values: Value...) throws {
        try rows(sql, bindings: values)
    }

    /// The integer a one-row, one-column query returns.
    func count(_ sql: String) throws -> Int64 {
        try #require(try value(sql).integer, "\(sql) returns an integer")
    }

    /// Every entry, in seq order, exactly as stored.
    func entries() throws -> [Entry] {
        try rows("SELECT seq, kind, recorded_at, prev_hash, hash, payload, format FROM entry ORDER BY seq").map { row in
            Entry(seq: UInt64(try #require(row[0].integer)), kind: EntryKind(rawValue: try #require(row[1].text)),
                  recordedAt: try #require(row[2].text), previousHash: try #require(Digest(bytes: row[3].blob ?? [])),
                  hash: try #require(Digest(bytes: row[4].blob ?? [])), payload: Array(try #require(row[5].text).utf8),
                  format: UInt8(try #require(row[6].integer)))
        }
    }

    func setPayload(seq: UInt64, _ payload: [UInt8]) throws {
        try run("UPDATE entry SET payload = ? WHERE seq = ?", .text(String(decoding: payload, as: UTF8.self)), .integer(Int64(seq)))
    }

    /// Writes every column but seq of `entry` into the row at `seq`.
    func overwrite(seq: UInt64, with entry: Entry) throws {
        try run("UPDATE entry SET kind = ?, recorded_at = ?, prev_hash = ?, hash = ?, payload = ?, format = ? WHERE seq = ?",
                .text(entry.kind.rawValue), .text(entry.recordedAt), .blob(entry.previousHash.bytes), .blob(entry.hash.bytes),
                .text(String(decoding: entry.payload, as: UTF8.self)), .integer(Int64(entry.format)), .integer(Int64(seq)))
    }

    /// Removes the entries from `size` on, with their transfer, rule, registry, private-document and checkpoint rows and every node they
    /// complete: a clean truncation that leaves a self-consistent shorter ledger.
    func truncate(toSize size: UInt64) throws {
        let size = Int64(size)
        for table in ["entry", "transfer", "transfer_private", "transfer_rule", "registry_fact", "checkpoint"] {
            try run("DELETE FROM \(table) WHERE seq >= ?", .integer(size))
        }
        try run("DELETE FROM node WHERE ((idx + 1) << CAST(level AS integer)) > ?", .integer(size))
    }

    /// Rewrites entry `from` and every later entry so hashes and links are consistent again, then
    /// rebuilds the whole node table: the "consistent rewrite" only a signed checkpoint can catch.
    func rehash(from start: UInt64) throws {
        let hasher = SHA256()
        var entries = try entries()
        for index in Int(start)..<entries.count {
            let old = entries[index]
            let previous = index == 0 ? Digest.zero : entries[index - 1].hash
            let hash = hasher.leafHash(EntryEncoding.canonicalBytes(
                format: old.format, seq: old.seq, kind: old.kind, recordedAt: old.recordedAt, previousHash: previous, payload: old.payload))
            entries[index] = Entry(seq: old.seq, kind: old.kind, recordedAt: old.recordedAt, previousHash: previous, hash: hash, payload: old.payload, format: old.format)
            try overwrite(seq: old.seq, with: entries[index])
        }
        try rebuildNodes(from: entries.map(\.hash))
    }

    /// Replaces the node table with the nodes of `leaves`.
    func rebuildNodes(from leaves: [Digest]) throws {
        try execute("DELETE FROM node")
        var accumulator = MerkleAccumulator()
        for leaf in leaves {
            for node in accumulator.append(leaf) where node.id.level > 0 {
                try run("INSERT INTO node (level, idx, hash) VALUES (?, ?, ?)",
                        .integer(Int64(node.id.level)), .integer(Int64(node.id.index)), .blob(node.hash.bytes))
            }
        }
    }
}
