import LedgerFormat

/// What to erase and why: the private documents of named entries, of every transfer that occurred
/// before a day, or of those the retention policy in force no longer keeps, or one data subject's
/// links (FORMAT.md §4.6, §4.7).
public struct ErasureRequest: Sendable, Equatable {
    /// Which private documents.
    public enum Selection: Sendable, Equatable {
        /// The private documents of these transfer or correction entries; each must still be stored.
        case entries([UInt64])
        /// Every stored private document of a transfer (or corrected transfer) that occurred before the day.
        case occurredBefore(Day)
        /// As `occurredBefore`, with the day the registry's retention policy in force today gives.
        case retentionPolicy
        /// Every stored link of the subject with this token (an Art. 17 request), and the private
        /// documents of `entries` too, in the same erasure entry. Refused when no link is stored.
        case subject(SubjectToken, entries: [UInt64] = [])
    }

    /// What to erase.
    public var selection: Selection
    /// Why, as recorded in the erasure entry.
    public var reason: ErasureReason
    /// The request's reference (a ticket, a letter's number): free text, screened for personal data (R18).
    public var reference: String?

    /// A request as given.
    public init(_ selection: Selection, reason: ErasureReason, reference: String? = nil) {
        self.selection = selection
        self.reason = reason
        self.reference = reference
    }
}

/// What an erasure did: the entry it appended and the items it named, or nothing when a selection by
/// date found nothing left to erase.
public struct ErasureOutcome: Sendable {
    /// The erasure entry's receipt (its `idempotencyKey` is the reason); nil when nothing was erased.
    public let receipt: Receipt?
    /// The erased items, in canonical order.
    public let items: [ErasureItem]
    /// The cutoff of a selection by date or policy: transfers that occurred before it were selected.
    public let before: Day?
    /// What the database could not do to make the erased bytes unrecoverable (a WAL still in use, a
    /// VACUUM only the owner may run); nil when nothing is left behind.
    public let notice: String?
}
