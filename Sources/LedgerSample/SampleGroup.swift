import TransferLedger

/// A fictional corporate group and a year of its transfers, for `ledger demo`, benchmarks and tests.
///
/// Nordwind Group is headquartered in France, with subsidiaries in and outside the EEA, external
/// processors and client controllers. Its flows cover every mechanism family and role combination.
public enum SampleGroup {
    /// An entity of the sample group or one of its counterparties.
    public struct Entity: Sendable {
        /// The registry code.
        public let code: String
        /// The legal name.
        public let name: String
        /// The ISO 3166-1 country of establishment.
        public let country: String
        /// Whether the entity is bound by the group's BCRs.
        public let isGroupMember: Bool
    }

    /// The group's entities and counterparties.
    public static let entities: [Entity] = [
        Entity(code: "NW-FR", name: "Nordwind SA", country: "FR", isGroupMember: true),
        Entity(code: "NW-DE", name: "Nordwind Deutschland GmbH", country: "DE", isGroupMember: true),
        Entity(code: "NW-IE", name: "Nordwind Services Ireland Ltd", country: "IE", isGroupMember: true),
        Entity(code: "NW-PL", name: "Nordwind Polska sp. z o.o.", country: "PL", isGroupMember: true),
        Entity(code: "NW-UK", name: "Nordwind UK Ltd", country: "GB", isGroupMember: true),
        Entity(code: "NW-CH", name: "Nordwind Schweiz AG", country: "CH", isGroupMember: true),
        Entity(code: "NW-JP", name: "Nordwind Japan KK", country: "JP", isGroupMember: true),
        Entity(code: "NW-IN", name: "Nordwind Technology India Pvt Ltd", country: "IN", isGroupMember: true),
        Entity(code: "NW-US", name: "Nordwind Inc.", country: "US", isGroupMember: true),
        Entity(code: "NW-BR", name: "Nordwind Brasil Ltda", country: "BR", isGroupMember: true),
        Entity(code: "CLOUDCO-US", name: "CloudCo Hosting LLC", country: "US", isGroupMember: false),
        Entity(code: "HELPDESK-PH", name: "Helpdesk Partners Inc.", country: "PH", isGroupMember: false),
        Entity(code: "PAYROLL-IE", name: "Payroll Bureau Ireland Ltd", country: "IE", isGroupMember: false),
        Entity(code: "CLIENT-ACME-DE", name: "Acme Versicherung AG", country: "DE", isGroupMember: false),
        Entity(code: "CLIENT-SOL-ES", name: "Sol Retail SL", country: "ES", isGroupMember: false),
        Entity(code: "EPO", name: "European Patent Organisation", country: "DE", isGroupMember: false),
    ]

    /// A standing flow of personal data between two parties, logged once per run.
    struct Flow {
        let exporter: Party
        let importer: Party
        let destination: String
        let mechanism: TransferMechanism
        let mechanismRef: String?
        let purposes: [Purpose]
        let data: [DataCategory]
        let subjects: [SubjectCategory]
        var special: [SpecialCategory] = []
        let count: CountBand
        var frequency: Frequency = .periodic
        var kind: TransferKind = .initial
        var sccModule: SccModule? = nil
        var tiaRef: String? = nil
        var measures: [SupplementaryMeasure]? = nil
        var onBehalfOf: String? = nil
        var contracts: [String]? = nil
        var art9: Art9Condition? = nil
        /// Runs per year: 250 is every working day, 12 monthly, 1 a one-off.
        let runsPerYear: Int
        let service: String
    }

    static func party(_ entity: String, _ role: PartyRole) -> Party { Party(entity: entity, role: role) }

