import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// The example cast of domain §3.5 as a registry, built from the JSON facts a service would record.
enum PolicyFixture {
    /// Registry facts as (kind, JSON) in chain order.
    static let facts: [(String, String)] = [
        entity("GRP-FR", "FR", member: true), entity("GRP-DE", "DE", member: true), entity("GRP-IN", "IN", member: true),
        entity("GRP-MA", "MA", member: true), entity("GRP-US", "US", member: true), entity("GRP-CH", "CH", member: true),
        entity("GRP-UK", "GB", member: true), entity("VEND-US", "US", member: false), entity("CLIENT-DE", "DE", member: false),
        entity("JP-PARTNER", "JP", member: false), entity("EPO", "DE", member: false), entity("COUNSEL-US", "US", member: false),
        entity("CLIENT-US", "US", member: false),
        ("bcr", """
         {"id": "BCR-C-2019-v4", "type": "controller", "leadAuthority": "CNIL", "validFrom": "2019-05-01",
          "coveredCountries": ["IN", "MA", "US", "CH", "JP", "GB"],
          "dataCategories": ["identity", "contact", "employmentHR", "compensationPayroll", "educationProfessional", "deviceTechnical"],
          "purposes": ["payroll", "hrAdministration", "recruitment", "itSupport", "securityMonitoring"]}
         """),
        ("bcr", """
         {"id": "BCR-P-2019-v2", "type": "processor", "leadAuthority": "CNIL", "validFrom": "2019-05-01",
          "coveredCountries": ["IN", "MA", "US"], "dataCategories": ["identity", "contact", "communicationsContent", "deviceTechnical"],
          "purposes": ["serviceDeliveryToClient", "itSupport", "hosting"]}
         """),
        membership("M-FR-C", "GRP-FR", "BCR-C-2019-v4", from: "2019-05-01"),
        membership("M-DE-C", "GRP-DE", "BCR-C-2019-v4", from: "2019-05-01"),
        membership("M-IN-C", "GRP-IN", "BCR-C-2019-v4", from: "2019-05-01"),
        membership("M-US-C", "GRP-US", "BCR-C-2019-v4", from: "2019-05-01"),
        membership("M-MA-C", "GRP-MA", "BCR-C-2019-v4", from: "2026-09-01"),
        membership("M-FR-P", "GRP-FR", "BCR-P-2019-v2", from: "2019-05-01"),
        membership("M-DE-P", "GRP-DE", "BCR-P-2019-v2", from: "2019-05-01"),
        membership("M-IN-P", "GRP-IN", "BCR-P-2019-v2", from: "2019-05-01"),
        ("agreement", #"{"id": "SCC-FR-VENDUS-2024", "type": "scc2021_914", "exporter": "GRP-FR", "importer": "VEND-US", "module": "c2p", "validFrom": "2024-01-01"}"#),
        ("agreement", #"{"id": "SCC-FR-VENDUS-2018", "type": "sccLegacy", "exporter": "GRP-FR", "importer": "VEND-US", "module": "c2p", "validFrom": "2018-03-01"}"#),
        ("agreement", #"{"id": "SCC-FR-VENDUS-ENDED", "type": "scc2021_914", "exporter": "GRP-FR", "importer": "VEND-US", "module": "c2p", "validFrom": "2022-01-01", "validUntil": "2025-12-31"}"#),
        ("agreement", #"{"id": "SCC-DE-CLIENTUS", "type": "scc2021_914", "exporter": "GRP-DE", "importer": "CLIENT-US", "module": "p2c", "validFrom": "2025-01-01"}"#),
        ("agreement", #"{"id": "SCC-DE-CLIENTUS-COMBINED", "type": "scc2021_914", "exporter": "GRP-DE", "importer": "CLIENT-US", "module": "p2c", "combinesEuData": true, "validFrom": "2025-01-01"}"#),
        ("agreement", #"{"id": "DPA-CLIENTUS-DE", "type": "art28Contract", "controller": "CLIENT-US", "processor": "GRP-DE", "transferDestinations": ["US"], "validFrom": "2025-01-01"}"#),
        ("agreement", #"{"id": "SCC-IN-VENDUS-2025", "type": "scc2021_914", "exporter": "GRP-IN", "importer": "VEND-US", "module": "p2p", "validFrom": "2025-01-01"}"#),
        ("agreement", #"{"id": "CSA-CLIENT-DE-2024", "type": "clientServiceAgreement", "controller": "CLIENT-DE", "processor": "GRP-DE", "transferDestinations": ["IN", "US"], "bcr": "BCR-P-2019-v2", "validFrom": "2024-01-01", "validUntil": "2027-12-31"}"#),
        ("agreement", #"{"id": "DPA-CLIENT-DE-EEA", "type": "art28Contract", "controller": "CLIENT-DE", "processor": "GRP-DE", "transferDestinations": [], "validFrom": "2024-01-01"}"#),
        ("agreement", #"{"id": "IGA-2019", "type": "intraGroupAgreement", "parties": ["GRP-FR", "GRP-DE", "GRP-IN"], "validFrom": "2019-05-01"}"#),
        ("subprocessorAuthorisation", #"{"id": "SPA-CLIENT-DE-IN", "controller": "CLIENT-DE", "processor": "GRP-DE", "subProcessor": "GRP-IN", "type": "general", "noticeDate": "2026-01-10", "objectionPeriodDays": 30, "validFrom": "2026-01-10"}"#),
        ("subprocessorAuthorisation", #"{"id": "SPA-CLIENT-DE-VENDUS", "controller": "CLIENT-DE", "processor": "GRP-IN", "subProcessor": "VEND-US", "type": "specific", "validFrom": "2025-01-01"}"#),
        tia("TIA-IN-2026-03", "IN", ["GRP-IN"], "proceedWithSupplementaryMeasures", from: "2026-01-01", due: "2027-03-01", measures: ["encryptionKeysInEEA"], special: true),
        tia("TIA-US-VEND-2025", "US", ["VEND-US"], "proceedWithSupplementaryMeasures", from: "2025-01-01", due: "2027-01-01", measures: ["encryptionKeysInEEA"], special: false),
        tia("TIA-MA-2026", "MA", ["GRP-MA"], "proceed", from: "2026-01-01", due: "2027-12-31", measures: [], special: false),
        tia("TIA-IN-SUSPEND", "IN", ["GRP-IN"], "suspend", from: "2026-01-01", due: "2027-01-01", measures: [], special: false),
        tia("TIA-IN-NONSENSITIVE", "IN", ["GRP-IN"], "proceed", from: "2026-01-01", due: "2027-06-01", measures: [], special: false),
        tia("TIA-IN-OLD", "IN", ["GRP-IN"], "proceed", from: "2024-01-01", due: "2025-01-01", measures: [], special: false),
        tia("TIA-IN-PSEUDO", "IN", ["GRP-IN"], "proceedWithSupplementaryMeasures", from: "2026-01-01", due: "2027-06-01", measures: ["pseudonymisationKeysInEEA"], special: true),
        ("importerAttributes", #"{"entity": "GRP-US", "conditions": ["DPF_CERTIFIED_ACTIVE", "DPF_COVERS_NON_HR"], "validFrom": "2023-07-10"}"#),
        ("importerAttributes", #"{"entity": "VEND-US", "conditions": [], "validFrom": "2020-01-01"}"#),
        ("importerAttributes", #"{"entity": "JP-PARTNER", "conditions": ["PRIVATE_SECTOR_APPI", "SUPPLEMENTARY_RULES_APPLY"], "validFrom": "2019-01-23"}"#),
        ("importerAttributes", #"{"entity": "EPO", "conditions": ["IMPORTER_IS_EPO"], "validFrom": "2019-01-01"}"#),
        ("derogationAssessment", #"{"id": "DEROG-CLAIM-2026", "ground": "derogationLegalClaims", "exporter": "GRP-FR", "importer": "COUNSEL-US", "occasional": true, "art46UnavailableReason": "court deadline, no SCC with counsel, ref LEG-2026-7", "evidenceRefs": {"claim": "CASE-2026-114"}, "validFrom": "2026-01-01"}"#),
        ("derogationAssessment", #"{"id": "DEROG-CRM-2026", "ground": "derogationContractWithDataSubject", "exporter": "GRP-FR", "importer": "GRP-IN", "occasional": false, "art46UnavailableReason": "none evaluated", "evidenceRefs": {"contract": "CRM-TERMS-2026"}, "validFrom": "2026-01-01"}"#),
        ("derogationAssessment", #"{"id": "DEROG-CONSENT-CH", "ground": "derogationExplicitConsent", "exporter": "GRP-FR", "importer": "GRP-CH", "occasional": true, "art46UnavailableReason": "urgent, ref HR-2026-3", "evidenceRefs": {"consent": "CONSENT-2026-9", "riskInformation": "RISK-INFO-v2"}, "validFrom": "2026-01-01"}"#),
        ("derogationAssessment", #"{"id": "DEROG-NOREASON", "ground": "derogationLegalClaims", "exporter": "GRP-FR", "importer": "COUNSEL-US", "occasional": true, "evidenceRefs": {"claim": "CASE-2026-200"}, "validFrom": "2026-01-01"}"#),
    ]

    static func entity(_ code: String, _ country: String, member: Bool) -> (String, String) {
        ("entity", #"{"code": "\#(code)", "legalName": "\#(code) legal name", "country": "\#(country)", "groupMember": \#(member), "validFrom": "2000-01-01"}"#)
    }

    static func membership(_ id: String, _ entity: String, _ instrument: String, from: String) -> (String, String) {
        ("membership", #"{"id": "\#(id)", "entity": "\#(entity)", "instrument": "\#(instrument)", "validFrom": "\#(from)"}"#)
    }

    static func tia(_ id: String, _ destination: String, _ importers: [String], _ outcome: String, from: String, due: String,
                    measures: [String], special: Bool) -> (String, String) {
        let list = { (items: [String]) in "[" + items.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
        return ("tia", #"{"id": "\#(id)", "destination": "\#(destination)", "importers": \#(list(importers)), "outcome": "\#(outcome)", "validFrom": "\#(from)", "reviewDue": "\#(due)", "requiredMeasures": \#(list(measures)), "coversSpecialCategories": \#(special)}"#)
    }

    /// The decoded facts.
    static func decodedFacts() throws -> [RegistryFact] {
        try facts.map { kind, text in try RegistryFact(kind: kind, bytes: Array(text.utf8)) }
    }

    /// The cast's registry.
    static let registry: Registry = {
        var registry = Registry()
        // The fixture is checked by `fixtureAppliesCleanly`; an error here shows up as failing rules.
        for fact in (try? decodedFacts()) ?? [] { try? registry.apply(fact) }
        return registry
    }()

    static let engine = PolicyEngine()

    /// A transfer on `day` (noon UTC) with sensible defaults; adjust the rest with `change`.
    static func transfer(_ exporter: String, _ exporterRole: PartyRole, _ importer: String, _ importerRole: PartyRole,
                         to destination: String, _ mechanism: TransferMechanism, ref: String? = nil, on day: String = "2026-05-01",
                         data: [DataCategory] = [.identity, .employmentHR, .compensationPayroll], purposes: [Purpose] = [.payroll],
                         subjects: [SubjectCategory] = [.employee], _ change: (inout Transfer) -> Void = { _ in }) -> Transfer {
        let instant = (try? Timestamp(rfc3339: day + "T12:00:00Z")) ?? Timestamp(microseconds: 0)
        var transfer = Transfer(
            occurredAt: instant, exporter: Party(entity: exporter, role: exporterRole), importer: Party(entity: importer, role: importerRole),
            destination: destination, mechanism: mechanism, purposes: purposes, dataCategories: data, subjectCategories: subjects,
            subjectCount: .b1k_10k, loggedBy: "svc:test", idempotencyKey: "key-\(exporter)-\(importer)-\(day)")
        transfer.mechanismRef = ref
        transfer.frequency = .continuous
        change(&transfer)
        return transfer
    }

    static func evaluate(_ transfer: Transfer, parent: Transfer? = nil) -> PolicyVerdict {
        engine.evaluate(transfer, registry: registry) { _ in parent }
    }
}

@Suite struct PolicyFixtureTests {
    @Test func fixtureAppliesCleanly() throws {
        var registry = Registry()
        try registry.apply(contentsOf: try PolicyFixture.decodedFacts())
        #expect(registry.factCount == PolicyFixture.facts.count)
    }

    @Test func everyFactRoundTripsThroughItsCanonicalJSON() throws {
        for fact in try PolicyFixture.decodedFacts() {
            let reread = try RegistryFact(kind: fact.kind, bytes: fact.canonicalBytes)
            #expect(reread == fact, "\(fact.label)")
            #expect(reread.canonicalBytes == fact.canonicalBytes)
        }
    }
}
