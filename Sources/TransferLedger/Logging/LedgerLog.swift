/// How much a `LedgerLogEvent` matters. The cases and their raw values are swift-log's
/// `Logger.Level`, so a service's adapter converts with `Logger.Level(rawValue: event.level.rawValue)`
/// and the library needs no logging dependency.
public enum LedgerLogLevel: String, Sendable, CaseIterable, Comparable {
    /// Step by step, for tracing the library itself (the ledger emits none today).
    case trace
    /// What an operator needs only when investigating: an append that went through the intake.
    case debug
    /// Routine facts: a duplicate that wrote nothing.
    case info
    /// Worth a look: a transfer recorded as `compliantWithWarnings`.
    case notice
    /// Needs action: a transfer recorded as `nonCompliant`.
    case warning
    /// An operation failed (kept for adapters: the ledger throws its errors instead).
    case error
    /// The ledger cannot go on (kept for adapters, as `error`).
    case critical

    /// Ordered from `trace`, the least severe, to `critical`.
    public static func < (lhs: LedgerLogLevel, rhs: LedgerLogLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Something the ledger noticed that a service's operators may want in their logs: a transfer
/// recorded although it breaks a rule, an append that found another writer holding the chain's tip.
/// Nothing here is an error: the operation it describes succeeded.
public struct LedgerLogEvent: Sendable, Equatable, CustomStringConvertible {
    /// How much it matters.
    public var level: LedgerLogLevel
    /// One line for a person, naming the entry or the location it is about.
    public var message: String
    /// The same facts as fields, for structured logs (`seq`, `idempotencyKey`, `status`, `location`, …).
    public var metadata: [String: String]

    /// The fields as given.
    public init(level: LedgerLogLevel, message: String, metadata: [String: String] = [:]) {
        self.level = level
        self.message = message
        self.metadata = metadata
    }

    /// `level: message key=value …`, keys sorted: what a service without a logger prints.
    public var description: String {
        ([level.rawValue + ": " + message] + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
            .joined(separator: " ")
    }
}

/// Where a ledger sends its `LedgerLogEvent`s: set `Ledger.logHandler` or pass one to `LedgerPool`.
/// It is called on the thread doing the work, after the work is durable, so it should return quickly
/// (hand the event to a logger; do not call back into the ledger).
public typealias LedgerLogHandler = @Sendable (LedgerLogEvent) -> Void