    static let flows: [Flow] = [
        Flow(exporter: party("NW-FR", .controller), importer: party("NW-DE", .processor), destination: "DE",
             mechanism: .notATransfer, mechanismRef: nil, purposes: [.hrAdministration], data: [.identity, .employmentHR],
             subjects: [.employee], count: .b101_1k, contracts: ["IGA-2019-01"], runsPerYear: 250, service: "svc:hr-sync"),
        Flow(exporter: party("NW-FR", .controller), importer: party("NW-IN", .processor), destination: "IN",
             mechanism: .bcrController, mechanismRef: "BCR-C-NW-2021", purposes: [.payroll, .hrAdministration],
             data: [.identity, .employmentHR, .compensationPayroll], subjects: [.employee], special: [.health],
             count: .b1k_10k, tiaRef: "TIA-IN-2026-01", measures: [.encryptionKeysInEEA, .transportEncryption],
             contracts: ["IGA-2019-01"], art9: .b, runsPerYear: 250, service: "svc:payroll"),
        Flow(exporter: party("NW-DE", .controller), importer: party("NW-CH", .controller), destination: "CH",
             mechanism: .adequacy, mechanismRef: "2000/518/EC", purposes: [.salesCRM], data: [.contact, .identity],
             subjects: [.customerBusinessContact], count: .b101_1k, runsPerYear: 120, service: "svc:crm"),
        Flow(exporter: party("NW-FR", .controller), importer: party("NW-JP", .controller), destination: "JP",
             mechanism: .adequacy, mechanismRef: "(EU) 2019/419", purposes: [.hrAdministration], data: [.identity, .educationProfessional],
             subjects: [.employee], count: .b11_100, runsPerYear: 52, service: "svc:hr-sync"),
        Flow(exporter: party("NW-IE", .controller), importer: party("NW-UK", .jointController), destination: "GB",
             mechanism: .adequacy, mechanismRef: "(EU) 2021/1772", purposes: [.salesCRM, .financeAudit],
             data: [.contact, .financial], subjects: [.customerIndividual], count: .b10k_100k, runsPerYear: 250, service: "svc:billing"),
        Flow(exporter: party("NW-FR", .controller), importer: party("CLOUDCO-US", .processor), destination: "US",
             mechanism: .sccCommission, mechanismRef: "SCC-CLOUDCO-2023", purposes: [.hosting], data: [.identity, .contact, .usageBehavioural],
             subjects: [.customerIndividual, .websiteVisitor], count: .b100k_1m, frequency: .continuous, sccModule: .c2p,
             tiaRef: "TIA-US-2025-02", measures: [.encryptionKeysInEEA], contracts: ["DPA-CLOUDCO-2023"], runsPerYear: 365, service: "svc:web"),
        Flow(exporter: party("NW-IE", .processor), importer: party("NW-IN", .subProcessor), destination: "IN",
             mechanism: .bcrProcessor, mechanismRef: "BCR-P-NW-2022", purposes: [.serviceDeliveryToClient, .itSupport],
             data: [.identity, .contact, .communicationsContent], subjects: [.clientEndUser], count: .b10k_100k,
             tiaRef: "TIA-IN-2026-01", measures: [.encryptionKeysInEEA, .pseudonymisationKeysInEEA], onBehalfOf: "CLIENT-ACME-DE",
             contracts: ["CSA-ACME-2024", "SPA-ACME-IN"], runsPerYear: 250, service: "svc:client-support"),
        Flow(exporter: party("NW-IE", .processor), importer: party("HELPDESK-PH", .subProcessor), destination: "PH",
             mechanism: .sccCommission, mechanismRef: "SCC-HELPDESK-2024", purposes: [.itSupport], data: [.contact, .deviceTechnical],
             subjects: [.clientEndUser], count: .b1k_10k, sccModule: .p2p, tiaRef: "TIA-PH-2024-01",
             measures: [.accessControlsNoRemoteAccessFromDestination], onBehalfOf: "CLIENT-SOL-ES", contracts: ["CSA-SOL-2025", "SPA-SOL-PH"],
             runsPerYear: 60, service: "svc:client-support"),
        Flow(exporter: party("NW-IN", .subProcessor), importer: party("CLIENT-ACME-DE", .controller), destination: "DE",
             mechanism: .notATransfer, mechanismRef: nil, purposes: [.serviceDeliveryToClient], data: [.identity, .communicationsContent],
             subjects: [.clientEndUser], count: .b1k_10k, onBehalfOf: "CLIENT-ACME-DE", contracts: ["DPA-ACME-IN-2024"],
             runsPerYear: 52, service: "svc:client-support"),
        Flow(exporter: party("NW-US", .processor), importer: party("NW-FR", .controller), destination: "FR",
             mechanism: .notATransfer, mechanismRef: nil, purposes: [.financeAudit], data: [.financial],
             subjects: [.supplierContact], count: .b101_1k, onBehalfOf: "NW-FR", contracts: ["DPA-NW-US-FIN-2023"],
             runsPerYear: 12, service: "svc:finance"),
        Flow(exporter: party("NW-DE", .controller), importer: party("NW-US", .controller), destination: "US",
             mechanism: .adequacy, mechanismRef: "(EU) 2023/1795", purposes: [.recruitment], data: [.identity, .educationProfessional],
             subjects: [.jobApplicant], count: .b101_1k, runsPerYear: 52, service: "svc:recruiting"),
        Flow(exporter: party("NW-FR", .controller), importer: party("NW-BR", .controller), destination: "BR",
             mechanism: .bcrController, mechanismRef: "BCR-C-NW-2021", purposes: [.salesCRM], data: [.contact],
             subjects: [.customerBusinessContact], count: .b1k_10k, tiaRef: "TIA-BR-2025-01", runsPerYear: 52, service: "svc:crm"),
        Flow(exporter: party("NW-PL", .controller), importer: party("PAYROLL-IE", .processor), destination: "IE",
             mechanism: .notATransfer, mechanismRef: nil, purposes: [.payroll], data: [.identity, .compensationPayroll],
             subjects: [.employee], count: .b101_1k, contracts: ["DPA-PAYROLL-2022"], runsPerYear: 12, service: "svc:payroll"),
        Flow(exporter: party("NW-IN", .controller), importer: party("NW-US", .controller), destination: "US",
             mechanism: .bcrController, mechanismRef: "BCR-C-NW-2021", purposes: [.securityMonitoring], data: [.deviceTechnical, .onlineIdentifiers],
             subjects: [.employee, .contractor], count: .b1k_10k, kind: .onward, tiaRef: "TIA-US-2025-02",
             measures: [.encryptionKeysInEEA], runsPerYear: 52, service: "svc:soc"),
        Flow(exporter: party("NW-DE", .controller), importer: party("EPO", .controller), destination: "INT-EPO",
             mechanism: .adequacy, mechanismRef: "(EU) 2025/1382", purposes: [.legalCompliance], data: [.identity, .contact],
             subjects: [.employee], count: .b1_10, frequency: .oneOff, runsPerYear: 6, service: "svc:legal"),
        Flow(exporter: party("NW-FR", .controller), importer: party("NW-IN", .controller), destination: "IN",
             mechanism: .derogationExplicitConsent, mechanismRef: "DEROG-2026-004", purposes: [.hrAdministration], data: [.identity, .imagesAudio],
             subjects: [.employee], count: .b1_10, frequency: .oneOff, runsPerYear: 4, service: "svc:hr-sync"),
        Flow(exporter: party("NW-FR", .controller), importer: party("NW-US", .controller), destination: "US",
             mechanism: .derogationLegalClaims, mechanismRef: "DEROG-2026-011", purposes: [.legalCompliance], data: [.identity, .communicationsContent],
             subjects: [.formerEmployee], count: .b1_10, frequency: .oneOff, runsPerYear: 2, service: "svc:legal"),
        Flow(exporter: party("NW-IE", .controller), importer: party("NW-IN", .controller), destination: "IN",
             mechanism: .derogationContractWithDataSubject, mechanismRef: "DEROG-2026-015", purposes: [.serviceDeliveryToClient],
             data: [.identity, .contact], subjects: [.customerIndividual], count: .b1_10, frequency: .oneOff, runsPerYear: 3, service: "svc:travel"),
        Flow(exporter: party("NW-FR", .jointController), importer: party("CLIENT-SOL-ES", .jointController), destination: "ES",
             mechanism: .notATransfer, mechanismRef: nil, purposes: [.salesCRM], data: [.contact, .usageBehavioural],
             subjects: [.customerIndividual], count: .b10k_100k, runsPerYear: 52, service: "svc:marketing"),
        Flow(exporter: party("NW-CH", .processor), importer: party("CLIENT-ACME-DE", .controller), destination: "DE",
             mechanism: .notATransfer, mechanismRef: nil, purposes: [.serviceDeliveryToClient], data: [.identity],
             subjects: [.clientEndUser], count: .b1k_10k, onBehalfOf: "CLIENT-ACME-DE", contracts: ["DPA-ACME-CH-2024"],
             runsPerYear: 12, service: "svc:client-support"),
        Flow(exporter: party("NW-DE", .processor), importer: party("CLOUDCO-US", .subProcessor), destination: "US",
             mechanism: .sccCommission, mechanismRef: "SCC-CLOUDCO-DE-2024", purposes: [.hosting], data: [.identity, .contact],
             subjects: [.clientEndUser], count: .b10k_100k, frequency: .continuous, sccModule: .p2p, tiaRef: "TIA-US-2025-02",
             measures: [.encryptionKeysInEEA], onBehalfOf: "CLIENT-ACME-DE", contracts: ["CSA-ACME-HOSTING-2024", "SPA-ACME-CLOUDCO"],
             runsPerYear: 250, service: "svc:hosting"),
        Flow(exporter: party("NW-UK", .controller), importer: party("NW-IN", .processor), destination: "IN",
             mechanism: .sccCommission, mechanismRef: "SCC-IG-UK-IN-2022", purposes: [.itSupport], data: [.identity, .deviceTechnical],
             subjects: [.employee], count: .b101_1k, sccModule: .c2p, tiaRef: "TIA-IN-2026-01", measures: [.encryptionKeysInEEA],
             runsPerYear: 52, service: "svc:it"),
    ]

