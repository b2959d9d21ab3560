import LedgerSample
import Testing
@testable import LedgerFormat
@testable import TransferLedger

@Suite("Timestamp: RFC 3339 in UTC, microseconds, one spelling per instant")
struct TimestampTests {
    @Test(arguments: [
        ("2026-05-01T09:30:00Z", "2026-05-01T09:30:00Z"),
        ("2026-05-01T09:30:00+00:00", "2026-05-01T09:30:00Z"),
        ("2026-05-01T09:30:00.000Z", "2026-05-01T09:30:00Z"),
        ("2026-05-01T09:30:00.000000Z", "2026-05-01T09:30:00Z"),
        ("2026-05-01T09:30:00.5Z", "2026-05-01T09:30:00.500Z"),
        ("2026-05-01T09:30:00.12Z", "2026-05-01T09:30:00.120Z"),
        ("2026-05-01T09:30:00.123Z", "2026-05-01T09:30:00.123Z"),
        ("2026-05-01T09:30:00.100000Z", "2026-05-01T09:30:00.100Z"),
        ("2026-05-01T09:30:00.1234Z", "2026-05-01T09:30:00.123400Z"),
        ("2026-05-01T09:30:00.123456Z", "2026-05-01T09:30:00.123456Z"),
        ("2026-05-01T09:30:00.000001Z", "2026-05-01T09:30:00.000001Z"),
        ("2026-05-01T09:30:00.123456+00:00", "2026-05-01T09:30:00.123456Z"),
        ("2024-02-29T23:59:59.999999Z", "2024-02-29T23:59:59.999999Z"),
        ("2000-02-29T00:00:00Z", "2000-02-29T00:00:00Z"),
        ("1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.500Z"),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
        ("9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999999Z"),
    ])
    func parsesAndFormatsInCanonicalForm(text: String, canonical: String) throws {
        let instant = try Timestamp(rfc3339: text)
        #expect(instant.rfc3339 == canonical)
        #expect(try Timestamp(rfc3339: canonical) == instant)
        #expect(instant.description == canonical)
    }

    @Test(arguments: [
        ("1970-01-01T00:00:00Z", Int64(0)),
        ("1970-01-01T00:00:00.000001Z", 1),
        ("1969-12-31T23:59:59.999999Z", -1),
        ("2000-03-01T00:00:00Z", 951_868_800_000_000),
        ("2026-01-26T00:00:00Z", 1_769_385_600_000_000),
    ])
    func knowsTheMicrosecondsSinceTheEpoch(text: String, microseconds: Int64) throws {
        #expect(try Timestamp(rfc3339: text).microseconds == microseconds)
        #expect(Timestamp(microseconds: microseconds).rfc3339 == text)
    }

    @Test(arguments: ["2026-05-01T09:30:00+01:00", "2026-05-01T09:30:00-05:00", "2026-05-01T09:30:00-00:00",
                      "2026-05-01T09:30:00.123+02:00", "2026-05-01T09:30:00+14:00"])
    func rejectsOtherOffsetsAsNotUTC(text: String) {
        #expect(throws: Timestamp.ParseError.notUTC) { try Timestamp(rfc3339: text) }
    }

    @Test(arguments: ["2026-05-01T09:30:00.1234567Z", "2026-05-01T09:30:00.000000001Z", "2026-05-01T09:30:00.123456789Z"])
    func rejectsSubMicrosecondPrecision(text: String) {
        #expect(throws: Timestamp.ParseError.tooPrecise) { try Timestamp(rfc3339: text) }
    }

    @Test(arguments: ["", "2026-05-01", "2026-05-01T09:30:00", "2026-05-01 09:30:00Z", "2026-5-01T09:30:00Z",
                      "2026-05-01T09:30Z", "2026-05-01T09:30:00.Z", "2026-05-01T09:30:00ZZ", "2026-05-01T09:30:00+0100",
                      "2026-05-01T09:30:00 Z", "+2026-05-01T09:30:00Z", "2026-05-01T9:30:00Z", "２０２６-05-01T09:30:00Z",
                      "2026-05-01T09:30:00.1234567890Z", "2026/05/01T09:30:00Z"])
    func rejectsMalformedText(text: String) {
        #expect(throws: Timestamp.ParseError.malformed) { try Timestamp(rfc3339: text) }
    }

