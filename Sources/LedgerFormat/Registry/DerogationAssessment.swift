/// The documented assessment behind an Art. 49 derogation (EDPB Guidelines 2/2018), cited as `mechanismRef`.
///
/// JSON (kind `derogationAssessment`): `id`, `ground` (one of the `derogation…` mechanisms),
/// `exporter`, `importer`, `validFrom`, optional `validUntil`, optional `revision`, `occasional`
/// (the assessment found the transfers occasional and not repetitive), optional
/// `art46UnavailableReason` (why no Art. 46 tool could be used), optional `evidenceRefs` (per ground:
/// consent and risk information, contract, legal basis, claim, incapacity, register; see R10;
/// authority notification and data-subject information for compelling legitimate interests, R11),
/// optional `wholeRegister` (ground g), optional `exporterIsPublicAuthority` (Art. 49(3)),
/// optional `exceptionApprovalRef` (the DPO's approval for special categories).
public struct DerogationAssessment: Hashable, Sendable {
    /// The evidence a derogation ground needs, by kind.
    public enum Evidence: String, LedgerCode {
        /// The data subject's explicit consent (ground a).
        case consent
        /// The information on the risks given before consent (ground a).
        case riskInformation
        /// The contract the transfer is necessary for (grounds b and c).
        case contract
        /// The Union or member state law recognising the public interest (ground d).
        case legalBasis
        /// The legal claim (ground e).
        case claim
        /// Why the data subject cannot give consent (ground f).
        case incapacity
        /// The public register and its access conditions (ground g).
        case register
        /// Compelling legitimate interests (R11): the supervisory authority's notification, and the
        /// information given to the data subjects (Art. 49(1) second subparagraph).
        case authorityNotification, dataSubjectInformation
    }

    /// The assessment's id.
    public var id: String
    /// The derogation it assesses; always a mechanism of family `DEROGATION_49`.
    public var ground: TransferMechanism
    /// The exporter assessed.
    public var exporter: String
    /// The importer assessed.
    public var importer: String
    /// Whether the assessment found the transfers occasional.
    public var occasional: Bool
    /// Why no Art. 46 tool was available, with its reference.
    public var art46UnavailableReason: String?
    /// References to the evidence, by kind.
    public var evidenceRefs: [Evidence: String]
    /// Ground (g): whether the whole register, or whole categories of it, is transferred.
    public var wholeRegister: Bool
    /// Whether the exporter acts as a public authority exercising public powers.
    public var exporterIsPublicAuthority: Bool
    /// The DPO's exception approval, needed for special categories under a derogation.
    public var exceptionApprovalRef: String?
    /// The days the assessment may be relied on.
    public var validity: Validity
    /// The version number: 1, then one more for each superseding fact.
    public var revision: Int

    /// An assessment with the given facts.
    public init(id: String, ground: TransferMechanism, exporter: String, importer: String, occasional: Bool,
                art46UnavailableReason: String? = nil, evidenceRefs: [Evidence: String] = [:], wholeRegister: Bool = false,
                exporterIsPublicAuthority: Bool = false, exceptionApprovalRef: String? = nil, validity: Validity, revision: Int = 1) {
        self.id = id
        self.ground = ground
        self.exporter = exporter
        self.importer = importer
        self.occasional = occasional
        self.art46UnavailableReason = art46UnavailableReason
        self.evidenceRefs = evidenceRefs
        self.wholeRegister = wholeRegister
        self.exporterIsPublicAuthority = exporterIsPublicAuthority
        self.exceptionApprovalRef = exceptionApprovalRef
        self.validity = validity
        self.revision = revision
    }

    static let fields: Set<String> = FactHeader.fields.union(
        ["id", "ground", "exporter", "importer", "occasional", "art46UnavailableReason", "evidenceRefs",
         "wholeRegister", "exporterIsPublicAuthority", "exceptionApprovalRef"])

    /// Reads an assessment fact; its ground must be an Art. 49 derogation.
    package init(json: JSONValue) throws(RecordError) {
        let reader = try FieldReader.object(json, expected: "a derogation assessment")
        try reader.rejectUnknown(allowed: Self.fields)
        let header = try FactHeader(reader, idField: "id")
        let ground: TransferMechanism = try reader.code("ground")
        guard ground.family == .derogation49 else {
            throw RecordError(field: "ground", rule: .unknownValue, message: "'\(ground.rawValue)' is not an Art. 49 derogation")
        }
        var evidence: [Evidence: String] = [:]
        if reader.has("evidenceRefs") {
            guard case .object(let members) = try reader.value("evidenceRefs") else {
                throw RecordError(field: "evidenceRefs", rule: .wrongType, message: "must be an object {kind: reference}")
            }
            let inner = FieldReader(members: members, path: "evidenceRefs")
            try inner.rejectUnknown(allowed: Set(Evidence.allCases.map(\.rawValue)))
            for kind in Evidence.allCases where inner.has(kind.rawValue) {
                evidence[kind] = try inner.text(kind.rawValue)
            }
        }
        self.init(id: header.id, ground: ground, exporter: try reader.reference("exporter"), importer: try reader.reference("importer"),
                  occasional: try reader.bool("occasional"), art46UnavailableReason: try reader.optionalText("art46UnavailableReason"),
                  evidenceRefs: evidence, wholeRegister: reader.has("wholeRegister") ? try reader.bool("wholeRegister") : false,
                  exporterIsPublicAuthority: reader.has("exporterIsPublicAuthority") ? try reader.bool("exporterIsPublicAuthority") : false,
                  exceptionApprovalRef: try reader.optionalText("exceptionApprovalRef"),
                  validity: header.validity, revision: header.revision)
    }

    /// The fact as canonical JSON members; booleans are always written, absent references omitted.
    package var jsonValue: JSONValue {
        var members = FactHeader.members(id: id, idField: "id", revision: revision, validity: validity)
        members["ground"] = .string(ground.rawValue)
        members["exporter"] = .string(exporter)
        members["importer"] = .string(importer)
        members["occasional"] = .bool(occasional)
        members["art46UnavailableReason"] = art46UnavailableReason.map(JSONValue.string)
        if !evidenceRefs.isEmpty {
            members["evidenceRefs"] = .object(JSONObject(Dictionary(uniqueKeysWithValues: evidenceRefs.map { ($0.key.rawValue, JSONValue.string($0.value)) })))
        }
        members["wholeRegister"] = .bool(wholeRegister)
        members["exporterIsPublicAuthority"] = .bool(exporterIsPublicAuthority)
        members["exceptionApprovalRef"] = exceptionApprovalRef.map(JSONValue.string)
        return .object(members)
    }
}

extension DerogationAssessment: RegistryRecord {
    package static let kind = "derogationAssessment"
    package static let noun = "derogation assessment"
}
