/// How far a long operation (verifying a ledger, recording a large batch) has got, so a tool can show
/// a sign of life: a million entries take tens of seconds.
///
/// Reported once per batch of a few thousand entries, never per entry, so the hot path pays nothing
/// measurable; the last report has `done == total`.
public struct OperationProgress: Sendable, Equatable {
    /// Entries handled so far.
    public let done: UInt64
    /// Entries the operation handles in all, when known up front.
    public let total: UInt64?

    public init(done: UInt64, total: UInt64?) {
        self.done = done
        self.total = total
    }
}

/// Called with an operation's progress from the thread doing the work; it should return quickly.
public typealias ProgressHandler = @Sendable (OperationProgress) -> Void
