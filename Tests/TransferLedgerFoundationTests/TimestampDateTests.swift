import Foundation
import Testing
import TransferLedger
import TransferLedgerFoundation

/// `Timestamp` ⇄ `Date`: to the microsecond, both ways, before 1970 as after.
@Suite struct TimestampDateTests {
    static let instants = [
        "2026-05-01T09:30:00Z", "2026-05-01T09:30:00.250Z", "2026-05-01T09:30:00.123456Z", "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999999Z", "1901-07-04T12:00:00.000001Z", "2001-01-01T00:00:00Z", "2136-12-31T23:59:59.999999Z",
    ]

    @Test(arguments: instants)
    func aTimestampRoundTripsThroughDate(_ text: String) throws {
        let timestamp = try Timestamp(rfc3339: text)
        let date = Date(timestamp)
        #expect(Timestamp(date) == timestamp)
        let expected = Double(timestamp.microseconds) / 1_000_000
        #expect(abs(date.timeIntervalSince1970 - expected) < 1e-6, "\(date.timeIntervalSince1970) vs \(expected)")
    }

    @Test func knownDatesGiveKnownTimestamps() throws {
        #expect(Timestamp(Date(timeIntervalSince1970: 0)) == Timestamp(microseconds: 0))
        #expect(Timestamp(Date(timeIntervalSince1970: -1.5)) == Timestamp(microseconds: -1_500_000))
        #expect(Timestamp(Date(timeIntervalSinceReferenceDate: 0)).rfc3339 == "2001-01-01T00:00:00Z")
        #expect(Timestamp(Date(timeIntervalSince1970: 1_777_627_800.25)).rfc3339 == "2026-05-01T09:30:00.250Z")
        // Finer than a microsecond rounds to the nearest one.
        #expect(Timestamp(Date(timeIntervalSinceReferenceDate: 0.000_000_4)).microseconds == 978_307_200_000_000)
        #expect(Timestamp(Date(timeIntervalSinceReferenceDate: 0.000_000_6)).microseconds == 978_307_200_000_001)
        #expect(Timestamp(Date(timeIntervalSinceReferenceDate: -0.000_000_6)).microseconds == 978_307_199_999_999)
    }

    /// Seeded random instants across the exact range, 1864–2137, every one to the microsecond.
    @Test(arguments: [UInt64(2026), 17, 0xDEAD_BEEF])
    func randomInstantsRoundTripExactly(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let span: Int64 = (1 << 32) * 1_000_000
        for _ in 0..<100_000 {
            let timestamp = Timestamp(microseconds: 978_307_200_000_000 + Int64.random(in: -span...span, using: &random))
            guard Timestamp(Date(timestamp)) == timestamp else {
                Issue.record("\(timestamp) (\(timestamp.microseconds) µs) does not round-trip; seed \(seed)")
                return
            }
        }
    }
}