    /// The end of the sample year: the registry's dates (TIA reviews, agreements) are set around it.
    public static let yearEnd = Timestamp(microseconds: 1_795_996_800_000_000)

    /// About `count` transfers spread over the year before `end`, deterministic for a given seed.
    ///
    /// Flows run in proportion to their yearly frequency; keys are unique, so each transfer records once.
    public static func transfers(count: Int, endingAt end: Timestamp, seed: UInt64 = 2026) -> [Transfer] {
        var generator = SplitMix64(seed: seed)
        let weights = flows.map(\.runsPerYear)
        let totalWeight = weights.reduce(0, +)
        let year: Int64 = 365 * 86_400 * 1_000_000
        let start = end.microseconds - year
        var transfers: [Transfer] = []
        transfers.reserveCapacity(count)
        for index in 0..<count {
            // Spread evenly over the year with jitter, so occurredAt grows like a real service's log.
            // year × index overflows Int64 beyond ~290,000 transfers, so multiply at full width.
            let (high, low) = year.multipliedFullWidth(by: Int64(index))
            let slot = start + Int64(max(count, 1)).dividingFullWidth((high, low)).quotient
            let jitter = Int64.random(in: 0..<(year / Int64(max(count, 1)) + 1), using: &generator)
            var pick = Int.random(in: 0..<totalWeight, using: &generator)
            var flowIndex = 0
            while pick >= weights[flowIndex] { pick -= weights[flowIndex]; flowIndex += 1 }
            let occurredAt = Timestamp(microseconds: (slot + jitter) / 1_000_000 * 1_000_000)
            transfers.append(transfer(for: flows[flowIndex], at: occurredAt, key: "sample-\(seed)-\(index)"))
        }
        return transfers
    }

    static func transfer(for flow: Flow, at occurredAt: Timestamp, key: String) -> Transfer {
        var transfer = Transfer(
            occurredAt: occurredAt, exporter: flow.exporter, importer: flow.importer, destination: flow.destination,
            mechanism: flow.mechanism, purposes: flow.purposes, dataCategories: flow.data, subjectCategories: flow.subjects,
            specialCategories: flow.special, criminalData: false, subjectCount: flow.count, loggedBy: flow.service,
            idempotencyKey: key)
        transfer.mechanismRef = flow.mechanismRef
        transfer.transferKind = flow.kind
        transfer.frequency = flow.frequency
        transfer.sccModule = flow.sccModule
        transfer.tiaRef = flow.tiaRef
        transfer.supplementaryMeasures = flow.measures
        transfer.onBehalfOf = flow.onBehalfOf
        transfer.contractRefs = flow.contracts
        transfer.art9Condition = flow.art9
        if flow.frequency != .oneOff {
            transfer.windowEnd = Timestamp(microseconds: occurredAt.microseconds + 3_600 * 1_000_000)
        }
        return transfer
    }
}
