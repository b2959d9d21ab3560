/// The importer conditions of each adequacy decision, read from the `importer_conditions` of
/// `Schema/regions.json` (which `ReferenceData` does not keep).
public struct AdequacyScopes: Sendable {
    /// A code that no importer can satisfy, standing in when the table cannot be read, so that
    /// adequacy fails closed rather than open.
    static let unreadable = "REFERENCE_DATA_UNREADABLE"

    private let conditions: [String: [String]]
    private let failClosed: Bool

    /// The table compiled into this build; if it could not be read, every conditional check fails.
    public static let embedded: AdequacyScopes = (try? AdequacyScopes(json: EmbeddedResources.regionsJSON))
        ?? AdequacyScopes(conditions: [:], failClosed: true)

    /// Reads the importer conditions from a region table in the format of `Schema/regions.json`.
    public init(json text: String) throws(RecordError) {
        let root: JSONValue
        do {
            root = try JSONParser.parse(text)
        } catch {
            throw RecordError(field: "", rule: .syntax, message: "\(error)")
        }
        guard case .array(let entries)? = root.objectValue?["entries"] else {
            throw RecordError(field: "entries", rule: .missingField, message: "the region table has no entries array")
        }
        var table: [String: [String]] = [:]
        for entry in entries {
            guard let code = entry.objectValue?["code"]?.stringValue else { continue }
            guard case .array(let codes)? = entry.objectValue?["importer_conditions"] else { continue }
            table[code] = codes.compactMap(\.stringValue)
        }
        self.init(conditions: table, failClosed: false)
    }

    /// A table with the given conditions per destination code.
    public init(conditions: [String: [String]]) {
        self.init(conditions: conditions, failClosed: false)
    }

    private init(conditions: [String: [String]], failClosed: Bool) {
        self.conditions = conditions
        self.failClosed = failClosed
    }

    /// The condition codes an importer in `destination` must satisfy for adequacy to cover it.
    public func importerConditions(for destination: String) -> [String] {
        failClosed ? [Self.unreadable] : conditions[destination] ?? []
    }
}
