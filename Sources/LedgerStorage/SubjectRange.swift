import LedgerFormat

/// A number of data subjects summed over count bands: bands are ranges, so their sum is a range too.
///
/// The lower bound adds each band's lower bound; the upper bound adds each band's upper bound and is
/// open (nil) as soon as one band has none: `bOver1m`, or `unknown`. An `unknown` band adds nothing
/// to the lower bound, because the ledger knows nothing about it, and is counted in `unknownBands` so
/// a reader can tell "at least 1,000,001" from "we were not told".
public struct SubjectRange: Hashable, Sendable {
    /// The sum of the bands' lower bounds.
    public private(set) var lower: Int = 0
    /// The sum of the bands' upper bounds, or nil when at least one band is open-ended or unknown.
    public private(set) var upper: Int? = 0
    /// How many of the summed bands were `unknown`.
    public private(set) var unknownBands: Int = 0

    /// An empty range: no bands, zero subjects.
    package init() {}

    /// Adds one transfer's band.
    package mutating func add(_ band: CountBand) {
        guard let bounds = band.bounds else {
            unknownBands += 1
            upper = nil
            return
        }
        lower += bounds.lower
        if let current = upper, let bandUpper = bounds.upper {
            upper = current + bandUpper
        } else {
            upper = nil
        }
    }

    /// The range for people: `303–3,000`, `≥ 1,000,001`, or `unknown` when nothing is known.
    public var text: String {
        switch upper {
        case .some(let upper) where upper == lower: Self.grouped(lower)
        case .some(let upper): Self.grouped(lower) + "–" + Self.grouped(upper)
        case .none where lower == 0: "unknown"
        case .none: "≥ " + Self.grouped(lower)
        }
    }

    /// `n` with a comma between groups of three digits, as the report and the table print counts.
    package static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return n < 0 ? "-" + result : result
    }
}
