/// One fact of the group registry, as recorded in a chained entry of kind `kind`.
///
/// Facts are decoded strictly, validated structurally, and then applied to a `Registry` in chain
/// order; corrections are new facts with the next `revision`, never edits.
public enum RegistryFact: Hashable, Sendable {
    /// An entity of the group or an external party.
    case entity(LegalEntity)
    /// An approved BCR instrument.
    case bcr(BcrInstrument)
    /// A period an entity is bound by a BCR.
    case membership(BcrMembership)
    /// SCCs, an Art. 28 contract, an intra-group or a client service agreement.
    case agreement(Agreement)
    /// A controller's authorisation of a sub-processor.
    case subprocessorAuthorisation(SubprocessorAuthorisation)
    /// A transfer impact assessment.
    case tia(TransferImpactAssessment)
    /// The adequacy-relevant attributes of an importer.
    case importerAttributes(ImporterAttributes)
    /// The documented assessment behind an Art. 49 derogation.
    case derogationAssessment(DerogationAssessment)
    /// How long private documents are kept.
    case retentionPolicy(RetentionPolicy)
    /// The group's legal name and data protection contact point.
    case group(GroupIdentity)

    /// Every registry kind name, in the order a registry is usually built.
    public static let kinds: [String] = [
        LegalEntity.kind, BcrInstrument.kind, BcrMembership.kind, Agreement.kind, SubprocessorAuthorisation.kind,
        TransferImpactAssessment.kind, ImporterAttributes.kind, DerogationAssessment.kind, RetentionPolicy.kind,
        GroupIdentity.kind,
    ]

    /// Decodes a fact of kind `kind` from its JSON object.
    public init(kind: String, json: JSONValue) throws(RecordError) {
        switch kind {
        case LegalEntity.kind: self = .entity(try LegalEntity(json: json))
        case BcrInstrument.kind: self = .bcr(try BcrInstrument(json: json))
        case BcrMembership.kind: self = .membership(try BcrMembership(json: json))
        case Agreement.kind: self = .agreement(try Agreement(json: json))
        case SubprocessorAuthorisation.kind: self = .subprocessorAuthorisation(try SubprocessorAuthorisation(json: json))
        case TransferImpactAssessment.kind: self = .tia(try TransferImpactAssessment(json: json))
        case ImporterAttributes.kind: self = .importerAttributes(try ImporterAttributes(json: json))
        case DerogationAssessment.kind: self = .derogationAssessment(try DerogationAssessment(json: json))
        case RetentionPolicy.kind: self = .retentionPolicy(try RetentionPolicy(json: json))
        case GroupIdentity.kind: self = .group(try GroupIdentity(json: json))
        default:
            throw RecordError(field: "kind", rule: .unknownValue,
                              message: "'\(kind)' is not one of \(Self.kinds.joined(separator: ", "))")
        }
    }

    /// Decodes a fact of kind `kind` from JSON text or bytes (strict RFC 8259).
    public init(kind: String, bytes: [UInt8]) throws(RecordError) {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            throw RecordError(field: "", rule: .syntax, message: "\(error)")
        }
        try self.init(kind: kind, json: json)
    }

    /// The stable kind name, e.g. `membership`; use it as the entry kind.
    public var kind: String { record.kindName }

    /// The fact's identity within its kind (entity code for `entity` and `importerAttributes`).
    public var id: String { record.id }

    /// The fact's revision number.
    public var revision: Int { record.revision }

    /// The days the fact is in force.
    public var validity: Validity { record.validity }

    /// The fact as a JSON object, ready for `CanonicalJSON.encode`.
    package var jsonValue: JSONValue {
        switch self {
        case .entity(let fact): fact.jsonValue
        case .bcr(let fact): fact.jsonValue
        case .membership(let fact): fact.jsonValue
        case .agreement(let fact): fact.jsonValue
        case .subprocessorAuthorisation(let fact): fact.jsonValue
        case .tia(let fact): fact.jsonValue
        case .importerAttributes(let fact): fact.jsonValue
        case .derogationAssessment(let fact): fact.jsonValue
        case .retentionPolicy(let fact): fact.jsonValue
        case .group(let fact): fact.jsonValue
        }
    }

    /// The canonical JSON bytes of the fact: what the entry stores and hashes.
    package var canonicalBytes: [UInt8] { CanonicalJSON.encode(jsonValue) }

    /// The fact named for messages, such as `membership M-MA-1 (revision 2)`.
    public var label: String { record.labelText }

    private var record: any RegistryRecordBox {
        switch self {
        case .entity(let fact): fact
        case .bcr(let fact): fact
        case .membership(let fact): fact
        case .agreement(let fact): fact
        case .subprocessorAuthorisation(let fact): fact
        case .tia(let fact): fact
        case .importerAttributes(let fact): fact
        case .derogationAssessment(let fact): fact
        case .retentionPolicy(let fact): fact
        case .group(let fact): fact
        }
    }
}

/// Type-erased access to the shared members of every fact kind.
private protocol RegistryRecordBox {
    var kindName: String { get }
    var id: String { get }
    var revision: Int { get }
    var validity: Validity { get }
    var labelText: String { get }
}

extension LegalEntity: RegistryRecordBox {}
extension BcrInstrument: RegistryRecordBox {}
extension BcrMembership: RegistryRecordBox {}
extension Agreement: RegistryRecordBox {}
extension SubprocessorAuthorisation: RegistryRecordBox {}
extension TransferImpactAssessment: RegistryRecordBox {}
extension ImporterAttributes: RegistryRecordBox {}
extension DerogationAssessment: RegistryRecordBox {}
extension RetentionPolicy: RegistryRecordBox {}
extension GroupIdentity: RegistryRecordBox {}

extension RegistryRecord {
    var kindName: String { Self.kind }
    var labelText: String { label }
}
