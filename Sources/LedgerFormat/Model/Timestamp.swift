#if canImport(Glibc)
internal import Glibc
#endif

/// An instant in UTC with microsecond precision, written as an RFC 3339 timestamp ending in `Z`.
///
/// The canonical text has no fraction when the instant is a whole second, three digits when it is a
/// whole millisecond and six otherwise, so one instant has exactly one spelling in the ledger.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public let microseconds: Int64

    /// The instant `microseconds` after the Unix epoch.
    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    /// The current time of this machine's clock.
    public static func now() -> Timestamp {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Timestamp(microseconds: Int64(time.tv_sec) * 1_000_000 + Int64(time.tv_nsec) / 1_000)
    }

    /// The first instant RFC 3339 can write: 0000-01-01T00:00:00Z.
    public static let earliest = Timestamp(microseconds: daysFromCivil(year: 0, month: 1, day: 1) * 86_400_000_000)
    /// The last instant RFC 3339 can write: 9999-12-31T23:59:59.999999Z.
    public static let latest = Timestamp(microseconds: daysFromCivil(year: 10_000, month: 1, day: 1) * 86_400_000_000 - 1)

    /// Whether the instant has a four-digit year, so its text parses back; every parsed timestamp has.
    public var isRepresentable: Bool { Self.earliest <= self && self <= Self.latest }

    /// Earlier instants first.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.microseconds < rhs.microseconds
    }

    /// Why a text is not an acceptable timestamp.
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        /// Not of the form `YYYY-MM-DDTHH:MM:SS[.fraction]Z`.
        case malformed
        /// An offset other than `Z` or `+00:00`.
        case notUTC
        /// A part (named) out of its range, such as month 13 or 30 February.
        case outOfRange(String)
        /// More than six fractional digits.
        case tooPrecise

        /// What is wrong with the text, for a one-line error.
        public var description: String {
            switch self {
            case .malformed: "is not an RFC 3339 timestamp (YYYY-MM-DDTHH:MM:SS[.fraction]Z)"
            case .notUTC: "is not in UTC: the offset must be Z"
            case .outOfRange(let part): "has an impossible \(part)"
            case .tooPrecise: "is more precise than a microsecond"
            }
        }
    }

    /// Parses an RFC 3339 timestamp in UTC (`Z` or `+00:00`), with at most microsecond precision.
    public init(rfc3339 text: String) throws(ParseError) {
        let b = Array(text.utf8)
        func digits(_ range: Range<Int>) throws(ParseError) -> Int64 {
            guard range.upperBound <= b.count else { throw .malformed }
            var value: Int64 = 0
            for index in range {
                guard b[index] >= 0x30, b[index] <= 0x39 else { throw .malformed }
                value = value * 10 + Int64(b[index] - 0x30)
            }
            return value
        }
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":")
        else { throw .malformed }
        let year = try digits(0..<4), month = try digits(5..<7), day = try digits(8..<10)
        let hour = try digits(11..<13), minute = try digits(14..<16), second = try digits(17..<19)

        var index = 19
        var fraction: Int64 = 0
        if b[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < b.count, b[index] >= 0x30, b[index] <= 0x39 { index += 1 }
            let count = index - start
            guard count >= 1, count <= 9 else { throw .malformed }
            let value = try digits(start..<index)
            var scaled = value
            for _ in count..<9 { scaled *= 10 }
            guard scaled % 1_000 == 0 else { throw .tooPrecise }
            fraction = scaled / 1_000
        }
        let offset = String(decoding: b[index...], as: UTF8.self)
        guard offset == "Z" || offset == "+00:00" else {
            if offset.count == 6, offset.first == "+" || offset.first == "-" { throw .notUTC }
            throw .malformed
        }
        guard (1...12).contains(month) else { throw .outOfRange("month") }
        guard (1...Self.daysIn(month: month, year: year)).contains(day) else { throw .outOfRange("day") }
        guard hour < 24 else { throw .outOfRange("hour") }
        guard minute < 60 else { throw .outOfRange("minute") }
        guard second < 60 else { throw .outOfRange("second (leap seconds are not supported)") }

        let days = Self.daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second
        self.init(microseconds: seconds * 1_000_000 + fraction)
    }

    /// The canonical RFC 3339 text, for example `2026-05-01T09:30:00Z`.
    ///
    /// An instant outside `earliest...latest` gets its year with a sign and every digit (ISO 8601's
    /// expanded form, `+10000-01-01T00:00:00Z`), which no parser here accepts: such an instant can be
    /// computed (a day after the last) but never written into a ledger or report as a valid time.
    public var rfc3339: String {
        let seconds = microseconds.floorDivided(by: 1_000_000)
        // The remainder, not `microseconds - seconds * 1_000_000`: that product overflows near Int64.min.
        let remainder = microseconds % 1_000_000
        let fraction = remainder < 0 ? remainder + 1_000_000 : remainder
        let days = seconds.floorDivided(by: 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = Self.civil(fromDays: days)
        // Written digit by digit into bytes: string interpolation here dominated appends and verifies.
        var text: [UInt8] = []
        text.reserveCapacity(27)
        func digits(_ value: Int64, _ width: Int) {
            var divisor: Int64 = 1
            for _ in 1..<width { divisor *= 10 }
            var remaining = value
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: remaining / divisor % 10))
                remaining %= divisor
                divisor /= 10
            }
        }
        if (0...9_999).contains(year) {
            digits(year, 4)
        } else {
            // |year| < 300,000 for any Int64 of microseconds, so the magnitude never overflows.
            text.append(UInt8(ascii: year < 0 ? "-" : "+"))
            text.append(contentsOf: String(year.magnitude).utf8)
        }
        text.append(UInt8(ascii: "-")); digits(month, 2); text.append(UInt8(ascii: "-")); digits(day, 2)
        text.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3_600, 2); text.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2); text.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2)
        if fraction != 0 {
            text.append(UInt8(ascii: "."))
            if fraction % 1_000 == 0 { digits(fraction / 1_000, 3) } else { digits(fraction, 6) }
        }
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }

    /// The instant `text` denotes when `text` is its canonical spelling, else nil.
    package static func canonical(_ text: String) -> Timestamp? {
        guard let instant = try? Timestamp(rfc3339: text), instant.rfc3339 == text else { return nil }
        return instant
    }

    /// The calendar date `YYYY-MM-DD` of this instant in UTC.
    public var date: String { String(rfc3339.prefix { $0 != "T" }) }

    /// The canonical RFC 3339 text.
    public var description: String { rfc3339 }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days-from-civil algorithm: exact for the proleptic Gregorian calendar.
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDivided(by: 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = z.floorDivided(by: 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
