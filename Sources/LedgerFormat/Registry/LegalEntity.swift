/// A legal entity of the group or an external party (vendor, client), identified by its registry code.
///
/// JSON (kind `entity`): `code`, `legalName`, `country` (ISO 3166-1 alpha-2 of establishment),
/// `groupMember` (true for members of the group of undertakings), `validFrom`, optional `validUntil`
/// (dates `YYYY-MM-DD`, inclusive) and optional `revision` (1 when absent).
public struct LegalEntity: Hashable, Sendable {
    /// The stable registry code transfers use, such as `GRP-FR`.
    public var code: String
    /// The registered legal name.
    public var legalName: String
    /// The ISO 3166-1 alpha-2 country of establishment.
    public var country: String
    /// Whether the entity belongs to the group (and can therefore be bound by its BCRs).
    public var groupMember: Bool
    /// The days this version of the entity's facts holds.
    public var validity: Validity
    /// The version number: 1, then one more for each superseding fact.
    public var revision: Int

    /// An entity with the given facts.
    public init(code: String, legalName: String, country: String, groupMember: Bool, validity: Validity, revision: Int = 1) {
        self.code = code
        self.legalName = legalName
        self.country = country
        self.groupMember = groupMember
        self.validity = validity
        self.revision = revision
    }

    static let fields: Set<String> = FactHeader.fields.union(["code", "legalName", "country", "groupMember"])

    /// Reads an entity fact, rejecting unknown members, wrong types and malformed codes or dates.
    package init(json: JSONValue) throws(RecordError) {
        let reader = try FieldReader.object(json, expected: "an entity")
        try reader.rejectUnknown(allowed: Self.fields)
        let header = try FactHeader(reader, idField: "code")
        self.init(code: header.id, legalName: try reader.text("legalName"), country: try reader.reference("country"),
                  groupMember: try reader.bool("groupMember"), validity: header.validity, revision: header.revision)
    }

    /// The fact as canonical JSON members.
    package var jsonValue: JSONValue {
        var members = FactHeader.members(id: code, idField: "code", revision: revision, validity: validity)
        members["legalName"] = .string(legalName)
        members["country"] = .string(country)
        members["groupMember"] = .bool(groupMember)
        return .object(members)
    }
}

extension LegalEntity: RegistryRecord {
    package static let kind = "entity"
    package static let noun = "entity"
    package var id: String { code }
}
