/// Temporal lookups: what the registry says about an id on a given day.
extension Registry {
    /// The entity with `code` on `day`.
    public func entity(_ code: String, at day: Day) -> Lookup<LegalEntity> {
        entities[code]?.at(day) ?? .unknown
    }

    /// The BCR instrument `id` on `day`.
    public func bcr(_ id: String, at day: Day) -> Lookup<BcrInstrument> {
        instruments[id]?.at(day) ?? .unknown
    }

    /// The membership binding `entity` to `instrument` on `day`, or nil when none does.
    public func membership(of entity: String, in instrument: String, at day: Day) -> BcrMembership? {
        for id in membershipIndex[MembershipKey(entity: entity, instrument: instrument)] ?? [] {
            if let membership = memberships[id]?.at(day).inForce { return membership }
        }
        return nil
    }

    /// The latest version of every membership of `entity` in `instrument`, in the order recorded.
    public func memberships(of entity: String, in instrument: String) -> [BcrMembership] {
        (membershipIndex[MembershipKey(entity: entity, instrument: instrument)] ?? []).compactMap { memberships[$0]?.latest }
    }

    /// Every BCR instrument in force on `day`, by id.
    public func bcrsInForce(at day: Day) -> [BcrInstrument] {
        instruments.keys.sorted().compactMap { instruments[$0]?.at(day).inForce }
    }

    /// Every agreement in force on `day`, by id.
    public func agreementsInForce(at day: Day) -> [Agreement] {
        agreements.keys.sorted().compactMap { agreements[$0]?.at(day).inForce }
    }

    /// The agreement `id` on `day`.
    public func agreement(_ id: String, at day: Day) -> Lookup<Agreement> {
        agreements[id]?.at(day) ?? .unknown
    }

    /// The sub-processor authorisation `id` on `day`.
    public func subprocessorAuthorisation(_ id: String, at day: Day) -> Lookup<SubprocessorAuthorisation> {
        authorisations[id]?.at(day) ?? .unknown
    }

    /// The ids of the authorisations in force on `day` by which `controller` lets `processor` engage
    /// `subProcessor`, sorted: what R13 tells a service to cite when it cited none.
    public func subprocessorAuthorisations(by controller: String, for processor: String, engaging subProcessor: String,
                                           at day: Day) -> [String] {
        authorisations.keys.sorted().filter { id in
            guard let authorisation = authorisations[id]?.at(day).inForce else { return false }
            return authorisation.controller == controller && authorisation.processor == processor
                && authorisation.subProcessor == subProcessor
        }
    }

    /// The transfer impact assessment `id` on `day` (its validity, not its review date, decides "in force").
    public func tia(_ id: String, at day: Day) -> Lookup<TransferImpactAssessment> {
        assessments[id]?.at(day) ?? .unknown
    }

    /// The importer attributes of `entity` on `day`.
    public func importerAttributes(of entity: String, at day: Day) -> Lookup<ImporterAttributes> {
        attributes[entity]?.at(day) ?? .unknown
    }

    /// The derogation assessment `id` on `day`.
    public func derogationAssessment(_ id: String, at day: Day) -> Lookup<DerogationAssessment> {
        derogations[id]?.at(day) ?? .unknown
    }

    /// The kind of registry fact `id` names (`bcr`, `agreement`, `tia`, …), or nil for an unknown id.
    public func kind(ofDocument id: String) -> String? {
        documentKinds[id]
    }

    /// Every TIA's latest version, sorted by id, for reports and derived checks.
    public var latestAssessments: [TransferImpactAssessment] {
        assessments.keys.sorted().compactMap { assessments[$0]?.latest }
    }
}
