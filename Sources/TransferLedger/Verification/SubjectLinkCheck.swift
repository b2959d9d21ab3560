import LedgerFormat
import LedgerStorage

/// The check of the stored subject links against the commitments their transfers' payloads list
/// (FORMAT.md §4.7, §7): every stored link must match a commitment of its entry, and every commitment
/// must have its link. Only the entries that commit to links are held, so memory grows with the links,
/// not with the ledger.
struct SubjectLinkCheck {
    private var expected: [UInt64: [Digest]] = [:]

    /// Notes the commitments entry `seq`'s payload lists.
    mutating func expect(_ commitments: [Digest], at seq: UInt64) {
        expected[seq] = commitments
    }

    /// Reads every stored link once and reports, at its entry, a link that matches no commitment (an
    /// altered token or salt, or a row beside an entry that commits to none), a link an erasure names
    /// that is still stored, and a commitment whose link is missing though no erasure names it.
    /// `erased` gives, by entry, the commitments erased and the erasure entry of each.
    mutating func check(_ store: any LedgerStorage, hasher: SHA256, erased: [UInt64: [Digest: UInt64]],
                        into report: inout VerificationReport) throws {
        var unmatched = expected
        try store.forEachSubjectLink { seq, link in
            let commitment = link.commitment(hasher: hasher)
            if let erasure = erased[seq]?[commitment] {
                report.problems.append(.init(seq: seq, check: .projection,
                    message: "the subject link committed to as \(commitment.shortHex) is still stored, though entry \(erasure) erased it"))
            }
            guard let index = unmatched[seq]?.firstIndex(of: commitment) else {
                report.problems.append(.init(seq: seq, check: .projection, message: expected[seq] == nil
                    ? "a subject link row exists for an entry that commits to no subject link"
                    : "a stored subject link matches none of the entry's subjectLinkCommitments (its token or salt was altered)"))
                return
            }
            unmatched[seq]?.remove(at: index)
        }
        for (seq, missing) in unmatched.sorted(by: { $0.key < $1.key }) {
            for commitment in missing where erased[seq]?[commitment] == nil {
                report.problems.append(.init(seq: seq, check: .projection,
                    message: "the subject link committed to as \(commitment.shortHex) is missing from the subject_link table, and no erasure entry names it"))
            }
        }
    }
}
