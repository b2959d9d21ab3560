/// The destination table: every ISO 3166-1 country and international organisation the ledger knows,
/// with its EEA membership and adequacy decisions, from `Schema/regions.json`.
public struct ReferenceData: Sendable {
    /// One destination and what Chapter V says about it.
    package struct Destination: Sendable, Hashable {
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
        /// When the current decision was incorporated into the EEA Agreement (`eea_incorporated`).
        public let eeaIncorporated: String?
        /// Earlier regimes, each a dated period that overrides the current status on its days.
        public let history: [Period]

        /// The current adequacy decision with its days and scope; nil unless the entry is ADEQUATE.
        public var currentDecision: AdequacyDecision? {
            guard let decision, let adequateSince else { return nil }
            return AdequacyDecision(id: decision, since: adequateSince, until: adequateUntil,
                                    importerConditions: importerConditions, eeaIncorporated: eeaIncorporated)
        }
    }

    /// An adequacy decision as the table records it: the act, the days it applies and whom it covers.
    package struct AdequacyDecision: Sendable, Hashable {
        /// The legal act, e.g. `2000/520/EC`.
        public let id: String
        /// Its first day (`YYYY-MM-DD`).
        public let since: String
        /// Its last day, inclusive, when it has ended or will end.
        public let until: String?
        /// The conditions an importer must meet for the decision to cover it.
        public let importerConditions: [String]
        /// For exporters in Iceland, Liechtenstein and Norway: the day the decision counts from under
        /// the EEA Agreement, `PENDING` while it is not incorporated, nil when no later date is known.
        public let eeaIncorporated: String?

        /// The `eea_incorporated` spelling of a decision not yet incorporated into the EEA Agreement.
        public static let pendingIncorporation = "PENDING"

        /// Whether the decision applies on `day` (`YYYY-MM-DD`), its first and last days included.
        public func applies(on day: String) -> Bool {
            since <= day && until.map { day <= $0 } ?? true
        }
    }

    /// A past (or otherwise dated) status of a destination, with the legal act or basis behind it:
    /// on its days it replaces the entry's current status.
    package struct Period: Sendable, Hashable {
        /// The first day of the period.
        public let from: String
        /// The last day, inclusive; nil for a period without end.
        public let until: String?
        /// The region on the period's days: EEA, ADEQUATE or THIRD_COUNTRY.
        public let region: String
        /// The adequacy decision in force, exactly when `region` is ADEQUATE.
        public let decision: AdequacyDecision?
        /// Why the destination had this status, e.g. the Withdrawal Agreement's transition period.
        public let basis: String?

        /// Whether `day` (`YYYY-MM-DD`) falls in the period.
        public func covers(_ day: String) -> Bool {
            from <= day && until.map { day <= $0 } ?? true
        }
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

    /// The earlier releases of the embedded table (`Schema/regions-earlier/`): a ledger whose transfers
    /// were judged by one of them, before this build, still verifies against it (FORMAT.md §5).
    package static let earlierEmbedded: [ReferenceData] = EmbeddedResources.earlierRegionsJSON.compactMap {
        // Checked by the test suite like the embedded table: one that does not read is a build defect.
        try? ReferenceData(json: $0)
    }

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
                importerConditions: reader.has("importer_conditions") ? try reader.strings("importer_conditions") : [],
                eeaIncorporated: reader.has("eea_incorporated") ? try reader.string("eea_incorporated") : nil,
                history: try Self.periods(reader)
            )
        }
        self.destinations = destinations
        self.version = version
        self.versionHex = version.hex
    }

    /// The destination with `code`, or nil when the code is unknown.
    package func destination(_ code: String) -> Destination? {
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
        // Most destinations have no dates to compare, and formatting the day costs more than the rest
        // of the lookup: only those that do format it, once.
        guard !destination.history.isEmpty || destination.snapshotRegion == "ADEQUATE" else {
            return destination.snapshotRegion == "EEA" ? .eea : .thirdCountry
        }
        let day = instant.date
        if let period = destination.period(on: day) {
            return Self.region(named: period.region)
        }
        switch destination.snapshotRegion {
        case "EEA":
            return .eea
        case "ADEQUATE":
            if let since = destination.adequateSince, day < since { return .thirdCountry }
            if let until = destination.adequateUntil, day > until { return .thirdCountry }
            return .adequate
        default:
            return .thirdCountry
        }
    }

    /// The dated period of `code`'s history that covers `day`, if any.
    package func period(of code: String, on day: Day) -> Period? {
        destinations[code]?.period(on: day.description)
    }

    /// The adequacy decision that judges a transfer to `code` on `day`: the one of the period
    /// covering the day (nil when that period is not ADEQUATE), otherwise the current decision,
    /// whether or not it applies yet, so that the adequacy rule can say when it does.
    package func adequacyDecision(for code: String, on day: Day) -> AdequacyDecision? {
        guard let destination = destinations[code] else { return nil }
        if let period = destination.period(on: day.description) { return period.decision }
        return destination.currentDecision
    }

    private static func region(named name: String) -> Region {
        switch name {
        case "EEA": .eea
        case "ADEQUATE": .adequate
        default: .thirdCountry
        }
    }

    /// The `history` periods of a validated entry.
    private static func periods(_ reader: FieldReader) throws(RecordError) -> [Period] {
        guard reader.has("history") else { return [] }
        var periods: [Period] = []
        for element in try reader.array("history") {
            guard case .object(let members) = element else { continue }
            let period = FieldReader(members: members, path: "")
            let from = try period.string("from")
            let until = period.has("until") ? try period.string("until") : nil
            let region = try period.string("region")
            let decision = region == "ADEQUATE"
                ? AdequacyDecision(
                    id: try period.string("decision"), since: from, until: until,
                    importerConditions: period.has("importer_conditions") ? try period.strings("importer_conditions") : [],
                    eeaIncorporated: period.has("eea_incorporated") ? try period.string("eea_incorporated") : nil)
                : nil
            periods.append(Period(from: from, until: until, region: region, decision: decision,
                                  basis: period.has("basis") ? try period.string("basis") : nil))
        }
        return periods
    }
}

extension ReferenceData.Destination {
    /// The dated period of the history that covers `day` (`YYYY-MM-DD`), if any; the day is only
    /// formatted when there is a history to compare it with, since most destinations have none and
    /// adequacy checks ask on every append.
    func period(on day: @autoclosure () -> String) -> ReferenceData.Period? {
        guard !history.isEmpty else { return nil }
        let text = day()
        return history.first { $0.covers(text) }
    }
}
