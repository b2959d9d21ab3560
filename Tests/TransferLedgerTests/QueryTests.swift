import Testing
import LedgerTestSupport
import TransferLedger

@Suite("TransferQuery filters")
struct QueryTests {
    /// Hand-built transfers that differ in every filtered field; inserted out of time order on purpose.
    static let transfers: [Transfer] = {
        func party(_ entity: String, _ role: PartyRole) -> Party { Party(entity: entity, role: role) }
        return [
            Fixture.transfer(key: "q-0", at: "2026-03-05T10:00:00Z", exporter: party("NW-FR", .controller), importer: party("NW-IN", .processor),
                             destination: "IN", mechanism: .sccCommission, dataCategories: [.identity, .contact]),
            Fixture.transfer(key: "q-1", at: "2026-03-01T00:00:00Z", exporter: party("NW-FR", .controller), importer: party("NW-JP", .controller),
                             destination: "JP", mechanism: .adequacy, dataCategories: [.identity], specialCategories: [.health]),
            Fixture.transfer(key: "q-2", at: "2026-01-25T23:59:59Z", exporter: party("NW-DE", .controller), importer: party("NW-BR", .controller),
                             destination: "BR", mechanism: .bcrController, dataCategories: [.contact, .financial]),
            Fixture.transfer(key: "q-3", at: "2026-01-26T00:00:00Z", exporter: party("NW-DE", .controller), importer: party("NW-BR", .controller),
                             destination: "BR", mechanism: .bcrController, dataCategories: [.financial]),
            Fixture.transfer(key: "q-4", at: "2026-03-01T00:00:00Z", exporter: party("NW-IE", .processor), importer: party("HELPDESK-PH", .subProcessor),
                             destination: "PH", mechanism: .sccCommission, dataCategories: [.deviceTechnical]),
            Fixture.transfer(key: "q-5", at: "2026-02-10T08:00:00Z", exporter: party("NW-FR", .jointController), importer: party("CLIENT-SOL-ES", .jointController),
                             destination: "ES", mechanism: .notATransfer, dataCategories: [.contact, .usageBehavioural]),
            Fixture.transfer(key: "q-6", at: "2026-02-28T23:59:59.999999Z", exporter: party("NW-DE", .controller), importer: party("EPO", .controller),
                             destination: "INT-EPO", mechanism: .adequacy, dataCategories: [.identity], specialCategories: [.biometricForUniqueIdentification]),
            Fixture.transfer(key: "q-7", at: "2026-04-01T12:00:00Z", exporter: party("NW-IN", .processor), importer: party("NW-FR", .controller),
                             destination: "FR", mechanism: .derogationExplicitConsent, dataCategories: [.location]),
            Fixture.transfer(key: "q-8", at: "2026-03-15T09:00:00Z", exporter: party("NW-FR", .controller), importer: party("NW-US", .controller),
                             destination: "US", mechanism: .derogationLegalClaims, dataCategories: [.identity, .communicationsContent],
                             specialCategories: [.health, .politicalOpinions]),
            Fixture.transfer(key: "q-9", at: "2026-01-10T00:00:00Z", exporter: party("NW-UK", .controller), importer: party("NW-IN", .processor),
                             destination: "IN", mechanism: .sccCommission, dataCategories: [.other]),
            Fixture.transfer(key: "q-10", at: "2026-03-01T00:00:00Z", exporter: party("NW-FR", .controller), importer: party("NW-DE", .controller),
                             destination: "DE", mechanism: .notATransfer, dataCategories: [.authenticationCredentials]),
        ]
    }()

    /// The region each destination had on each day, written out by hand rather than derived.
    static func region(of transfer: Transfer) -> Region {
        switch transfer.destination {
        case "IN", "PH": .thirdCountry
        case "JP", "US": .adequate
        case "ES", "FR", "DE": .eea
        case "INT-EPO": .internationalOrganisation
        case "BR": transfer.occurredAt.rfc3339 < "2026-01-26" ? .thirdCountry : .adequate
        default: preconditionFailure("no hand-written region for \(transfer.destination)")
        }
    }

    /// The family of each mechanism used above, by hand.
    static func family(of mechanism: TransferMechanism) -> MechanismFamily {
        switch mechanism {
        case .notATransfer: .none
        case .adequacy: .adequacy
        case .sccCommission, .bcrController: .safeguards46
        case .derogationExplicitConsent, .derogationLegalClaims: .derogation49
        default: preconditionFailure("no hand-written family for \(mechanism)")
        }
    }

    struct Filter: Sendable, CustomTestStringConvertible {
        let name: String
        let query: TransferQuery
        let matches: @Sendable (Transfer) -> Bool
        var testDescription: String { name }

        init(_ name: String, _ change: (inout TransferQuery) -> Void, matches: @escaping @Sendable (Transfer) -> Bool) {
            self.name = name
            var query = TransferQuery()
            change(&query)
            self.query = query
            self.matches = matches
        }
    }

