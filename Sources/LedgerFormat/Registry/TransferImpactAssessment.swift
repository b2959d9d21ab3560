/// What a transfer impact assessment concluded (EDPB Recommendations 01/2020).
public enum TiaOutcome: String, LedgerCode {
    /// Transfers may proceed as they are.
    case proceed
    /// Transfers may proceed only with the assessment's `requiredMeasures`.
    case proceedWithSupplementaryMeasures
    /// Transfers must be suspended.
    case suspend
}

/// A documented transfer impact assessment (Schrems II; SCC Clause 14; BCR-C §5.4.1).
///
/// JSON (kind `tia`): `id`, `destination`, `importers` (entity codes it assessed), `outcome`,
/// `validFrom` (assessment date), `reviewDue` (last day it may be relied on without review),
/// optional `validUntil` (withdrawal), `requiredMeasures` (may be empty),
/// `coversSpecialCategories`, optional `revision`. A re-assessment is a new revision.
public struct TransferImpactAssessment: Hashable, Sendable {
    /// The assessment's id, as transfers cite it in `tiaRef`.
    public var id: String
    /// The destination assessed.
    public var destination: String
    /// The importers assessed.
    public var importers: Set<String>
    /// The conclusion.
    public var outcome: TiaOutcome
    /// The last day the assessment may be relied on before it must be reviewed.
    public var reviewDue: Day
    /// The supplementary measures the assessment makes a condition of the transfer.
    public var requiredMeasures: Set<SupplementaryMeasure>
    /// Whether the assessment considered Art. 9 special categories.
    public var coversSpecialCategories: Bool
    /// From the assessment date to its withdrawal, if any.
    public var validity: Validity
    /// The version number: 1, then one more for each re-assessment.
    public var revision: Int

    /// An assessment with the given facts.
    public init(id: String, destination: String, importers: Set<String>, outcome: TiaOutcome, reviewDue: Day,
                requiredMeasures: Set<SupplementaryMeasure> = [], coversSpecialCategories: Bool,
                validity: Validity, revision: Int = 1) {
        self.id = id
        self.destination = destination
        self.importers = importers
        self.outcome = outcome
        self.reviewDue = reviewDue
        self.requiredMeasures = requiredMeasures
        self.coversSpecialCategories = coversSpecialCategories
        self.validity = validity
        self.revision = revision
    }

    static let fields: Set<String> = FactHeader.fields.union(
        ["id", "destination", "importers", "outcome", "reviewDue", "requiredMeasures", "coversSpecialCategories"])

    /// Reads an assessment fact; its review cannot fall due before it was made.
    package init(json: JSONValue) throws(RecordError) {
        let reader = try FieldReader.object(json, expected: "a transfer impact assessment")
        try reader.rejectUnknown(allowed: Self.fields)
        let header = try FactHeader(reader, idField: "id")
        let measures: [SupplementaryMeasure] = try reader.distinctCodes("requiredMeasures", mayBeEmpty: true)
        self.init(id: header.id, destination: try reader.reference("destination"),
                  importers: Set(try reader.distinctReferences("importers")), outcome: try reader.code("outcome"),
                  reviewDue: try reader.day("reviewDue"), requiredMeasures: Set(measures),
                  coversSpecialCategories: try reader.bool("coversSpecialCategories"),
                  validity: header.validity, revision: header.revision)
        guard reviewDue >= validity.from else {
            throw RecordError(field: "reviewDue", rule: .windowBeforeStart, message: "\(reviewDue) is before the assessment date \(validity.from)")
        }
    }

    /// The fact as canonical JSON members; sets are written sorted.
    package var jsonValue: JSONValue {
        var members = FactHeader.members(id: id, idField: "id", revision: revision, validity: validity)
        members["destination"] = .string(destination)
        members["importers"] = .sortedStrings(importers)
        members["outcome"] = .string(outcome.rawValue)
        members["reviewDue"] = .string(reviewDue.description)
        members["requiredMeasures"] = .sortedStrings(requiredMeasures.map(\.rawValue))
        members["coversSpecialCategories"] = .bool(coversSpecialCategories)
        return .object(members)
    }
}

extension TransferImpactAssessment: RegistryRecord {
    package static let kind = "tia"
    package static let noun = "TIA"
}
