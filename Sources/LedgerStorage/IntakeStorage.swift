/// A backend where concurrent writers' few-transfer appends share commits: each writer commits its
/// transfers to an intake without holding the tip, then whichever writer holds the tip appends
/// every pending intake row to the chain in one transaction (FORMAT.md §6.2). A server database has
/// one, since there every durable commit waits for a flush; the SQLite file does not need one.
package protocol IntakeStorage: LedgerStorage {
    /// Commits `transfers` (each the JSON a service gave) to the intake, durably, in one transaction of
    /// their own that takes no lock; returns their intake ids in order.
    func submit(_ transfers: [[UInt8]]) throws -> [Int64]
    /// Inside `write`: the intake rows without an outcome, oldest first, at most `limit`, row
    /// `including` among them when it is still pending (a submitter always finds its own row).
    func pendingIntake(limit: Int, including own: Int64?) throws -> [(id: Int64, transfer: [UInt8])]
    /// Whether no intake row waits for an outcome (outside a write: a hint, not a promise).
    func pendingIntakeIsEmpty() throws -> Bool
    /// Inside `write`: records what became of intake row `id`.
    func recordOutcome(_ outcome: IntakeOutcome, of id: Int64) throws
    /// The committed outcome of intake row `id`, nil while it is pending.
    func outcome(of id: Int64) throws -> IntakeOutcome?
    /// Like `write`, but only when no other writer holds the tip: nil, and nothing done, when one does.
    func writeIfFree<T>(_ body: (ChainTip?) throws -> T) throws -> T?
    /// Inside `write`: wakes the submitters waiting in `awaitSequencing` once this transaction commits.
    func announceSequencing() throws
    /// Waits until a writer commits a sequencing (or has since this connection last looked), or until
    /// `milliseconds` pass; whether a sequencing was announced.
    func awaitSequencing(milliseconds: Int32) throws -> Bool
}

/// What became of a transfer submitted to the intake.
package enum IntakeOutcome: Equatable {
    /// Recorded as entry `seq`; `duplicate` when its idempotency key was already recorded there.
    case recorded(seq: UInt64, duplicate: Bool)
    /// Refused by a rule, as the record error says (field, rule, message).
    case refused(field: String?, rule: String, message: String)
}

