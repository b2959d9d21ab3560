/// The group registry in memory: every fact applied so far, indexed for temporal lookups.
///
/// Build it by calling `apply(_:)` with each registry entry in chain order; a fact that contradicts
/// what is already known is refused with a `RecordError` and leaves the registry unchanged. Every
/// lookup is a dictionary access plus a walk over that id's few versions, never a scan of the
/// registry, so the policy engine can consult it on every append. See `Timeline` for how a
/// revision supersedes earlier versions from its `validFrom` day.
package struct Registry: Sendable {
    /// The region table that checks country and destination codes when `apply` is given none; a
    /// ledger passes the table in force when each fact is recorded, which may be an adopted one.
    public let referenceData: ReferenceData

    var entities: [String: Timeline<LegalEntity>] = [:]
    var instruments: [String: Timeline<BcrInstrument>] = [:]
    var memberships: [String: Timeline<BcrMembership>] = [:]
    var agreements: [String: Timeline<Agreement>] = [:]
    var authorisations: [String: Timeline<SubprocessorAuthorisation>] = [:]
    var assessments: [String: Timeline<TransferImpactAssessment>] = [:]
    var attributes: [String: Timeline<ImporterAttributes>] = [:]
    var derogations: [String: Timeline<DerogationAssessment>] = [:]
    var retentionPolicies: [String: Timeline<RetentionPolicy>] = [:]
    var groups: [String: Timeline<GroupIdentity>] = [:]

    /// Membership ids per (entity, instrument), so "is X bound by Y on day d" never scans.
    var membershipIndex: [MembershipKey: [String]] = [:]
    /// Which kind each document id (everything but entity codes) belongs to: ids are unique across kinds.
    var documentKinds: [String: String] = [:]

    /// The number of facts applied.
    public private(set) var factCount = 0

    /// An empty registry checking codes against `referenceData`.
    public init(referenceData: ReferenceData = .embedded) {
        self.referenceData = referenceData
    }

    /// Applies `fact` as the next registry entry, its codes checked against `table` (the region table
    /// in force when it is recorded; `referenceData` when nil), or throws the contradiction and
    /// changes nothing.
    public mutating func apply(_ fact: RegistryFact, codesIn table: ReferenceData? = nil) throws(RecordError) {
        try check(fact, codesIn: table)
        switch fact {
        case .entity(let fact): Self.insert(fact, into: &entities)
        case .bcr(let fact): Self.insert(fact, into: &instruments)
        case .membership(let fact):
            if Self.insert(fact, into: &memberships) {
                membershipIndex[MembershipKey(entity: fact.entity, instrument: fact.instrument), default: []].append(fact.id)
            }
        case .agreement(let fact): Self.insert(fact, into: &agreements)
        case .subprocessorAuthorisation(let fact): Self.insert(fact, into: &authorisations)
        case .tia(let fact): Self.insert(fact, into: &assessments)
        case .importerAttributes(let fact): Self.insert(fact, into: &attributes)
        case .derogationAssessment(let fact): Self.insert(fact, into: &derogations)
        case .retentionPolicy(let fact): Self.insert(fact, into: &retentionPolicies)
        case .group(let fact): Self.insert(fact, into: &groups)
        }
        if fact.kind != LegalEntity.kind && fact.kind != ImporterAttributes.kind {
            documentKinds[fact.id] = fact.kind
        }
        factCount += 1
    }

    /// Applies every fact in order, stopping at the first contradiction (attributed to its 1-based position).
    public mutating func apply(contentsOf facts: [RegistryFact]) throws(RecordError) {
        for (index, fact) in facts.enumerated() {
            do {
                try apply(fact)
            } catch {
                throw error.inRecord(index + 1)
            }
        }
    }

    /// Throws the contradiction `fact` would introduce, without applying it (a dry run for `apply`).
    public func check(_ fact: RegistryFact, codesIn table: ReferenceData? = nil) throws(RecordError) {
        let codes = table ?? referenceData
        // A fact built in Swift gets the same structural checks as one read from JSON (dates in
        // order, codes well formed), so what is recorded can always be read back.
        _ = try RegistryFact(kind: fact.kind, json: fact.jsonValue)
        switch fact {
        case .entity(let fact):
            try checkRevision(fact, in: entities)
            try checkEntity(fact, codes: codes)
        case .bcr(let fact):
            try checkRevision(fact, in: instruments)
            try checkInstrument(fact, codes: codes)
        case .membership(let fact):
            try checkRevision(fact, in: memberships)
            try checkMembership(fact)
        case .agreement(let fact):
            try checkRevision(fact, in: agreements)
            try checkAgreement(fact, codes: codes)
        case .subprocessorAuthorisation(let fact):
            try checkRevision(fact, in: authorisations)
            try checkEntities([("controller", fact.controller), ("processor", fact.processor), ("subProcessor", fact.subProcessor)])
        case .tia(let fact):
            try checkRevision(fact, in: assessments)
            try checkDestination(fact.destination, field: "destination", codes: codes)
            try checkEntities(fact.importers.sorted().map { ("importers", $0) })
        case .importerAttributes(let fact):
            try checkRevision(fact, in: attributes)
            try checkEntities([("entity", fact.entity)])
        case .derogationAssessment(let fact):
            try checkRevision(fact, in: derogations)
            try checkEntities([("exporter", fact.exporter), ("importer", fact.importer)])
        case .retentionPolicy(let fact):
            try checkRevision(fact, in: retentionPolicies)
        case .group(let fact):
            try checkRevision(fact, in: groups)
        }
        if fact.kind != LegalEntity.kind && fact.kind != ImporterAttributes.kind,
           let other = documentKinds[fact.id], other != fact.kind {
            throw RecordError(field: "id", rule: .duplicateValue,
                              message: "'\(fact.id)' already names a \(other) fact; ids are unique across registry kinds")
        }
    }

    /// Adds `fact` to its id's timeline; true when the id is new.
    @discardableResult
    private static func insert<Fact: RegistryRecord>(_ fact: Fact, into table: inout [String: Timeline<Fact>]) -> Bool {
        if table[fact.id] == nil {
            table[fact.id] = Timeline(fact)
            return true
        }
        table[fact.id]?.append(fact)
        return false
    }
}

/// An (entity, instrument) pair, the key of the membership index.
struct MembershipKey: Hashable, Sendable {
    let entity: String
    let instrument: String
}
