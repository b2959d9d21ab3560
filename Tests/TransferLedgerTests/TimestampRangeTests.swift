import LedgerSample
import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// Issue 11, item 5: a Timestamp formats every Int64 without trapping, and only four-digit years are
/// representable, so nothing outside that range can be written where a time is parsed back.
@Suite("Timestamp: the representable range and formatting that never traps")
struct TimestampRangeTests {
    @Test func theRangeIsYearsZeroThroughNineThousandNineHundredNinetyNine() throws {
        #expect(Timestamp.earliest == (try Timestamp(rfc3339: "0000-01-01T00:00:00Z")))
        #expect(Timestamp.latest == (try Timestamp(rfc3339: "9999-12-31T23:59:59.999999Z")))
        #expect(Timestamp.latest.isRepresentable && Timestamp.earliest.isRepresentable)
        #expect(!Timestamp(microseconds: Timestamp.latest.microseconds + 1).isRepresentable)
        #expect(!Timestamp(microseconds: Timestamp.earliest.microseconds - 1).isRepresentable)
    }

    @Test(arguments: [
        (Timestamp.latest.microseconds + 1, "+10000-01-01T00:00:00Z"),
        (Timestamp.earliest.microseconds - 1, "-1-12-31T23:59:59.999999Z"),
    ])
    func instantsOutsideTheRangeGetAnExpandedYearThatNeverParses(microseconds: Int64, text: String) {
        let instant = Timestamp(microseconds: microseconds)
        #expect(instant.rfc3339 == text)
        #expect(Timestamp.canonical(instant.rfc3339) == nil)
        #expect(instant.date == String(text.prefix { $0 != "T" }))
    }

    @Test func everyInt64FormatsWithoutTrapping() {
        var random = SplitMix64(seed: 0x7157_A3B0)
        let edges: [Int64] = [.min, .min + 1, .max, .max - 1, -1, 0, 1]
        for microseconds in edges + (0..<2_000).map({ _ in Int64(bitPattern: random.next()) }) {
            let instant = Timestamp(microseconds: microseconds)
            let text = instant.rfc3339
            #expect(text.hasSuffix("Z"), "\(microseconds)")
            if instant.isRepresentable { #expect(Timestamp.canonical(text) == instant, "\(microseconds)") }
        }
    }
}