    static let filters: [Filter] = {
        let march = Fixture.time("2026-03-01T00:00:00Z")
        let april = Fixture.time("2026-04-01T12:00:00Z")
        return [
            Filter("everything", { _ in }, matches: { _ in true }),
            Filter("from (inclusive)", { $0.occurredFrom = march }, matches: { $0.occurredAt >= march }),
            Filter("before (exclusive)", { $0.occurredBefore = march }, matches: { $0.occurredAt < march }),
            Filter("time range", { $0.occurredFrom = march; $0.occurredBefore = april }, matches: { $0.occurredAt >= march && $0.occurredAt < april }),
            Filter("empty time range", { $0.occurredFrom = april; $0.occurredBefore = march }, matches: { _ in false }),
            Filter("exporter", { $0.exporter = "NW-DE" }, matches: { $0.exporter.entity == "NW-DE" }),
            Filter("importer", { $0.importer = "NW-IN" }, matches: { $0.importer.entity == "NW-IN" }),
            Filter("party on either side", { $0.party = "NW-FR" }, matches: { $0.exporter.entity == "NW-FR" || $0.importer.entity == "NW-FR" }),
            Filter("party nobody is", { $0.party = "NW-XX" }, matches: { _ in false }),
            Filter("role processor", { $0.role = .processor }, matches: { $0.exporter.role == .processor || $0.importer.role == .processor }),
            Filter("role subProcessor", { $0.role = .subProcessor }, matches: { $0.exporter.role == .subProcessor || $0.importer.role == .subProcessor }),
            Filter("role jointController", { $0.role = .jointController }, matches: { $0.exporter.role == .jointController || $0.importer.role == .jointController }),
            Filter("destination", { $0.destination = "BR" }, matches: { $0.destination == "BR" }),
            Filter("region THIRD_COUNTRY", { $0.region = .thirdCountry }, matches: { region(of: $0) == .thirdCountry }),
            Filter("region ADEQUATE", { $0.region = .adequate }, matches: { region(of: $0) == .adequate }),
            Filter("region EEA", { $0.region = .eea }, matches: { region(of: $0) == .eea }),
            Filter("region INTERNATIONAL_ORGANISATION", { $0.region = .internationalOrganisation }, matches: { region(of: $0) == .internationalOrganisation }),
            Filter("mechanism", { $0.mechanism = .sccCommission }, matches: { $0.mechanism == .sccCommission }),
            Filter("family NONE", { $0.family = MechanismFamily.none }, matches: { family(of: $0.mechanism) == .none }),
            Filter("family ADEQUACY", { $0.family = .adequacy }, matches: { family(of: $0.mechanism) == .adequacy }),
            Filter("family SAFEGUARDS_46", { $0.family = .safeguards46 }, matches: { family(of: $0.mechanism) == .safeguards46 }),
            Filter("family DEROGATION_49", { $0.family = .derogation49 }, matches: { family(of: $0.mechanism) == .derogation49 }),
            Filter("data category identity", { $0.dataCategory = .identity }, matches: { $0.dataCategories.contains(.identity) }),
            Filter("data category financial", { $0.dataCategory = .financial }, matches: { $0.dataCategories.contains(.financial) }),
            Filter("data category other (last bit)", { $0.dataCategory = .other }, matches: { $0.dataCategories.contains(.other) }),
            Filter("data category nobody has", { $0.dataCategory = .paymentCard }, matches: { _ in false }),
            Filter("with special categories", { $0.specialCategories = true }, matches: { !$0.specialCategories.isEmpty }),
            Filter("without special categories", { $0.specialCategories = false }, matches: { $0.specialCategories.isEmpty }),
            Filter("filters combine with AND", { $0.party = "NW-FR"; $0.region = .adequate; $0.specialCategories = true },
                   matches: { ($0.exporter.entity == "NW-FR" || $0.importer.entity == "NW-FR") && region(of: $0) == .adequate && !$0.specialCategories.isEmpty }),
        ]
    }()

    /// The expected keys for `matches`, oldest first and in recording order within the same instant.
    static func expectedKeys(_ matches: (Transfer) -> Bool) -> [String] {
        transfers.enumerated()
            .filter { matches($0.element) }
            .sorted { ($0.element.occurredAt, $0.offset) < ($1.element.occurredAt, $1.offset) }
            .map(\.element.idempotencyKey)
    }

