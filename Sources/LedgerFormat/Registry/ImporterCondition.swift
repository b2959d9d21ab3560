/// A fact about an importer that an adequacy decision's scope can depend on, spelt as the
/// `importer_conditions` codes of `Schema/regions.json`, plus the DPF coverage and Art. 3(2) flags.
///
/// `DPF_COVERS_DATA_TYPE` in regions.json is not recordable: the engine derives it from the
/// transfer's data (HR or non-HR) and the importer's `DPF_COVERS_HR` / `DPF_COVERS_NON_HR`.
public enum ImporterCondition: String, LedgerCode {
    /// Actively certified on the EU-US Data Privacy Framework List.
    case dpfCertifiedActive = "DPF_CERTIFIED_ACTIVE"
    /// The DPF certification covers HR data.
    case dpfCoversHR = "DPF_COVERS_HR"
    /// The DPF certification covers non-HR data.
    case dpfCoversNonHR = "DPF_COVERS_NON_HR"
    /// Self-certified under the US Safe Harbour Privacy Principles (Decision 2000/520/EC, until 2015-10-05).
    case safeHarbourCertified = "SAFE_HARBOUR_CERTIFIED"
    /// Self-certified on the EU-US Privacy Shield List (Decision (EU) 2016/1250, until 2020-07-15).
    case privacyShieldCertified = "PRIVACY_SHIELD_CERTIFIED"
    /// Subject to PIPEDA (Canada, commercial activities).
    case subjectToPIPEDA = "SUBJECT_TO_PIPEDA"
    /// A private-sector personal information handling business operator under the APPI (Japan).
    case privateSectorAPPI = "PRIVATE_SECTOR_APPI"
    /// Bound by the Japanese Supplementary Rules.
    case supplementaryRulesApply = "SUPPLEMENTARY_RULES_APPLY"
    /// Subject to PIPA (Korea).
    case subjectToPIPA = "SUBJECT_TO_PIPA"
    /// Not processing credit information as an FSC-supervised entity (Korea).
    case notCreditInfoFSCSupervised = "NOT_CREDIT_INFO_FSC_SUPERVISED"
    /// Not a religious organisation processing for missionary purposes (Korea).
    case notReligiousMissionary = "NOT_RELIGIOUS_MISSIONARY"
    /// Not a political party processing for candidate nominations (Korea).
    case notPoliticalPartyNomination = "NOT_POLITICAL_PARTY_NOMINATION"
    /// Processes the data automatically (Israel).
    case automatedProcessing = "AUTOMATED_PROCESSING"
    /// Located in the State of Israel within the pre-1967 lines.
    case locatedInStateOfIsraelPre1967 = "LOCATED_IN_STATE_OF_ISRAEL_PRE_1967"
    /// Subject to the LGPD (Brazil).
    case subjectToLGPD = "SUBJECT_TO_LGPD"
    /// The importer is the European Patent Organisation.
    case importerIsEPO = "IMPORTER_IS_EPO"
    /// The importer is itself subject to the GDPR under Art. 3(2) (SCC recital 7).
    case subjectToGDPRArt3_2 = "SUBJECT_TO_GDPR_ART3_2"
}

/// The importer conditions an entity satisfies over a period, e.g. its DPF certification.
///
/// JSON (kind `importerAttributes`): `entity`, `conditions` (codes of `ImporterCondition`, may be
/// empty), `validFrom`, optional `validUntil`, optional `revision`. The entity code is the identity:
/// a lapse or a new certification is a new revision of the same entity's attributes.
public struct ImporterAttributes: Hashable, Sendable {
    /// The entity the attributes describe.
    public var entity: String
    /// The conditions it satisfies while the fact holds.
    public var conditions: Set<ImporterCondition>
    /// The days the attributes hold.
    public var validity: Validity
    /// The version number: 1, then one more for each superseding fact.
    public var revision: Int

    /// Attributes with the given facts.
    public init(entity: String, conditions: Set<ImporterCondition>, validity: Validity, revision: Int = 1) {
        self.entity = entity
        self.conditions = conditions
        self.validity = validity
        self.revision = revision
    }

    static let fields: Set<String> = FactHeader.fields.union(["entity", "conditions"])

    /// Reads an attributes fact, rejecting unknown condition codes.
    package init(json: JSONValue) throws(RecordError) {
        let reader = try FieldReader.object(json, expected: "importer attributes")
        try reader.rejectUnknown(allowed: Self.fields)
        let header = try FactHeader(reader, idField: "entity")
        let conditions: [ImporterCondition] = try reader.distinctCodes("conditions", mayBeEmpty: true)
        self.init(entity: header.id, conditions: Set(conditions), validity: header.validity, revision: header.revision)
    }

    /// The fact as canonical JSON members; conditions are written sorted.
    package var jsonValue: JSONValue {
        var members = FactHeader.members(id: entity, idField: "entity", revision: revision, validity: validity)
        members["conditions"] = .sortedStrings(conditions.map(\.rawValue))
        return .object(members)
    }
}

extension ImporterAttributes: RegistryRecord {
    package static let kind = "importerAttributes"
    package static let noun = "importer attributes of"
    package var id: String { entity }
}
