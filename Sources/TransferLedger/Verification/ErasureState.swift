import LedgerFormat
import LedgerStorage

/// What the verifier carries across entries for erasure: the private documents found missing, which
/// a later erasure entry must name, those already erased, the subject links erased, and the erasure
/// index rows not yet matched.
struct ErasureState {
    /// Entry → the digest its payload commits to, for each missing document no erasure has named yet.
    private var missing: [UInt64: Digest] = [:]
    /// Entry → the erasure entry that erased its private document.
    private var erased: [UInt64: UInt64] = [:]
    /// The `erasure_item` rows by erasure entry, removed as their entry claims them.
    var rows: [UInt64: [ErasureItem]]
    /// Entry → the commitments of its erased subject links → the erasure entry that erased each.
    private(set) var erasedLinks: [UInt64: [Digest: UInt64]] = [:]

    init(rows: [UInt64: [ErasureItem]]) {
        self.rows = rows
    }

    /// Notes that entry `seq`'s private document, committed to by `digest`, is not stored.
    mutating func missing(_ seq: UInt64, committing digest: Digest) {
        missing[seq] = digest
    }

    /// Records erasure entry `erasure` erasing entry `seq`'s document; the problem, when it was erased
    /// before or is still stored.
    mutating func erase(_ seq: UInt64, by erasure: UInt64) -> String? {
        if let earlier = erased[seq] {
            return "erases entry \(seq)'s private document, which entry \(earlier) already erased"
        }
        erased[seq] = erasure
        guard missing.removeValue(forKey: seq) != nil else {
            return "erases entry \(seq)'s private document, which is still stored"
        }
        return nil
    }

    /// Records erasure entry `erasure` erasing entry `seq`'s subject link committed to as `commitment`;
    /// the problem, when an earlier erasure already erased it. Whether the link is gone is checked with
    /// the other links, after the walk.
    mutating func eraseLink(_ seq: UInt64, commitment: Digest, by erasure: UInt64) -> String? {
        if let earlier = erasedLinks[seq]?[commitment] {
            return "erases entry \(seq)'s subject link \(commitment.shortHex), which entry \(earlier) already erased"
        }
        erasedLinks[seq, default: [:]][commitment] = erasure
        return nil
    }

    /// Reports each missing document no erasure named, and each index row no erasure entry claimed.
    func finish(into report: inout VerificationReport) {
        for seq in missing.keys.sorted() {
            report.problems.append(.init(seq: seq, check: .payload, message:
                "the private document is missing and no erasure entry names it (FORMAT.md §7: only an erasure may remove it)"))
        }
        for seq in rows.keys.sorted() {
            report.problems.append(.init(seq: seq, check: .projection, message: "erasure_item rows exist for an entry that is not an erasure naming them"))
        }
    }
}
