import Testing
import LedgerTestSupport
import TransferLedger

/// Issue 14 §1, run through the binary: personal data in any free text is refused by `record`,
/// `check`, `correct`, `gov-access` and `registry add` — exit 65, the record, field, kind and rule
/// named, the value on neither stream, the ledger unchanged.
@Suite("ledger refuses personal data in free text (R18), never quoting it")
struct PersonalDataCLITests {
    /// The refusal's text for a field and kind, as stderr must show it.
    static func refusal(record: Int, field: String, _ kind: PersonalDataScreen.Kind) -> String {
        "record \(record), field \(field): looks like it contains personal data (\(kind.description)); the ledger keeps no personal data in free text [R18]"
    }

    /// Runs `arguments` with `input` and checks the refusal, the silence about `value` and the entry count.
    static func expectRefusal(_ session: CLISession, _ arguments: [String], input: [UInt8], expected: String, value: String) async throws {
        let before = try session.entryCount()
        let result = try await session.runGuarded(arguments, input: input)
        #expect(result.status == 65, "\(arguments[0]): \(result.stderr)")
        #expect(result.stderr.contains(expected), "\(arguments[0]): \(result.stderr)")
        #expect(!result.stderr.contains(value) && !result.stdout.contains(value), "\(arguments[0]) quoted the value")
        #expect(try session.entryCount() == before, "\(arguments[0]) wrote entries")
    }

    @Test(arguments: [
        ("notes", "escalated by jane.doe (at) client dot com", PersonalDataScreen.Kind.email),
        ("notes", "employee born 1984-03-02", .dateOfBirth),
        ("notes", "home IP 198.51.100.7", .ipAddress),
        ("art10Basis", "judgment on PESEL 44051401359", .polishPESEL),
    ])
    func recordAndCheckRefuseABatchWithPersonalDataInATransfer(field: String, value: String, kind: PersonalDataScreen.Kind) async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.initWithRegistry()
        var transfer = CLIFixture.transfer(key: "pd-\(field)")
        if field == "notes" { transfer.notes = value } else { transfer.art10Basis = value }
        let input = CLIFixture.ndjson([CLIFixture.transfer(key: "pd-good"), transfer])
        for command in ["record", "check"] {
            try await Self.expectRefusal(session, [command, "--db", session.db], input: input,
                                         expected: Self.refusal(record: 2, field: field, kind), value: value)
        }
    }

    @Test func correctRefusesPersonalDataInTheReasonAndInTheCorrectedTransfer() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let receipts = try await session.ledger()
        guard case .integer(let seq) = receipts[0]["seq"] else { Issue.record("receipt without seq"); return }
        let note = TransferCorrection(supersedes: UInt64(seq), reason: .other, reasonNote: "per Steuer-ID 86095742719",
                                      transfer: CLIFixture.three[0])
        try await Self.expectRefusal(session, ["correct", "--db", session.db], input: Array((note.jsonValue.canonicalText + "\n").utf8),
                                     expected: Self.refusal(record: 1, field: "reasonNote", .germanTaxID), value: "86095742719")
        var transfer = CLIFixture.three[0]
        transfer.notes = "paid to DE89 3704 0044 0532 0130 00"
        let corrected = TransferCorrection(supersedes: UInt64(seq), reason: .other, transfer: transfer)
        try await Self.expectRefusal(session, ["correct", "--db", session.db], input: Array((corrected.jsonValue.canonicalText + "\n").utf8),
                                     expected: Self.refusal(record: 1, field: "transfer.notes", .iban), value: "0532 0130")
    }

    @Test func govAccessRefusesPersonalDataInTheRequestsTexts() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.initWithRegistry()
        let request = #"{"requestId":"GAR-1","receivedBy":"NW-IN","country":"IN","authorityType":"court","legalInstrumentCode":"warrant for passport no. X1234567","receivedAt":"2026-04-01T09:00:00Z","dataCategoriesRequested":["identity"],"approxSubjectCount":"b1_10","relatedFlowIds":["payroll"],"relatedRecords":[],"exporterNotifiedAt":"2026-04-02T00:00:00Z","exporterNotificationProhibited":false,"dataSubjectNotified":false,"dataSubjectNotificationProhibited":false,"waiverSought":false,"challenged":false,"art48Basis":"internationalAgreement","art48BasisRef":"MLAT-EU-IN","outcome":"refused","minimisationApplied":false}"#
        let clean = request.replacingOccurrences(of: "warrant for passport no. X1234567", with: "MLAT-12").replacingOccurrences(of: "GAR-1", with: "GAR-0")
        try await Self.expectRefusal(session, ["gov-access", "--db", session.db], input: CLIFixture.ndjson(lines: [clean, request]),
                                     expected: Self.refusal(record: 2, field: "legalInstrumentCode", .passportNumber), value: "X1234567")
    }

    @Test func registryAddRefusesPersonalDataInAFact() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.initWithRegistry()
        let entity = #"{"kind":"entity","code":"NW-SE","legalName":"Nordwind AB, contact 811228-9874","country":"SE","groupMember":true,"validFrom":"2021-01-01"}"#
        let good = #"{"kind":"entity","code":"NW-DK","legalName":"Nordwind ApS","country":"DK","groupMember":true,"validFrom":"2021-01-01"}"#
        try await Self.expectRefusal(session, ["registry", "add", "--db", session.db], input: CLIFixture.ndjson(lines: [good, entity]),
                                     expected: Self.refusal(record: 2, field: "legalName", .swedishPersonnummer), value: "9874")
    }
}