    @Test(arguments: [
        ("2025-02-29T00:00:00Z", "day"),
        ("1900-02-29T00:00:00Z", "day"),
        ("2026-04-31T00:00:00Z", "day"),
        ("2026-01-00T00:00:00Z", "day"),
        ("2026-01-32T00:00:00Z", "day"),
        ("2026-00-10T00:00:00Z", "month"),
        ("2026-13-01T00:00:00Z", "month"),
        ("2026-05-01T24:00:00Z", "hour"),
        ("2026-05-01T23:60:00Z", "minute"),
        ("2026-12-31T23:59:60Z", "second"),
    ])
    func rejectsImpossibleDatesAndTimes(text: String, part: String) throws {
        let error = try #require(throws: Timestamp.ParseError.self) { try Timestamp(rfc3339: text) }
        guard case .outOfRange(let named) = error else {
            Issue.record("\(text): expected outOfRange(\(part)), got \(error)")
            return
        }
        #expect(named.hasPrefix(part))
    }

    @Test func acceptsLeapDaysOnlyInLeapYears() throws {
        #expect(try Timestamp(rfc3339: "2024-02-29T12:00:00Z").date == "2024-02-29")
        #expect(try Timestamp(rfc3339: "2000-02-29T12:00:00Z").date == "2000-02-29")
        #expect(throws: Timestamp.ParseError.self) { try Timestamp(rfc3339: "2025-02-29T12:00:00Z") }
        #expect(throws: Timestamp.ParseError.self) { try Timestamp(rfc3339: "2100-02-29T12:00:00Z") }
        let dayAfter = try Timestamp(rfc3339: "2024-02-29T12:00:00Z").microseconds + 86_400_000_000
        #expect(Timestamp(microseconds: dayAfter).rfc3339 == "2024-03-01T12:00:00Z")
    }

    @Test func ordersByInstant() throws {
        let earlier = try Timestamp(rfc3339: "2026-05-01T09:30:00.999999Z")
        let later = try Timestamp(rfc3339: "2026-05-01T09:30:01Z")
        #expect(earlier < later)
        #expect(!(later < earlier))
        #expect(try Timestamp(rfc3339: "2026-05-01T09:30:01+00:00") == later)
    }

    @Test func formatThenParseIsTheIdentity() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var generator = SplitMix64(seed: seed)
        let first = try Timestamp(rfc3339: "0001-01-01T00:00:00Z").microseconds
        let last = try Timestamp(rfc3339: "9999-12-31T23:59:59.999999Z").microseconds
        for iteration in 0..<5_000 {
            var microseconds = Int64.random(in: first...last, using: &generator)
            // Exercise all three canonical spellings: whole seconds, milliseconds, microseconds.
            switch iteration % 3 {
            case 0: microseconds -= microseconds.remainderFloored(1_000_000)
            case 1: microseconds -= microseconds.remainderFloored(1_000)
            default: break
            }
            let instant = Timestamp(microseconds: microseconds)
            let text = instant.rfc3339
            let parsed = try? Timestamp(rfc3339: text)
            #expect(parsed == instant, "seed \(seed), iteration \(iteration): \(microseconds) formats as \(text)")
            let fraction = text.split(separator: ".").dropFirst().first.map { $0.count - 1 } ?? 0
            #expect([0, 3, 6].contains(fraction), "seed \(seed): \(text) has a non-canonical fraction")
            #expect(text.utf8.count == 20 + (fraction == 0 ? 0 : fraction + 1), "seed \(seed): \(text)")
        }
    }
}

extension Int64 {
    /// The remainder of floored division, always in `0..<divisor`.
    fileprivate func remainderFloored(_ divisor: Int64) -> Int64 {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
