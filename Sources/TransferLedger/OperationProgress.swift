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

    /// Progress as given; the library makes these, a test of a handler may too.
    public init(done: UInt64, total: UInt64?) {
        self.done = done
        self.total = total
    }
}

extension OperationProgress {
    /// Entries between two reports of a streaming operation: rare enough to cost nothing per entry.
    static let interval: UInt64 = 4_096

    /// Whether `done` entries of `total` call for a report: every `interval`, and at the end.
    static func isDue(_ done: UInt64, of total: UInt64?) -> Bool {
        done % interval == 0 || done == total
    }
}

/// Called with an operation's progress from the thread doing the work; it should return quickly.
public typealias ProgressHandler = @Sendable (OperationProgress) -> Void
