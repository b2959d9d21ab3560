/// One party to a transfer: a registered entity and the role it plays in this transfer.
public struct Party: Hashable, Sendable {
    /// The entity's code in the group registry, for example `GRP-FR`.
    public var entity: String
    /// The entity's GDPR role in this transfer.
    public var role: PartyRole

    /// A party with the given entity code and role.
    public init(entity: String, role: PartyRole) {
        self.entity = entity
        self.role = role
    }
}

/// A personal-data transfer as a service reports it: the public input contract of the ledger.
///
/// The field names and codes are those of `Schema/transfer.schema.json`; the ledger adds what it
/// derives (the destination's region) and never lets a caller supply it.
public struct Transfer: Hashable, Sendable {
    /// When the transfer happened, or when its window started.
    public var occurredAt: Timestamp
    /// The party sending the data.
    public var exporter: Party
    /// The party receiving the data.
    public var importer: Party
    /// ISO 3166-1 alpha-2 country code, or an international organisation's code such as `INT-EPO`.
    public var destination: String
    /// The legal basis under GDPR Chapter V.
    public var mechanism: TransferMechanism
    /// Why the data is transferred; at least one.
    public var purposes: [Purpose]
    /// What kinds of personal data are transferred; at least one.
    public var dataCategories: [DataCategory]
    /// Whose data is transferred; at least one.
    public var subjectCategories: [SubjectCategory]
    /// Art. 9 special categories included; may be empty.
    public var specialCategories: [SpecialCategory]
    /// Whether Art. 10 criminal-offence data is included.
    public var criminalData: Bool
    /// Approximately how many data subjects are concerned.
    public var subjectCount: CountBand
    /// The id of the service that logged the transfer (never a person's name).
    public var loggedBy: String
    /// The caller's de-duplication key: recording the same key twice records once.
    public var idempotencyKey: String

    /// The decision, BCR, agreement or assessment the mechanism rests on.
    public var mechanismRef: String?
    /// The end of the window, for transfers logged per window.
    public var windowEnd: Timestamp?
    /// Initial transfer, onward transfer or remote access; `initial` when not given.
    public var transferKind: TransferKind
    /// How often the flow runs.
    public var frequency: Frequency?
    /// The controller on whose behalf a processor acts.
    public var onBehalfOf: String?
    /// The SCC module, for `sccCommission` transfers.
    public var sccModule: SccModule?
    /// The transfer impact assessment relied on.
    public var tiaRef: String?
    /// Supplementary measures applied.
    public var supplementaryMeasures: [SupplementaryMeasure]?
    /// The Art. 9(2) condition, when special categories are included.
    public var art9Condition: Art9Condition?
    /// The Art. 10 basis, when criminal-offence data is included.
    public var art10Basis: String?
    /// The sequence number of the transfer this one is an onward transfer of.
    public var parent: UInt64?
    /// Registry documents relied on besides the mechanism: contracts, processor instructions and, for a
    /// sub-processor, the controller's sub-processor authorisation (R13).
    public var contractRefs: [String]?
    /// Free text for the record; never included in external reports.
    public var notes: String?
    /// Pseudonymous links to the data subjects concerned, when the service opts in (FORMAT.md §4.7):
    /// stored outside the chain, which commits to each by a salted digest, and never exported.
    public var subjectLinks: [SubjectToken]?

    /// A transfer with every mandatory field; set optional fields afterwards.
    public init(
        occurredAt: Timestamp, exporter: Party, importer: Party, destination: String,
        mechanism: TransferMechanism, purposes: [Purpose], dataCategories: [DataCategory],
        subjectCategories: [SubjectCategory], specialCategories: [SpecialCategory] = [],
        criminalData: Bool = false, subjectCount: CountBand, loggedBy: String, idempotencyKey: String
    ) {
        self.occurredAt = occurredAt
        self.exporter = exporter
        self.importer = importer
        self.destination = destination
        self.mechanism = mechanism
        self.purposes = purposes
        self.dataCategories = dataCategories
        self.subjectCategories = subjectCategories
        self.specialCategories = specialCategories
        self.criminalData = criminalData
        self.subjectCount = subjectCount
        self.loggedBy = loggedBy
        self.idempotencyKey = idempotencyKey
        self.transferKind = .initial
    }
}
