/// Whether a BCR binds the group as controller (BCR-C) or as processor for clients (BCR-P).
public enum BcrType: String, LedgerCode {
    /// BCR-C: the group's own transfers as controller.
    case controller
    /// BCR-P: transfers the group makes as processor for its clients.
    case processor
}

/// One approved set of binding corporate rules (Art. 47) with its material scope.
///
/// JSON (kind `bcr`): `id`, `type` (`controller` | `processor`), `leadAuthority` (the BCR Lead SA,
/// e.g. `CNIL`), `validFrom` (approval date), optional `validUntil` (withdrawal), `coveredCountries`
/// (destination codes), `dataCategories`, `purposes`, optional `publicVersion` (where a data subject
/// obtains the BCR's public version: an `https://` URL), optional `revision`.
public struct BcrInstrument: Hashable, Sendable {
    /// The instrument's id, as transfers cite it in `mechanismRef`.
    public var id: String
    /// BCR-C or BCR-P.
    public var type: BcrType
    /// The lead supervisory authority that approved it.
    public var leadAuthority: String
    /// The third countries the BCR covers (Art. 47(2)(b)).
    public var coveredCountries: Set<String>
    /// The data categories inside its material scope.
    public var dataCategories: Set<DataCategory>
    /// The purposes inside its material scope.
    public var purposes: Set<Purpose>
    /// From the approval date to the withdrawal, if any.
    public var validity: Validity
    /// The version number: 1, then one more for each superseding fact (e.g. a scope update).
    public var revision: Int
    /// Where the BCR's public version can be obtained (Art. 47(2)(g), 13(1)(f), 15(2)): an `https://`
    /// URL, which subject access answers print; nil when the registry does not say.
    public var publicVersion: String?

    /// An instrument with the given facts.
    public init(id: String, type: BcrType, leadAuthority: String, coveredCountries: Set<String>,
                dataCategories: Set<DataCategory>, purposes: Set<Purpose>, validity: Validity, revision: Int = 1) {
        self.id = id
        self.type = type
        self.leadAuthority = leadAuthority
        self.coveredCountries = coveredCountries
        self.dataCategories = dataCategories
        self.purposes = purposes
        self.validity = validity
        self.revision = revision
    }

    static let fields: Set<String> = FactHeader.fields.union(
        ["id", "type", "leadAuthority", "coveredCountries", "dataCategories", "purposes", "publicVersion"])
    /// The longest `publicVersion` URL accepted, in bytes.
    public static let maximumPublicVersionLength = 200

    /// Reads a BCR fact, rejecting unknown members, wrong types and malformed codes or dates.
    package init(json: JSONValue) throws(RecordError) {
        let reader = try FieldReader.object(json, expected: "a BCR instrument")
        try reader.rejectUnknown(allowed: Self.fields)
        let header = try FactHeader(reader, idField: "id")
        let categories: [DataCategory] = try reader.distinctCodes("dataCategories")
        let purposes: [Purpose] = try reader.distinctCodes("purposes")
        self.init(id: header.id, type: try reader.code("type"), leadAuthority: try reader.reference("leadAuthority"),
                  coveredCountries: Set(try reader.distinctReferences("coveredCountries")),
                  dataCategories: Set(categories), purposes: Set(purposes), validity: header.validity, revision: header.revision)
        if let url = try reader.optionalString("publicVersion") {
            try Self.checkPublicVersion(url, field: reader.fieldPath("publicVersion"))
            publicVersion = url
        }
    }

    /// An `https://` URL with a host, at most 200 bytes of printable ASCII without spaces.
    static func checkPublicVersion(_ url: String, field: String) throws(RecordError) {
        guard url.utf8.count <= maximumPublicVersionLength else {
            throw RecordError(field: field, rule: .tooLong, message: "is \(url.utf8.count) bytes long; at most \(maximumPublicVersionLength) are accepted")
        }
        guard url.hasPrefix("https://"), url.utf8.count > 8, url.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw RecordError(field: field, rule: .invalidCode, message: "must be an https:// URL of printable ASCII without spaces")
        }
    }

    /// The fact as canonical JSON members; sets are written sorted.
    package var jsonValue: JSONValue {
        var members = FactHeader.members(id: id, idField: "id", revision: revision, validity: validity)
        members["type"] = .string(type.rawValue)
        members["leadAuthority"] = .string(leadAuthority)
        members["coveredCountries"] = .sortedStrings(coveredCountries)
        members["dataCategories"] = .sortedStrings(dataCategories.map(\.rawValue))
        members["purposes"] = .sortedStrings(purposes.map(\.rawValue))
        members["publicVersion"] = publicVersion.map(JSONValue.string)
        return .object(members)
    }
}

extension BcrInstrument: RegistryRecord {
    package static let kind = "bcr"
    package static let noun = "BCR"

    package func conflict(superseding earlier: BcrInstrument) -> String? {
        type == earlier.type ? nil : "a revision may not turn a BCR-\(earlier.type == .controller ? "C" : "P") into another type; record a new instrument"
    }
}

extension JSONValue {
    /// An array of the strings in ascending order, so sets encode the same way every time.
    static func sortedStrings<S: Sequence<String>>(_ strings: S) -> JSONValue {
        .array(strings.sorted().map(JSONValue.string))
    }
}
