/// What an entry records. Transfers are the first kind; later kinds (registry facts, checkpoints)
/// are new values, and the canonical encoding of old kinds never changes.
public struct EntryKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The kind's name as stored and hashed, ASCII.
    public let rawValue: String

    /// The kind called `rawValue`.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// A personal-data transfer.
    public static let transfer = EntryKind(rawValue: "transfer")

    /// The kind's name, as stored and hashed.
    public var description: String { rawValue }
}

/// One link of the chain, exactly as stored.
public struct Entry: Hashable, Sendable {
    /// The entry's position, contiguous from 0.
    public let seq: UInt64
    /// What the entry records.
    public let kind: EntryKind
    /// The ledger time of the append, as stored and hashed (canonical RFC 3339). Text, not a
    /// `Timestamp`: an entry is the raw link the verifier checks and `ledger show` prints, and a
    /// damaged ledger may hold any text here; `Receipt` and `RecordedTransfer` give it as a `Timestamp`
    /// (`Timestamp.canonical(_:)` reads it).
    public let recordedAt: String
    /// The hash of the entry at `seq - 1`, or 32 zero bytes for the first entry.
    public let previousHash: Digest
    /// The stored entry hash: the RFC 9162 leaf hash of `canonicalBytes`.
    public let hash: Digest
    /// The payload: canonical JSON, UTF-8.
    public let payload: [UInt8]
    /// The entry format version its hash was computed in (FORMAT.md §1.1): 1 for entries written
    /// before format 2, 2 for every entry written since.
    public let format: UInt8

    /// An entry with the given stored fields.
    package init(seq: UInt64, kind: EntryKind, recordedAt: String, previousHash: Digest, hash: Digest, payload: [UInt8], format: UInt8) {
        self.format = format
        self.seq = seq
        self.kind = kind
        self.recordedAt = recordedAt
        self.previousHash = previousHash
        self.hash = hash
        self.payload = payload
    }

    /// The bytes the entry hash covers, as Schema/FORMAT.md specifies them.
    public var canonicalBytes: [UInt8] {
        EntryEncoding.canonicalBytes(format: format, seq: seq, kind: kind, recordedAt: recordedAt, previousHash: previousHash, payload: payload)
    }

    /// The stub header of a format-2 entry (FORMAT.md §1.3), nil for a format-1 entry or a payload
    /// that yields none.
    public var stubHeader: [UInt8]? {
        format == EntryEncoding.version ? StubHeader.bytes(kind: kind, payload: payload) : nil
    }

    /// The payload as text.
    public var payloadText: String { String(decoding: payload, as: UTF8.self) }

    /// What links the entry into the chain.
    var link: EntryLink {
        EntryLink(seq: seq, kind: kind, previousHash: previousHash, hash: hash)
    }
}

/// The fields by which an entry takes its place in the chain: what the sequential checks of a
/// verification read of every entry.
package struct EntryLink {
    package let seq: UInt64
    package let kind: EntryKind
    package let previousHash: Digest
    package let hash: Digest

    /// The fields as given.
    package init(seq: UInt64, kind: EntryKind, previousHash: Digest, hash: Digest) {
        self.seq = seq
        self.kind = kind
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// A receipt for one recorded transfer: proof of where in the chain it landed.
///
/// `Codable` with its property names (`seq`, `hash` in hex, `recordedAt` in RFC 3339, `idempotencyKey`,
/// `duplicate`, `verdict`), so a service can keep receipts beside its own records.
public struct Receipt: Hashable, Sendable, Codable {
    /// The transfer entry's sequence number.
    public let seq: UInt64
    /// The transfer entry's hash.
    public let hash: Digest
    /// The ledger time at which it was recorded, the entry's `recordedAt`.
    public let recordedAt: Timestamp
    /// The caller's idempotency key.
    public let idempotencyKey: String
    /// True when the key had already been recorded with identical content and nothing was written.
    public let duplicate: Bool
    /// The policy verdict recorded with the transfer, as `Ledger.check` would give it.
    public let verdict: PolicyVerdict?

    /// The fields as given.
    package init(seq: UInt64, hash: Digest, recordedAt: Timestamp, idempotencyKey: String, duplicate: Bool, verdict: PolicyVerdict? = nil) {
        self.seq = seq
        self.hash = hash
        self.recordedAt = recordedAt
        self.idempotencyKey = idempotencyKey
        self.duplicate = duplicate
        self.verdict = verdict
    }
}
