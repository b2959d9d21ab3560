import LedgerFormat

/// A backend where concurrent writers' single appends share commits: each writer commits its
/// transfer to an intake without holding the tip, and one writer at a time, the intake's
/// sequencer, appends every pending intake row to the chain in one transaction per round
/// (FORMAT.md §6.2). A server database has one, since there every durable commit waits for a
/// flush; the SQLite file does not need one.
package protocol IntakeStorage: LedgerStorage {
    /// Commits `transfer` (the JSON a service gave) to the intake, in a transaction of its own that
    /// takes no lock, and returns its intake id; with `claiming`, also tries to become the intake's
    /// sequencer, in the same round trip, and says whether it did. A claim lasts until
    /// `releaseSequencing()`.
    func submit(_ transfer: [UInt8], claiming: Bool) throws -> (id: Int64, claimed: Bool)
    /// What became of intake row `id`; while it is pending, and with `claiming`, also tries to become
    /// the intake's sequencer, in the same round trip.
    func poll(_ id: Int64, claiming: Bool) throws -> IntakePoll
    /// Gives up the claim `poll` got and wakes the waiting submitters, so that one of them claims it
    /// when rows are still pending.
    func releaseSequencing() throws
    /// Like `write`, and `body` also gets the intake rows without an outcome, oldest first, at most
    /// `limit`, row `including` among them when it is still pending (a submitter always finds its
    /// own row), read once the tip is held.
    func writeWithPending<T>(limit: Int, including own: Int64?, _ body: (ChainTip?, [(id: Int64, transfer: [UInt8])]) throws -> T) throws -> T
    /// Inside `write`: records what became of intake row `id`.
    func recordOutcome(_ outcome: IntakeOutcome, of id: Int64) throws
    /// Like `write`, but only when no other writer holds the tip: nil, and nothing done, when one does.
    func writeIfFree<T>(_ body: (ChainTip?) throws -> T) throws -> T?
    /// Like `write`, but assuming the tip this connection's last committed write left, without
    /// reading it: nil, and nothing done, when there was none or another writer has appended since
    /// (the storage refuses the link). A lone writer's append then costs one round trip.
    func writeOnLastTip<T>(_ body: (ChainTip?) throws -> T) throws -> T?
    /// Inside `write`: once this transaction commits, wakes the submitters whose rows have ids in
    /// `ids` (the rows it recorded outcomes for).
    func announceSequencing(of ids: ClosedRange<Int64>) throws
    /// Deletes the intake rows (and outcomes) old enough that no submitter can still be waiting for
    /// them; returns how many. Called by sequencers now and then, outside any transaction.
    func pruneIntake() throws -> Int64
    /// Waits until a sequencing of row `id` is announced, the sequencer's claim is released, or
    /// `milliseconds` pass; whether there is news (a sign that `poll` is worth a round trip).
    func awaitSequencing(of id: Int64, milliseconds: Int32) throws -> Bool
}

/// What became of a transfer submitted to the intake.
package enum IntakeOutcome: Equatable {
    /// Recorded as entry `seq`; `duplicate` when its idempotency key was already recorded there.
    case recorded(seq: UInt64, duplicate: Bool)
    /// Refused by a rule, as the record error says (field, rule, message).
    case refused(field: String?, rule: String, message: String)
}

/// What `IntakeStorage.poll` found.
package enum IntakePoll {
    /// Recorded: the entry and private document that hold the transfer; `duplicate` as in the outcome.
    case recorded(entry: Entry, document: [UInt8], duplicate: Bool)
    /// Refused by a rule, as the record error says (field, rule, message).
    case refused(field: String?, rule: String, message: String)
    /// Pending, and the caller is now the intake's sequencer.
    case claimed
    /// Pending; another writer sequences (or the caller did not claim).
    case pending
    /// No longer in the intake: pruned, its outcome unread, because its submitter waited for longer
    /// than the intake keeps rows (a process stopped for minutes).
    case pruned
}