    /// The suite's ledger on `backend` (SQLite unless said), read-only. The filter and limit tests
    /// run on SQLite one ledger each; `everyFilterAndLimitGivesTheSameOnPostgreSQL` runs them all in
    /// one database, to keep the suite quick.
    static func withLedger(_ backend: Backend = .sqlite, _ body: (Ledger) throws -> Void) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Ledger.create(at: scratch.path)
        try ledger.record(contentsOf: transfers)
        try body(try Ledger(path: ledger.path, readOnly: true))
    }

    @Test(arguments: Backend.allCases)
    func theHandWrittenRegionsAgreeWithTheLedger(_ backend: Backend) throws {
        try Self.withLedger(backend) { ledger throws in
            for recorded in try ledger.transfers(matching: TransferQuery()) {
                #expect(recorded.region == Self.region(of: recorded.transfer), "\(recorded.transfer.idempotencyKey)")
            }
        }
    }

    @Test(arguments: filters)
    func returnsExactlyTheMatchingTransfers(_ filter: Filter) throws {
        try Self.withLedger { ledger throws in
            let expected = Self.expectedKeys(filter.matches)
            #expect(try ledger.keys(matching: filter.query) == expected)
            var streamed: [String] = []
            try ledger.forEachTransfer(matching: filter.query) { streamed.append($0.transfer.idempotencyKey) }
            #expect(streamed == expected)
        }
    }

    /// PostgreSQL pages its queries by (occurredAt, seq) and applies limits itself: every filter and
    /// limit gives there exactly what it gives on SQLite, in one database for the whole suite of filters.
    @Test func everyFilterAndLimitGivesTheSameOnPostgreSQL() throws {
        let scratch = try Backend.postgres.makeLocation()
        defer { scratch.remove() }
        let ledger = try Ledger.create(at: scratch.path)
        try ledger.record(contentsOf: Self.transfers)
        let reader = try Ledger(path: scratch.path, readOnly: true)
        for filter in Self.filters {
            #expect(try reader.keys(matching: filter.query) == Self.expectedKeys(filter.matches), "\(filter.name)")
        }
        for limit in [-1, 0, 1, 3, 11, 50] {
            var query = TransferQuery()
            query.limit = limit
            query.region = .thirdCountry
            #expect(try reader.keys(matching: query) == Array(Self.expectedKeys { Self.region(of: $0) == .thirdCountry }.prefix(max(0, limit))), "limit \(limit)")
        }
    }

    @Test func theFiltersAreNotVacuous() {
        // Each filter except the deliberate empty ones selects something and leaves something out.
        for filter in Self.filters where !["everything", "empty time range", "party nobody is", "data category nobody has"].contains(filter.name) {
            let count = Self.expectedKeys(filter.matches).count
            #expect(count > 0 && count < Self.transfers.count, "\(filter.name) selects \(count)")
        }
    }

    @Test(arguments: [0, 1, 3, 11, 50])
    func limitReturnsTheOldestMatches(limit: Int) throws {
        try Self.withLedger { ledger throws in
            var query = TransferQuery()
            query.limit = limit
            #expect(try ledger.keys(matching: query) == Array(Self.expectedKeys { _ in true }.prefix(limit)))
            query.region = .thirdCountry
            #expect(try ledger.keys(matching: query) == Array(Self.expectedKeys { Self.region(of: $0) == .thirdCountry }.prefix(limit)))
        }
    }

    @Test func aNegativeLimitReturnsNothing() throws {
        try Self.withLedger { ledger throws in
            var query = TransferQuery()
            query.limit = -1
            #expect(try ledger.keys(matching: query) == [])
        }
    }

    @Test(arguments: Backend.allCases)
    func resultsCarryTheirChainPosition(_ backend: Backend) throws {
        try Self.withLedger(backend) { ledger throws in
            for recorded in try ledger.transfers(matching: TransferQuery()) {
                let entry = try ledger.entry(at: recorded.seq)
                #expect(entry.hash == recorded.hash)
                #expect(entry.recordedAt == recorded.recordedAt.rfc3339)
                #expect(Self.transfers[Int(recorded.seq)] == recorded.transfer)
            }
        }
    }

    /// Results come back whole and in order however many there are, and a row that cannot be decoded
    /// stops the query with an error.
    @Test(arguments: Backend.allCases)
    func largeResultsKeepTheirOrderAndAnUndecodableRowStopsTheQuery(_ backend: Backend) throws {
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let count = 549
        // Recorded newest first, so occurrence order is the reverse of chain order.
        let transfers = (0..<count).map { index -> Transfer in
            Fixture.transfer(key: "chunk-\(index)", at: Timestamp(microseconds: Fixture.time("2026-03-01T00:00:00Z").microseconds
                                                                    - Int64(index) * 1_000_000).rfc3339)
        }
        let ledger = try Ledger.create(at: directory.path)
        try ledger.record(contentsOf: transfers)
        let found = try Ledger(path: ledger.path, readOnly: true).transfers(matching: TransferQuery())
        #expect(found.map(\.transfer.idempotencyKey) == transfers.reversed().map(\.idempotencyKey))
        #expect(found.map(\.seq) == Array((0..<UInt64(count)).reversed()))

        // Corrupt the private document of a transfer near the end of the results.
        try EntryKindFixture.tamper(directory.path) { try $0.execute("UPDATE transfer_private SET document = 'not json' WHERE seq = 3") }
        #expect(throws: LedgerError.self) { try Ledger(path: ledger.path, readOnly: true).transfers(matching: TransferQuery()) }
    }
}
