import LedgerFormat

extension Receipt {
    /// The receipt of `entry`, already in the chain (a repeated record, or one another writer chained):
    /// its time read back from storage, where a time that does not parse means the ledger is damaged.
    init(recorded entry: Entry, idempotencyKey: String, duplicate: Bool, verdict: PolicyVerdict?) throws(LedgerError) {
        guard let recordedAt = Timestamp.canonical(entry.recordedAt) else {
            throw .damaged(seq: entry.seq, reason: Self.malformedTime(entry.recordedAt))
        }
        self.init(seq: entry.seq, hash: entry.hash, recordedAt: recordedAt, idempotencyKey: idempotencyKey, duplicate: duplicate, verdict: verdict)
    }

    /// Why a stored entry's `text` cannot be a ledger time, for `LedgerError.damaged`.
    static func malformedTime(_ text: String) -> String {
        "its recordedAt '\(text)' is not a canonical RFC 3339 time"
    }
}
