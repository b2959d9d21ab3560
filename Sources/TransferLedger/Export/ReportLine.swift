import LedgerFormat

/// How a line of `report.json` shows one entry of the range (FORMAT.md §22.1).
enum Disclosure: String, Equatable, Sendable {
    /// Canonical entry bytes, and for a format-2 entry its payload: what the report reports on.
    case full = "in full"
    /// A format-2 entry's kind, recorded time, stub header and payload digest: enough to rebuild its
    /// hash and to show that the report does not cover it.
    case stub = "as a stub"
    /// Sequence number and hash only: a format-1 entry a narrowed report does not cover.
    case hashOnly = "by hash only"
}

/// A format-2 entry as a stub discloses it (FORMAT.md §1.3, §22.1): everything its canonical bytes
/// hold except the payload, of which only the digest.
struct EntryStub: Equatable {
    let seq: UInt64
    let kind: EntryKind
    let recordedAt: String
    let previousHash: Digest
    /// The stub header's members (FORMAT.md §1.3); its canonical JSON is what the hash covers.
    let header: JSONObject
    /// `header`'s canonical JSON, encoded once for the line and the hash.
    let headerBytes: [UInt8]
    let payloadDigest: Digest

    /// The stub of a format-2 entry; nil when the entry is format 1 or its payload yields no header.
    init?(_ entry: Entry, hasher: SHA256) {
        guard entry.format == EntryEncoding.version, let header = StubHeader.header(kind: entry.kind, payload: entry.payload) else { return nil }
        self.init(entry, header: header, headerBytes: CanonicalJSON.encode(.object(header)), hasher: hasher)
    }

    /// The stub of a format-2 entry whose stub header was already projected from its payload.
    init(_ entry: Entry, header: JSONObject, headerBytes: [UInt8], hasher: SHA256) {
        self.init(seq: entry.seq, kind: entry.kind, recordedAt: entry.recordedAt, previousHash: entry.previousHash, header: header,
                  headerBytes: headerBytes, payloadDigest: hasher.hash(entry.payload))
    }

    init(seq: UInt64, kind: EntryKind, recordedAt: String, previousHash: Digest, header: JSONObject, headerBytes: [UInt8], payloadDigest: Digest) {
        self.seq = seq
        self.kind = kind
        self.recordedAt = recordedAt
        self.previousHash = previousHash
        self.header = header
        self.headerBytes = headerBytes
        self.payloadDigest = payloadDigest
    }

    /// The entry's canonical bytes (format 2), rebuilt from the stub.
    var canonicalBytes: [UInt8] {
        EntryEncoding.canonicalBytes(seq: seq, kind: kind, recordedAt: recordedAt, previousHash: previousHash,
                                     header: headerBytes, payloadDigest: payloadDigest)
    }

    /// The members of its line, beside `seq` and `hash`; `previousHash` only on the range's first line,
    /// the one line whose predecessor is not in the bundle.
    func members(first: Bool) -> JSONObject {
        var members: JSONObject = ["header": .object(header), "kind": .string(kind.rawValue), "payloadDigest": .string(payloadDigest.hex),
                                   "recordedAt": .string(recordedAt)]
        if first { members["previousHash"] = .string(previousHash.hex) }
        return members
    }

    /// Its line in `report.json` (FORMAT.md §22.1), written member by member in canonical order: the
    /// same bytes as `CanonicalJSON.encode` of `members(first:)` with `seq`, `hash` and the flags, as
    /// a test checks, without building and sorting that object for every stub.
    func line(hash: Digest, first: Bool, occurredAfterRecorded: Bool, supersededBy: UInt64?) -> [UInt8] {
        var writer = CanonicalObjectWriter(capacity: 512)
        writer.digest("hash", hash)
        writer.canonical("header", headerBytes)
        writer.string("kind", kind.rawValue)
        if occurredAfterRecorded { writer.bool("occurredAfterRecorded", true) }
        writer.digest("payloadDigest", payloadDigest)
        if first { writer.digest("previousHash", previousHash) }
        writer.string("recordedAt", recordedAt)
        writer.integer("seq", Int64(seq))
        writer.integer("supersededBy", supersededBy.map { Int64($0) })
        return writer.finish()
    }

    /// Reads a stub line back; `previousHash` is the previous line's hash, nil on the range's first
    /// line, which must then state it.
    init(line members: JSONObject, seq: UInt64, previousHash: Digest?) throws(DisclosedEntry.Malformed) {
        func malformed(_ text: String) -> DisclosedEntry.Malformed { DisclosedEntry.Malformed(description: text) }
        guard let kind = members["kind"]?.stringValue, !kind.isEmpty, kind.utf8.count <= 255 else { throw malformed("a stub's kind is missing or not a kind") }
        guard let recordedAt = members["recordedAt"]?.stringValue, recordedAt.utf8.count <= 255 else { throw malformed("a stub's recordedAt is missing") }
        guard let header = members["header"]?.objectValue else { throw malformed("a stub's header is missing or not an object") }
        guard let digest = members["payloadDigest"]?.stringValue.flatMap(Digest.init(hex:)) else { throw malformed("a stub's payloadDigest is not a 64-digit hex hash") }
        let previous: Digest
        if let previousHash {
            guard members["previousHash"] == nil else { throw malformed("only the range's first line states previousHash") }
            previous = previousHash
        } else {
            guard let stated = members["previousHash"]?.stringValue.flatMap(Digest.init(hex:)) else {
                throw malformed("the range's first line, a stub, must state previousHash as a 64-digit hex hash")
            }
            previous = stated
        }
        self.init(seq: seq, kind: EntryKind(rawValue: kind), recordedAt: recordedAt, previousHash: previous, header: header,
                  headerBytes: CanonicalJSON.encode(.object(header)), payloadDigest: digest)
    }
}

/// What a report reads of any entry of the range, full or stubbed: the stub header decides scope
/// (FORMAT.md §22.1) whichever way the entry is shown.
struct ScopedEntry {
    let seq: UInt64
    let kind: EntryKind
    let format: UInt8
    let recordedAt: String
    /// The stub header (FORMAT.md §1.3), derived from the payload of an entry shown in full (of
    /// either format); nil when a payload yields none.
    let header: JSONObject?
    /// The header's `occurredAt` when it is a canonical timestamp, read once: scope and the
    /// occurred-after-recorded flag both need it.
    let occurredAt: Timestamp?

    init(seq: UInt64, kind: EntryKind, format: UInt8, recordedAt: String, header: JSONObject?) {
        self.seq = seq
        self.kind = kind
        self.format = format
        self.recordedAt = recordedAt
        self.header = header
        occurredAt = Self.instant(header?["occurredAt"]?.stringValue)
    }

    /// The instant a canonical timestamp's text denotes, else nil.
    static func instant(_ text: String?) -> Timestamp? {
        text.flatMap { Timestamp.canonical(text: $0) }
    }

    /// The header's string member `name`.
    func text(_ name: String) -> String? { header?[name]?.stringValue }

    /// The header's `supersedes`, for a correction.
    var supersedes: UInt64? {
        guard kind == .correction, case .integer(let value)? = header?["supersedes"], value >= 0 else { return nil }
        return UInt64(value)
    }
}
