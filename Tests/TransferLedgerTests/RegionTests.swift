import Testing
import LedgerTestSupport
import TransferLedger

@Suite("Region derivation from the temporal reference data")
struct RegionTests {
    @Test(arguments: [
        ("JP", "2026-03-02T10:00:00Z", Region.adequate),
        ("DE", "2026-03-02T10:00:00Z", .eea),
        ("AX", "2026-03-02T10:00:00Z", .eea),
        ("IN", "2026-03-02T10:00:00Z", .thirdCountry),
        ("INT-EPO", "2026-03-02T10:00:00Z", .internationalOrganisation),
        ("INT-EPO", "2020-01-01T00:00:00Z", .internationalOrganisation),
        ("BR", "2026-01-25T00:00:00Z", .thirdCountry),
        ("BR", "2026-01-25T23:59:59.999999Z", .thirdCountry),
        ("BR", "2026-01-26T00:00:00Z", .adequate),
        ("BR", "2026-01-26T23:59:59Z", .adequate),
        ("JP", "2019-01-22T23:59:59Z", .thirdCountry),
        ("JP", "2019-01-23T00:00:00Z", .adequate),
        ("US", "2023-07-09T12:00:00Z", .thirdCountry),
        ("US", "2023-07-10T12:00:00Z", .adequate),
        ("GB", "2031-12-27T23:59:59Z", .adequate),
        ("GB", "2031-12-28T00:00:00Z", .thirdCountry),
    ])
    func derivesTheRegionOnTheDayOfTheTransfer(destination: String, at time: String, expected: Region) {
        #expect(ReferenceData.embedded.region(of: destination, at: Fixture.time(time)) == expected)
    }

    @Test func unknownCodesHaveNoRegion() {
        #expect(ReferenceData.embedded.region(of: "XX", at: Fixture.time("2026-01-01T00:00:00Z")) == nil)
        #expect(ReferenceData.embedded.region(of: "", at: Fixture.time("2026-01-01T00:00:00Z")) == nil)
    }

    @Test(arguments: Backend.allCases)
    func theLedgerStoresTheDerivedRegion(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Ledger.create(at: scratch.path)
        let cases: [(String, String, Region)] = [
            ("BR", "2026-01-25T23:59:59Z", .thirdCountry), ("BR", "2026-01-26T00:00:00Z", .adequate),
            ("JP", "2026-03-02T10:00:00Z", .adequate), ("DE", "2026-03-02T10:00:00Z", .eea),
            ("IN", "2026-03-02T10:00:00Z", .thirdCountry), ("INT-EPO", "2026-03-02T10:00:00Z", .internationalOrganisation),
        ]
        let transfers = cases.enumerated().map { index, item in Fixture.transfer(key: "r-\(index)", at: item.1, destination: item.0) }
        try ledger.record(contentsOf: transfers)
        let recorded = try ledger.transfers(matching: TransferQuery())
        #expect(Dictionary(uniqueKeysWithValues: recorded.map { ($0.transfer.idempotencyKey, $0.region) })
            == Dictionary(uniqueKeysWithValues: cases.enumerated().map { ("r-\($0.offset)", $0.element.2) }))
        #expect(try ledger.entry(at: 1).payloadText.contains(#""region":"ADEQUATE""#))
        #expect(try ledger.entry(at: 0).payloadText.contains(#""region":"THIRD_COUNTRY""#))
    }

    @Test func theEmbeddedTableCoversEveryCountry() {
        #expect(ReferenceData.embedded.codes.count == 250)
        #expect(ReferenceData.embedded.destination("INT-EPO")?.isInternationalOrganisation == true)
        #expect(ReferenceData.embedded.destination("BR")?.adequateSince == "2026-01-26")
    }
}
