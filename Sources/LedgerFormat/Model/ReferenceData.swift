/// The destination table: every ISO 3166-1 country and international organisation the ledger knows,
/// with its EEA membership and adequacy decisions, from `Schema/regions.json`.
public struct ReferenceData: Sendable {
    /// One destination and what Chapter V says about it.
    public struct Destination: Sendable, Hashable {
        /// ISO 3166-1 alpha-2 code, or `INT-…` for an international organisation.
        public let code: String
        /// The ISO short name.
        public let name: String
        /// Whether this is an international organisation rather than a country.
        public let isInternationalOrganisation: Bool
        /// The region in the snapshot: EEA, ADEQUATE or THIRD_COUNTRY.
        public let snapshotRegion: String
        /// The adequacy decision's id, when there is one.
        public let decision: String?
        /// The first day (`YYYY-MM-DD`) the adequacy decision applies.
        public let adequateSince: String?
        /// The last day the adequacy decision applies, when it has an end.
        public let adequateUntil: String?
        /// The conditions an importer must meet for the decision to cover it (`DPF_CERTIFIED_ACTIVE`, …).
        public let importerConditions: [String]
    }

    /// The table's version: the SHA-256 of `Schema/regions.json` as embedded.
    public let version: Digest
    /// `version` in hex, as every transfer payload records it.
    public let versionHex: String
    private let destinations: [String: Destination]

    /// The table compiled into this build.
    public static let embedded: ReferenceData = {
        // The embedded JSON is checked by the test suite, so failing to read it is a build defect.
        guard let data = try? ReferenceData(json: EmbeddedResources.regionsJSON) else {
            fatalError("the embedded Schema/regions.json is not a valid region table")
        }
        return data
    }()

    /// Reads a region table in the format of `Schema/regions.json`, validated as
    /// `ReferenceData.validate(_:)` specifies; its version is the SHA-256 of `text`'s bytes.
    public init(json text: String) throws {
        let root: JSONValue
        do {
            root = try JSONParser.parse(text)
        } catch {
            throw RecordError(field: "", rule: .syntax, message: "the region table is not JSON: \(error)")
        }
        try self.init(validating: root, version: SHA256.hash(Array(text.utf8)))
    }

    /// Reads a parsed region table after checking every member (`validate(_:)`); `version` names it.
    package init(validating root: JSONValue, version: Digest) throws(RecordError) {
        var destinations: [String: Destination] = [:]
        for members in try Self.validate(root) {
            let reader = FieldReader(members: members, path: "")
            let code = try reader.string("code")
            destinations[code] = Destination(
                code: code,
                name: try reader.string("name"),
                isInternationalOrganisation: try reader.string("kind") == "INTERNATIONAL_ORGANISATION",
                snapshotRegion: try reader.string("region"),
                decision: reader.has("decision") ? try reader.string("decision") : nil,
                adequateSince: reader.has("since") ? try reader.string("since") : nil,
                adequateUntil: reader.has("until") ? try reader.string("until") : nil,
                importerConditions: reader.has("importer_conditions") ? try reader.strings("importer_conditions") : []
            )
        }
        self.destinations = destinations
        self.version = version
        self.versionHex = version.hex
    }

    /// The destination with `code`, or nil when the code is unknown.
    public func destination(_ code: String) -> Destination? {
        destinations[code]
    }

    /// Every known destination code, sorted.
    public var codes: [String] { destinations.keys.sorted() }

    /// The destination's region on the day of `instant`; nil for an unknown code.
    ///
    /// An adequacy decision counts from its first day to its last day inclusive; outside those days
    /// the destination is a third country. International organisations are always their own region.
    public func region(of code: String, at instant: Timestamp) -> Region? {
        guard let destination = destinations[code] else { return nil }
        if destination.isInternationalOrganisation { return .internationalOrganisation }
        switch destination.snapshotRegion {
        case "EEA":
            return .eea
        case "ADEQUATE":
            let day = instant.date
            if let since = destination.adequateSince, day < since { return .thirdCountry }
            if let until = destination.adequateUntil, day > until { return .thirdCountry }
            return .adequate
        default:
            return .thirdCountry
        }
    }
}
