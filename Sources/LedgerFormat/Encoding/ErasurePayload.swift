/// Why stored content was erased: a closed list, so an auditor can tell a data subject's request from
/// housekeeping without reading free text.
public enum ErasureReason: String, LedgerCode {
    /// A data subject's request for erasure (GDPR Art. 17(1)).
    case art17Request
    /// The retention period ran out (Art. 5(1)(e)): `ledger erase --before` or `--retention`.
    case retentionPeriod
    /// The content should never have been recorded (Art. 17(1)(d)).
    case unlawfullyRecorded
}

/// What one erasure item removed. An open list (FORMAT.md §4.6): format version 1 defines `private`
/// and `subjectLink`, and a verifier refuses an item of a kind its version does not define.
public struct ErasureItemKind: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The kind's name as stored in the item.
    public let rawValue: String

    /// The kind called `rawValue`.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// A transfer's (or a correction's corrected transfer's) private document (§4).
    public static let privateDocument = ErasureItemKind(rawValue: "private")

    /// One data subject's link from a transfer entry (§4.7); the digest is the link's commitment.
    public static let subjectLink = ErasureItemKind(rawValue: "subjectLink")

    /// The kinds this implementation knows how to erase and verify.
    public static let defined: [ErasureItemKind] = [.privateDocument, .subjectLink]

    /// The kind as the payload spells it.
    public var description: String { rawValue }

    /// The order of the kinds' names, by which an erasure's items are sorted after their entry.
    public static func < (lhs: ErasureItemKind, rhs: ErasureItemKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One thing an erasure entry removed: which entry, what of it, and the digest the chain holds of it,
/// so the erased content stays committed to but is no longer stored.
public struct ErasureItem: Hashable, Comparable, Sendable {
    /// The entry whose content was erased.
    public var seq: UInt64
    /// What of it was erased.
    public var kind: ErasureItemKind
    /// The digest the entry commits to (for `private`, the payload's `private` member; for
    /// `subjectLink`, one of its `subjectLinkCommitments`).
    public var digest: Digest

    /// The fields as given.
    public init(seq: UInt64, kind: ErasureItemKind, digest: Digest) {
        self.seq = seq
        self.kind = kind
        self.digest = digest
    }

    /// The canonical order of items: by entry, then kind, then digest.
    public static func < (lhs: ErasureItem, rhs: ErasureItem) -> Bool {
        (lhs.seq, lhs.kind.rawValue, lhs.digest.hex) < (rhs.seq, rhs.kind.rawValue, rhs.digest.hex)
    }
}

/// The payload of an `erasure` entry: `{"items": [{"digest", "kind", "seq"}, …], "reason", "reference"?}`
/// (FORMAT.md §4.6). It names what was erased and why, never the erased content (nor, for a subject
/// link, the token).
package struct ErasurePayload: Equatable {
    /// What was erased, in canonical order, without repetition.
    package let items: [ErasureItem]
    package let reason: ErasureReason
    /// The request's reference (a ticket, a letter's number), screened like every free text.
    package let reference: String?

    /// A payload for `items` (sorted here), checked as a stored one is.
    package init(items: [ErasureItem], reason: ErasureReason, reference: String?) throws(RecordError) {
        self.items = items.sorted()
        self.reason = reason
        self.reference = reference
        try Self.check(self.items, reference: reference)
    }

    /// Reads a stored payload strictly: members, item order, defined item kinds.
    package init(bytes: [UInt8]) throws(RecordError) {
        let reader = try FieldReader.object(try NDJSON.json(bytes), expected: "an erasure payload")
        try reader.rejectUnknown(allowed: ["items", "reason", "reference"])
        var items: [ErasureItem] = []
        for (index, element) in try reader.array("items").enumerated() {
            let path = reader.fieldPath("items[\(index)]")
            guard case .object(let members) = element else {
                throw RecordError(field: path, rule: .wrongType, message: "must be an object {\"digest\", \"kind\", \"seq\"}, not \(element.typeName)")
            }
            let item = FieldReader(members: members, path: path)
            try item.rejectUnknown(allowed: ["digest", "kind", "seq"])
            let hex = try item.string("digest")
            guard hex.utf8.count == 64, let digest = Digest(hex: hex), digest.hex == hex else {
                throw RecordError(field: item.fieldPath("digest"), rule: .wrongType, message: "must be 64 lowercase hex digits")
            }
            items.append(ErasureItem(seq: try item.sequenceNumber("seq"), kind: ErasureItemKind(rawValue: try item.string("kind")), digest: digest))
        }
        guard items == items.sorted() else {
            throw RecordError(field: "items", rule: .wrongType, message: "items must be in order of seq, then kind, then digest")
        }
        self.items = items
        reason = try reader.code("reason")
        reference = reader.has("reference") ? try reader.string("reference") : nil
        try Self.check(items, reference: reference)
    }

    /// The rules every payload meets: items present, of defined kinds, each named once; a reference
    /// that is short, single-line text.
    private static func check(_ items: [ErasureItem], reference: String?) throws(RecordError) {
        guard !items.isEmpty else { throw RecordError(field: "items", rule: .empty, message: "an erasure must name at least one item") }
        for (index, item) in items.enumerated() {
            guard ErasureItemKind.defined.contains(item.kind) else {
                throw RecordError(field: "items[\(index)].kind", rule: .unknownValue,
                                  message: "'\(item.kind)' is not an erasure item kind of format version 1 (\(ErasureItemKind.defined.map(\.rawValue).joined(separator: ", ")))")
            }
            // An entry has one private document but may have several links, each its own item.
            if index > 0, items[index - 1].seq == item.seq, items[index - 1].kind == item.kind,
               item.kind == .privateDocument || items[index - 1].digest == item.digest {
                throw RecordError(field: "items[\(index)]", rule: .duplicateValue, message: "entry \(item.seq)'s \(item.kind) \(item.digest.shortHex) is named twice")
            }
        }
        if let reference {
            try RegistryText.checkText(reference, field: "reference", limit: RegistryText.maximumTextLength)
        }
    }

    /// The canonical JSON bytes stored in the entry.
    package var canonicalBytes: [UInt8] {
        var members: JSONObject = [
            "items": .array(items.map { .object(["digest": .string($0.digest.hex), "kind": .string($0.kind.rawValue), "seq": .integer(Int64($0.seq))]) }),
            "reason": .string(reason.rawValue),
        ]
        members["reference"] = reference.map { .string($0) }
        return CanonicalJSON.encode(.object(members))
    }
}

extension EntryKind {
    /// The erasure of stored content the chain commits to by digest (FORMAT.md §4.6).
    public static let erasure = EntryKind(rawValue: "erasure")
}
