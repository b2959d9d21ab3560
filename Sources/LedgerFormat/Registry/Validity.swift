/// The days a registry fact is in force: from `from` to `until`, both inclusive; open-ended without `until`.
public struct Validity: Hashable, Sendable, CustomStringConvertible {
    /// The first day in force.
    public var from: Day
    /// The last day in force, or nil when no end is known.
    public var until: Day?

    /// A validity from `from` to `until` inclusive.
    public init(from: Day, until: Day? = nil) {
        self.from = from
        self.until = until
    }

    /// Whether `day` lies inside the validity.
    public func contains(_ day: Day) -> Bool {
        day >= from && (until.map { day <= $0 } ?? true)
    }

    /// Whether the two validities share at least one day.
    public func overlaps(_ other: Validity) -> Bool {
        let startsBeforeOtherEnds = other.until.map { from <= $0 } ?? true
        let otherStartsBeforeThisEnds = until.map { other.from <= $0 } ?? true
        return startsBeforeOtherEnds && otherStartsBeforeThisEnds
    }

    /// The validity as `2026-09-01 to 2027-08-31`, or `from 2026-09-01` when open-ended.
    public var description: String {
        until.map { "\(from) to \($0)" } ?? "from \(from)"
    }
}
