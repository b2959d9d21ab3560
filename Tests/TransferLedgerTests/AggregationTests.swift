import Testing
import LedgerTestSupport
import TransferLedger

@Suite("TransferAggregation")
struct AggregationTests {
    /// Six transfers whose bands include an open-ended and an unknown one; expectations below are by hand.
    static let transfers: [Transfer] = {
        func make(_ key: String, _ at: String, _ exporter: Party, _ importer: Party, _ destination: String,
                  _ mechanism: TransferMechanism, _ band: CountBand) -> Transfer {
            var transfer = Fixture.transfer(key: key, at: at, exporter: exporter, importer: importer,
                                            destination: destination, mechanism: mechanism)
            transfer.subjectCount = band
            return transfer
        }
        func c(_ entity: String) -> Party { Party(entity: entity, role: .controller) }
        func p(_ entity: String) -> Party { Party(entity: entity, role: .processor) }
        return [
            make("a-0", "2026-03-05T10:00:00Z", c("NW-FR"), p("NW-IN"), "IN", .sccCommission, .b101_1k),
            make("a-1", "2026-01-10T00:00:00Z", c("NW-UK"), p("NW-IN"), "IN", .sccCommission, .b1k_10k),
            make("a-2", "2026-03-15T09:00:00Z", c("NW-FR"), c("NW-US"), "US", .derogationLegalClaims, .b1_10),
            make("a-3", "2026-02-01T00:00:00Z", c("NW-DE"), c("NW-US"), "US", .adequacy, .bOver1m),
            make("a-4", "2026-03-01T00:00:00Z", c("NW-FR"), c("NW-JP"), "JP", .adequacy, .unknown),
            make("a-5", "2026-01-31T23:59:59.999999Z", c("NW-DE"), c("NW-BR"), "BR", .bcrController, .b11_100),
        ]
    }()

    /// One expected line: key, transfers, lower, upper (nil = open), unknown bands, and the text.
    struct Row: Equatable, CustomStringConvertible {
        let key: String, transfers: Int, lower: Int, upper: Int?, unknown: Int, text: String
        init(_ key: String, _ transfers: Int, _ lower: Int, _ upper: Int?, _ unknown: Int, _ text: String) {
            (self.key, self.transfers, self.lower, self.upper, self.unknown, self.text) = (key, transfers, lower, upper, unknown, text)
        }
        init(_ group: TransferGroup) {
            self.init(group.key, group.transfers, group.subjects.lower, group.subjects.upper, group.subjects.unknownBands, group.subjects.text)
        }
        var description: String { "\(key): \(transfers), \(lower)…\(upper.map(String.init) ?? "open"), unknown \(unknown), '\(text)'" }
    }

    static let expected: [AggregationKey: [Row]] = [
        .destination: [Row("BR", 1, 11, 100, 0, "11–100"), Row("IN", 2, 1_102, 11_000, 0, "1,102–11,000"),
                       Row("JP", 1, 0, nil, 1, "unknown"), Row("US", 2, 1_000_002, nil, 0, "≥ 1,000,002")],
        .month: [Row("2026-01", 2, 1_012, 10_100, 0, "1,012–10,100"), Row("2026-02", 1, 1_000_001, nil, 0, "≥ 1,000,001"),
                 Row("2026-03", 3, 102, nil, 1, "≥ 102")],
        .role: [Row("controller→controller", 4, 1_000_013, nil, 1, "≥ 1,000,013"),
                Row("controller→processor", 2, 1_102, 11_000, 0, "1,102–11,000")],
        .family: [Row("ADEQUACY", 2, 1_000_001, nil, 1, "≥ 1,000,001"), Row("DEROGATION_49", 1, 1, 10, 0, "1–10"),
                  Row("SAFEGUARDS_46", 3, 1_113, 11_100, 0, "1,113–11,100")],
        .mechanism: [Row("adequacy", 2, 1_000_001, nil, 1, "≥ 1,000,001"), Row("bcrController", 1, 11, 100, 0, "11–100"),
                     Row("derogationLegalClaims", 1, 1, 10, 0, "1–10"), Row("sccCommission", 2, 1_102, 11_000, 0, "1,102–11,000")],
        .exporter: [Row("NW-DE", 2, 1_000_012, nil, 0, "≥ 1,000,012"), Row("NW-FR", 3, 102, nil, 1, "≥ 102"),
                    Row("NW-UK", 1, 1_001, 10_000, 0, "1,001–10,000")],
        .importer: [Row("NW-BR", 1, 11, 100, 0, "11–100"), Row("NW-IN", 2, 1_102, 11_000, 0, "1,102–11,000"),
                    Row("NW-JP", 1, 0, nil, 1, "unknown"), Row("NW-US", 2, 1_000_002, nil, 0, "≥ 1,000,002")],
    ]

    static func withLedger(_ backend: Backend, _ body: (Ledger) throws -> Void) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Ledger.create(at: scratch.path)
        try ledger.record(contentsOf: transfers)
        try body(try Ledger(path: ledger.path, readOnly: true))
    }

    @Test(arguments: Backend.allCases, AggregationKey.allCases)
    func groupsMatchTheHandComputedTotals(_ backend: Backend, _ key: AggregationKey) throws {
        try Self.withLedger(backend) { ledger throws in
            let aggregation = try ledger.aggregate(matching: TransferQuery(), by: key)
            #expect(aggregation.groups.map(Row.init) == Self.expected[key])
            #expect(aggregation.transferCount == Self.transfers.count)
        }
    }

    @Test(arguments: Backend.allCases)
    func theQueryNarrowsWhatIsGrouped(_ backend: Backend) throws {
        try Self.withLedger(backend) { ledger throws in
            var query = TransferQuery()
            query.destination = "US"
            let aggregation = try ledger.aggregate(matching: query, by: .family)
            #expect(aggregation.groups.map(Row.init) == [Row("ADEQUACY", 1, 1_000_001, nil, 0, "≥ 1,000,001"),
                                                         Row("DEROGATION_49", 1, 1, 10, 0, "1–10")])
            query.destination = "CA"
            #expect(try ledger.aggregate(matching: query, by: .family).groups.isEmpty)
        }
    }

    @Test func bandsAddAsRanges() {
        var range = SubjectRange()
        #expect(range.text == "0")
        range.add(.b1_10)
        #expect((range.lower, range.upper, range.text) == (1, 10, "1–10"))
        range.add(.b100k_1m)
        #expect((range.lower, range.upper, range.text) == (100_002, 1_000_010, "100,002–1,000,010"))
        range.add(.bOver1m)
        #expect((range.lower, range.upper, range.unknownBands) == (1_100_003, nil, 0))
        range.add(.b1_10)  // once open, the upper bound stays open
        #expect((range.lower, range.upper, range.text) == (1_100_004, nil, "≥ 1,100,004"))

        var unknown = SubjectRange()
        unknown.add(.unknown)
        unknown.add(.unknown)
        #expect((unknown.lower, unknown.upper, unknown.unknownBands, unknown.text) == (0, nil, 2, "unknown"))
    }

    @Test func groupedDigits() {
        #expect([0, 7, 999, 1_000, 12_345, 1_000_001, -4_500].map(SubjectRange.grouped) ==
                ["0", "7", "999", "1,000", "12,345", "1,000,001", "-4,500"])
    }
}
