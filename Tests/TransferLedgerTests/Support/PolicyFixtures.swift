import TransferLedger

extension Fixture {
    /// A minimal group registry under which `compliant(_:)` transfers (NW-FR → NW-IN, destination IN) are
    /// compliant: both parties, the SCC between them and a TIA for India; as `ledger registry add` lines.
    static let registryLines: [String] = [
        #"{"kind":"entity","code":"NW-FR","legalName":"Nordwind SA","country":"FR","groupMember":true,"validFrom":"2021-01-01"}"#,
        #"{"kind":"entity","code":"NW-IN","legalName":"Nordwind Technology India Pvt Ltd","country":"IN","groupMember":true,"validFrom":"2021-01-01"}"#,
        #"{"kind":"agreement","id":"SCC-FR-IN-2024","type":"scc2021_914","exporter":"NW-FR","importer":"NW-IN","module":"c2p","validFrom":"2024-01-01"}"#,
        #"{"kind":"tia","id":"TIA-IN-2026","destination":"IN","importers":["NW-IN"],"outcome":"proceedWithSupplementaryMeasures","validFrom":"2026-01-01","reviewDue":"2099-12-31","requiredMeasures":["encryptionKeysInEEA"],"coversSpecialCategories":true}"#,
    ]

    /// `registryLines`, decoded; a bad line is a bug in the fixture.
    /// The group's identity, which export requires; tests that export record it after their entries,
    /// so the sequence numbers they name stay those of `registryLines`.
    static func groupIdentity() throws -> RegistryFact {
        try RegistryFact(line: JSONParser.parse(#"{"kind":"group","id":"GROUP-NW","legalName":"Nordwind Group SE","contactEmail":"dpo@nordwind.example","validFrom":"2021-01-01"}"#))
    }

    static func registryFacts() throws -> [RegistryFact] {
        try registryLines.map { try RegistryFact(line: JSONParser.parse($0)) }
    }

    /// `transfer` with the SCC, module, TIA and measure that make it compliant under `registryLines`.
    static func compliant(_ transfer: Transfer) -> Transfer {
        var transfer = transfer
        transfer.mechanismRef = "SCC-FR-IN-2024"
        transfer.sccModule = .c2p
        transfer.tiaRef = "TIA-IN-2026"
        transfer.supplementaryMeasures = [.encryptionKeysInEEA]
        return transfer
    }
}
