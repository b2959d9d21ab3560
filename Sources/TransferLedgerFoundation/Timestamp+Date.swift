import Foundation
public import TransferLedger

// The bridge between the ledger's times and Foundation's, kept out of the library so that the
// library itself builds and runs without Foundation; a service that uses `Date` adds this product.
//
// Both directions go through `timeIntervalSinceReferenceDate`, what a `Date` holds, rather than the
// 1970 interval, whose extra addition costs precision. Within 2^32 seconds of 2001 (1864 to 2137) a
// Double's step is under half a microsecond, so a `Timestamp` round-trips through `Date` exactly;
// beyond, to within a few microseconds.

/// The Unix epoch's distance from Foundation's reference date (2001-01-01T00:00:00Z), in microseconds.
private let referenceDateMicroseconds: Int64 = 978_307_200_000_000

extension Timestamp {
    /// The instant `date` denotes, rounded to the nearest microsecond (half a microsecond away from zero).
    public init(_ date: Date) {
        let sinceReference = (date.timeIntervalSinceReferenceDate * 1_000_000).rounded()
        self.init(microseconds: Int64(sinceReference) + referenceDateMicroseconds)
    }
}

extension Date {
    /// The instant `timestamp` denotes; `Timestamp(_:)` gives `timestamp` back for any instant from 1864
    /// to 2137.
    public init(_ timestamp: Timestamp) {
        self.init(timeIntervalSinceReferenceDate: Double(timestamp.microseconds - referenceDateMicroseconds) / 1_000_000)
    }
}
