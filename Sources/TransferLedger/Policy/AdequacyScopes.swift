import LedgerFormat

/// The importer conditions of each adequacy decision (`importer_conditions` in `Schema/regions.json`),
/// indexed by destination for the adequacy rule.
public struct AdequacyScopes: Sendable {
    private let conditions: [String: [String]]

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
    }

    /// A table with the given conditions per destination code.
    public init(conditions: [String: [String]]) {
        self.conditions = conditions
    }

    /// The condition codes an importer in `destination` must satisfy for adequacy to cover it.
    public func importerConditions(for destination: String) -> [String] {
        conditions[destination] ?? []
    }
}
