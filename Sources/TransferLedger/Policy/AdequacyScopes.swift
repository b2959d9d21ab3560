import LedgerFormat

/// The importer conditions of each adequacy decision (`importer_conditions` in `Schema/regions.json`),
/// indexed by destination for the adequacy rule; on a day inside a dated `history` period, the
/// conditions of that period's decision (Safe Harbour and the Privacy Shield had their own lists).
package struct AdequacyScopes: Sendable {
    private let conditions: [String: [String]]
    private let referenceData: ReferenceData?

    /// The conditions of the table compiled into this build.
    public static let embedded = AdequacyScopes(referenceData: .embedded)

    /// The conditions of every destination of `referenceData` that has any.
    public init(referenceData: ReferenceData) {
        var table: [String: [String]] = [:]
        for code in referenceData.codes {
            if let conditions = referenceData.destination(code)?.importerConditions, !conditions.isEmpty {
                table[code] = conditions
            }
        }
        self.conditions = table
        self.referenceData = referenceData
    }

    /// A table with the given conditions per destination code, for every day.
    public init(conditions: [String: [String]]) {
        self.conditions = conditions
        self.referenceData = nil
    }

    /// The condition codes an importer in `destination` must satisfy on `day` for adequacy to cover it.
    public func importerConditions(for destination: String, on day: Day) -> [String] {
        if let period = referenceData?.period(of: destination, on: day) {
            return period.decision?.importerConditions ?? []
        }
        return conditions[destination] ?? []
    }
}
