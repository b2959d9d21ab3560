/// A period during which one group entity is bound by one BCR instrument.
///
/// JSON (kind `membership`): `id`, `entity`, `instrument`, `validFrom` (bound from: the day the
/// entity is effectively bound), optional `validUntil` (bound until: last day bound), optional
/// `revision`. An entity that leaves and rejoins gets a second membership with a new id.
public struct BcrMembership: Hashable, Sendable {
    /// The membership's id.
    public var id: String
    /// The bound entity's code.
    public var entity: String
    /// The BCR instrument's id.
    public var instrument: String
    /// The days the entity is bound.
    public var validity: Validity
    /// The version number: 1, then one more for each superseding fact (e.g. recording an exit).
    public var revision: Int

    /// A membership with the given facts.
    public init(id: String, entity: String, instrument: String, validity: Validity, revision: Int = 1) {
        self.id = id
        self.entity = entity
        self.instrument = instrument
        self.validity = validity
        self.revision = revision
    }

    static let fields: Set<String> = FactHeader.fields.union(["id", "entity", "instrument"])

    /// Reads a membership fact, rejecting unknown members, wrong types and malformed codes or dates.
    package init(json: JSONValue) throws(RecordError) {
        let reader = try FieldReader.object(json, expected: "a BCR membership")
        try reader.rejectUnknown(allowed: Self.fields)
        let header = try FactHeader(reader, idField: "id")
        self.init(id: header.id, entity: try reader.reference("entity"), instrument: try reader.reference("instrument"),
                  validity: header.validity, revision: header.revision)
    }

    /// The fact as canonical JSON members.
    package var jsonValue: JSONValue {
        var members = FactHeader.members(id: id, idField: "id", revision: revision, validity: validity)
        members["entity"] = .string(entity)
        members["instrument"] = .string(instrument)
        return .object(members)
    }
}

extension BcrMembership: RegistryRecord {
    package static let kind = "membership"
    package static let noun = "membership"

    package func conflict(superseding earlier: BcrMembership) -> String? {
        entity == earlier.entity && instrument == earlier.instrument
            ? nil : "a revision may not change the entity or the instrument; record a new membership"
    }
}
