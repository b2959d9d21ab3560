/// The contradiction checks `Registry.check(_:)` runs before a fact is applied.
extension Registry {
    /// A new id must be revision 1; a known id must carry the next revision and keep its identity.
    func checkRevision<Fact: RegistryRecord>(_ fact: Fact, in table: [String: Timeline<Fact>]) throws(RecordError) {
        guard let timeline = table[fact.id] else {
            guard fact.revision == 1 else {
                throw RecordError(field: "revision", rule: .unknownValue,
                                  message: "\(Fact.noun) \(fact.id) is not registered, so revision \(fact.revision) supersedes nothing; its first fact is revision 1")
            }
            return
        }
        let latest = timeline.latest
        guard fact.revision == latest.revision + 1 else {
            if fact.revision == 1 {
                throw RecordError(field: "id", rule: .duplicateValue,
                                  message: "\(Fact.noun) \(fact.id) is already registered (\(latest.validity)); to correct or supersede it, record revision \(latest.revision + 1)")
            }
            throw RecordError(field: "revision", rule: .unknownValue,
                              message: "\(fact.label) does not follow the latest revision \(latest.revision); expected revision \(latest.revision + 1)")
        }
        if let conflict = fact.conflict(superseding: latest) {
            throw RecordError(field: "revision", rule: .unknownValue, message: "\(fact.label): \(conflict)")
        }
    }

    func checkEntities(_ references: [(field: String, code: String)]) throws(RecordError) {
        for (field, code) in references where entities[code] == nil {
            throw RecordError(field: field, rule: .unknownValue, message: "entity '\(code)' is not in the registry; record the entity first")
        }
    }

    /// A destination code must be in `codes`, the region table in force for the fact.
    func checkDestination(_ code: String, field: String, codes: ReferenceData) throws(RecordError) {
        guard codes.destination(code) != nil else {
            throw RecordError(field: field, rule: .unknownDestination, message: "'\(code)' is not a known country or international organisation code")
        }
    }

    func checkEntity(_ entity: LegalEntity, codes: ReferenceData) throws(RecordError) {
        guard let destination = codes.destination(entity.country), !destination.isInternationalOrganisation else {
            throw RecordError(field: "country", rule: .unknownDestination, message: "'\(entity.country)' is not an ISO 3166-1 alpha-2 country code")
        }
    }

    func checkInstrument(_ instrument: BcrInstrument, codes: ReferenceData) throws(RecordError) {
        for code in instrument.coveredCountries.sorted() {
            try checkDestination(code, field: "coveredCountries", codes: codes)
        }
    }

    /// A membership needs a known group member and a BCR in force when it starts, and may not
    /// overlap another membership of the same entity in the same instrument.
    func checkMembership(_ membership: BcrMembership) throws(RecordError) {
        let start = membership.validity.from
        switch entity(membership.entity, at: start) {
        case .unknown:
            throw RecordError(field: "entity", rule: .unknownValue,
                              message: "entity '\(membership.entity)' is not in the registry; record the entity first")
        case .inForce(let entity), .notInForce(let entity):
            guard entity.groupMember else {
                throw RecordError(field: "entity", rule: .unknownValue,
                                  message: "\(entity.code) is registered as an external party, not a group member, so no BCR can bind it")
            }
        }
        switch bcr(membership.instrument, at: start) {
        case .unknown:
            throw RecordError(field: "instrument", rule: .unknownValue,
                              message: "BCR '\(membership.instrument)' is not in the registry; record the instrument first")
        case .notInForce(let instrument):
            throw RecordError(field: "validFrom", rule: .windowBeforeStart,
                              message: "\(membership.entity) cannot be bound by \(instrument.id) from \(start): the BCR is in force \(instrument.validity)")
        case .inForce:
            break
        }
        let key = MembershipKey(entity: membership.entity, instrument: membership.instrument)
        for otherID in membershipIndex[key] ?? [] where otherID != membership.id {
            guard let other = memberships[otherID]?.latest, other.validity.overlaps(membership.validity) else { continue }
            throw RecordError(field: "validFrom", rule: .duplicateValue,
                              message: "\(membership.entity) is already bound by \(membership.instrument) \(other.validity) under membership \(other.id); end that membership first")
        }
    }

    /// An agreement may name only registered entities, known destinations and a registered BCR-P.
    func checkAgreement(_ agreement: Agreement, codes: ReferenceData) throws(RecordError) {
        try checkEntities(agreement.entityReferences)
        for code in (agreement.transferDestinations ?? []).sorted() {
            try checkDestination(code, field: "transferDestinations", codes: codes)
        }
        if let id = agreement.bcr {
            guard let instrument = instruments[id]?.latest else {
                throw RecordError(field: "bcr", rule: .unknownValue, message: "BCR '\(id)' is not in the registry")
            }
            guard instrument.type == .processor else {
                throw RecordError(field: "bcr", rule: .unknownValue,
                                  message: "\(id) is a BCR-C; a client service agreement makes a BCR-P binding")
            }
        }
    }
}
