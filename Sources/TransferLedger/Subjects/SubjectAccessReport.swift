import LedgerFormat

/// The answer to a data subject's access request about transfers (GDPR Art. 15(1)(c) and 15(2)):
/// which recipients received which categories of their data, in which countries, under which
/// safeguard, for which purposes and when. It names no other person and holds nothing a service
/// keeps private (idempotency keys, logging services, notes, subject tokens).
public struct SubjectAccessReport: Sendable, Equatable {
    /// What the answer is about.
    public enum Scope: Sendable, Equatable {
        /// Everyone of a category (employees, customers, …) whose data an exporter transfers: the answer
        /// every ledger can give, flow by flow.
        case category(exporter: String, subjectCategory: SubjectCategory)
        /// One person, found through their subject links: transfer by transfer.
        case subject
    }

    /// What the answer is about.
    public var scope: Scope
    /// The exporter's legal name, for a category answer (nil when the registry does not know it).
    public var controllerName: String?
    /// The first and last instants asked about (inclusive); nil when open.
    public var from: Timestamp?
    /// The last instant asked about (inclusive); nil when open.
    public var to: Timestamp?
    /// When the answer was made.
    public var generatedAt: Timestamp
    /// What was disclosed, flow by flow (category) or transfer by transfer (subject), in order of
    /// the first transfer.
    public var disclosures: [Disclosure]

    /// An answer with the given parts.
    public init(scope: Scope, controllerName: String?, from: Timestamp?, to: Timestamp?, generatedAt: Timestamp, disclosures: [Disclosure]) {
        self.scope = scope
        self.controllerName = controllerName
        self.from = from
        self.to = to
        self.generatedAt = generatedAt
        self.disclosures = disclosures
    }

    /// One recipient in one country under one safeguard: for a category answer every transfer of the
    /// flow, for a subject answer one transfer.
    public struct Disclosure: Sendable, Equatable {
        /// Who sent the data (the exporter) and who received it.
        public var exporter: Organisation
        /// The recipient (the importer), named only as far as the registry names it.
        public var recipient: Organisation
        /// The destination country (ISO 3166-1 alpha-2) or international organisation code, with its name.
        public var destination: String
        /// The destination's name in English, as the region table gives it.
        public var destinationName: String
        /// The legal ground of the transfer.
        public var safeguard: Safeguard
        /// The purposes and the categories of data, in the contract's order, over every transfer counted.
        public var purposes: [Purpose]
        /// The categories of data transferred.
        public var dataCategories: [DataCategory]
        /// The special categories (Art. 9) among them; empty when there were none.
        public var specialCategories: [SpecialCategory]
        /// The first transfer's `occurredAt` and the last transfer's end (`windowEnd`, else `occurredAt`).
        public var firstTransfer: Timestamp
        /// The end of the last transfer this line counts.
        public var lastTransfer: Timestamp
        /// How many transfers this line counts.
        public var transfers: Int
    }

    /// A party as a data subject is told of it: its legal name from the registry, or, when the
    /// registry does not name it, only the category of recipient (its role).
    public struct Organisation: Sendable, Equatable {
        /// The registered legal name; nil when the registry does not know the entity.
        public var legalName: String?
        /// Its country of establishment, when known.
        public var country: String?
        /// Its role in the transfer: controller, joint controller, processor or sub-processor.
        public var role: PartyRole
        /// Whether it belongs to the group (false also when unknown).
        public var groupMember: Bool
    }

    /// The safeguard a transfer rests on, with what Art. 15(2) and 13(1)(f) ask to be said of it.
    public struct Safeguard: Sendable, Hashable {
        /// The mechanism as recorded.
        public var mechanism: TransferMechanism
        /// The adequacy decision, or the BCR's id; nil for other mechanisms.
        public var reference: String?
        /// The SCC module, for SCC 2021/914.
        public var sccModule: SccModule?
        /// A BCR's lead supervisory authority.
        public var leadAuthority: String?
        /// Where a BCR's public version is obtained (the registry's `publicVersion`).
        public var publicVersion: String?
        /// The safeguard in one plain sentence.
        public var summary: String
    }
}
