/// Whether a controller authorised one sub-processor specifically or sub-processors generally (Art. 28(2)).
public enum AuthorisationType: String, LedgerCode {
    /// This sub-processor, named.
    case specific
    /// Sub-processors generally, each added after notice and an objection period.
    case general
}

/// A controller's written authorisation for a processor to engage a sub-processor (Art. 28(2),(4); SCC Clause 9).
///
/// JSON (kind `subprocessorAuthorisation`): `id`, `controller`, `processor` (the engaging processor),
/// `subProcessor`, `type` (`specific` | `general`), for `general` also `noticeDate` (the day the
/// controller was told of the addition) and `objectionPeriodDays`; `validFrom`, optional
/// `validUntil`, optional `revision`. Under a general authorisation the sub-processor may receive
/// data only from the day after the objection period ends: notice day + period + 1.
public struct SubprocessorAuthorisation: Hashable, Sendable {
    /// The authorisation's id.
    public var id: String
    /// The controller that authorises.
    public var controller: String
    /// The processor that engages the sub-processor.
    public var processor: String
    /// The authorised sub-processor.
    public var subProcessor: String
    /// Specific or general.
    public var type: AuthorisationType
    /// For a general authorisation: the day the controller was notified of this sub-processor.
    public var noticeDate: Day?
    /// For a general authorisation: how many days the controller has to object.
    public var objectionPeriodDays: Int?
    /// The days the authorisation holds.
    public var validity: Validity
    /// The version number: 1, then one more for each superseding fact (e.g. a withdrawal).
    public var revision: Int

    /// An authorisation with the given facts.
    public init(id: String, controller: String, processor: String, subProcessor: String, type: AuthorisationType,
                noticeDate: Day? = nil, objectionPeriodDays: Int? = nil, validity: Validity, revision: Int = 1) {
        self.id = id
        self.controller = controller
        self.processor = processor
        self.subProcessor = subProcessor
        self.type = type
        self.noticeDate = noticeDate
        self.objectionPeriodDays = objectionPeriodDays
        self.validity = validity
        self.revision = revision
    }

    /// The first day the sub-processor may receive data: the later of `validFrom` and, for a
    /// general authorisation, the day after the objection period ends.
    public var usableFrom: Day {
        guard type == .general, let noticeDate, let objectionPeriodDays else { return validity.from }
        return max(validity.from, noticeDate.adding(days: Int64(objectionPeriodDays) + 1))
    }

    static let fields: Set<String> = FactHeader.fields.union(
        ["id", "controller", "processor", "subProcessor", "type", "noticeDate", "objectionPeriodDays"])

    /// Reads an authorisation fact; a general one must give its notice date and objection period.
    package init(json: JSONValue) throws(RecordError) {
        let reader = try FieldReader.object(json, expected: "a sub-processor authorisation")
        try reader.rejectUnknown(allowed: Self.fields)
        let header = try FactHeader(reader, idField: "id")
        let type: AuthorisationType = try reader.code("type")
        let general = type == .general
        for name in ["noticeDate", "objectionPeriodDays"] where reader.has(name) != general {
            throw RecordError(field: name, rule: general ? .missingField : .unknownField,
                              message: general ? "is mandatory for a general authorisation" : "applies only to a general authorisation")
        }
        self.init(id: header.id, controller: try reader.reference("controller"), processor: try reader.reference("processor"),
                  subProcessor: try reader.reference("subProcessor"), type: type,
                  noticeDate: general ? try reader.day("noticeDate") : nil,
                  objectionPeriodDays: general ? try reader.integer("objectionPeriodDays", in: 0...3_650) : nil,
                  validity: header.validity, revision: header.revision)
        if processor == subProcessor {
            throw RecordError(field: "subProcessor", rule: .duplicateValue, message: "'\(processor)' cannot sub-contract to itself")
        }
    }

    /// The fact as canonical JSON members.
    package var jsonValue: JSONValue {
        var members = FactHeader.members(id: id, idField: "id", revision: revision, validity: validity)
        members["controller"] = .string(controller)
        members["processor"] = .string(processor)
        members["subProcessor"] = .string(subProcessor)
        members["type"] = .string(type.rawValue)
        members["noticeDate"] = noticeDate.map { .string($0.description) }
        members["objectionPeriodDays"] = objectionPeriodDays.map { .integer(Int64($0)) }
        return .object(members)
    }
}

extension SubprocessorAuthorisation: RegistryRecord {
    package static let kind = "subprocessorAuthorisation"
    package static let noun = "sub-processor authorisation"
}
