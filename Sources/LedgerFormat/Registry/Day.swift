/// A calendar day in UTC, written `YYYY-MM-DD`: the unit every registry validity is expressed in.
///
/// Stored as days since 1970-01-01 so that comparing a transfer's day with a validity is one integer
/// comparison, which matters because every append evaluates several of them.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public let daysSinceEpoch: Int64

    /// The day `daysSinceEpoch` days after 1970-01-01.
    public init(daysSinceEpoch: Int64) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// The UTC day on which `instant` falls.
    public init(_ instant: Timestamp) {
        let perDay: Int64 = 86_400_000_000
        let quotient = instant.microseconds / perDay
        // Round towards minus infinity so instants before 1970 land on the right day.
        daysSinceEpoch = instant.microseconds % perDay < 0 ? quotient - 1 : quotient
    }

    /// Parses a strict `YYYY-MM-DD` date; nil for anything else, including impossible days.
    public init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                guard b[index] >= 0x30, b[index] <= 0x39 else { return nil }
                value = value * 10 + Int64(b[index] - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              (1...12).contains(month), day >= 1
        else { return nil }
        let days = Timestamp.daysFromCivil(year: year, month: month, day: day)
        // Reject 2026-02-30 and friends: a valid day survives the round trip unchanged.
        guard Timestamp.civil(fromDays: days) == (year, month, day) else { return nil }
        daysSinceEpoch = days
    }

    /// The day `count` days later (earlier when negative).
    public func adding(days count: Int64) -> Day {
        Day(daysSinceEpoch: daysSinceEpoch + count)
    }

    /// The first instant of the day.
    public var start: Timestamp {
        // Saturates rather than traps for a day no date text can name (beyond ±292,000 years).
        let (product, overflow) = daysSinceEpoch.multipliedReportingOverflow(by: 86_400_000_000)
        return Timestamp(microseconds: overflow ? (daysSinceEpoch < 0 ? .min : .max) : product)
    }

    /// The day as `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = Timestamp.civil(fromDays: daysSinceEpoch)
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// Earlier days first.
    public static func < (lhs: Day, rhs: Day) -> Bool {
        lhs.daysSinceEpoch < rhs.daysSinceEpoch
    }
}
