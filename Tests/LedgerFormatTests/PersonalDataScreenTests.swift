import Testing
@testable import LedgerFormat

/// Issue 14 §1: each detector of the personal-data screen (R18), with texts it must catch, of the
/// right kind, and look-alikes it must let through. Check digits were computed independently of
/// this code (a short Python script per algorithm), so a wrong table here cannot pass its own vectors.
@Suite("PersonalDataScreen: what R18 refuses, and what it lets through")
struct PersonalDataScreenTests {
    typealias Kind = PersonalDataScreen.Kind

    @Test(arguments: [
        // e-mail, plain and obfuscated
        ("file of jane.doe@client.de", Kind.email),
        ("contact jane.doe (at) example dot com", .email),
        ("contact jane.doe[at]example[dot]com", .email),
        ("write to j.smith (at) client.co.uk", .email),
        ("send it to jsmith at example dot com", .email),
        ("ops{at}nordwind-example{dot}fr", .email),
        // phone numbers
        ("call +33 6 12 34 56 78", .phoneNumber),
        ("call 06 12 34 56 78", .phoneNumber),
        ("reachable on +44 (0)20 7946 0958 after 6pm", .phoneNumber),
        ("hotline 0049 30 1234 5678", .phoneNumber),
        ("UK office 020 7946 0958", .phoneNumber),
        ("Berlin desk 030/1234567", .phoneNumber),
        ("US contact (212) 555-0123", .phoneNumber),
        ("mobile 347 123 4567", .phoneNumber),
        ("tel. 612 34 56 78", .phoneNumber),
        // IBAN and cards
        ("IBAN FR76 3000 6000 0112 3456 7890 189", .iban),
        ("refund to DE89 3704 0044 0532 0130 00", .iban),
        ("card 4111 1111 1111 1111", .cardNumber),
        ("paid with 5500-0000-0000-0004", .cardNumber),
        // IP addresses
        ("login from 192.168.10.24 blocked", .ipAddress),
        ("host 10.1.2.3", .ipAddress),
        ("client fe80::1ff:fe23:4567:890a seen", .ipAddress),
        ("address 2001:db8:85a3::8a2e:370:7334", .ipAddress),
        ("2001:0db8:85a3:0000:0000:8a2e:0370:7334", .ipAddress),
        // dates of birth, in context
        ("employee born 1984-03-02", .dateOfBirth),
        ("DOB 02/03/1984", .dateOfBirth),
        ("d.o.b. 2.3.84", .dateOfBirth),
        ("née le 2 mars 1984 à Lyon", .dateOfBirth),
        ("geboren am 2. März 1984", .dateOfBirth),
        ("date of birth: March 2, 1984", .dateOfBirth),
        ("birthdate 1984/03/02", .dateOfBirth),
        // passports, in context
        ("passport no. X1234567", .passportNumber),
        ("copy of passport 12AB34567 attached", .passportNumber),
        ("Reisepass Nr. C01X00T47", .passportNumber),
        // national identifiers
        ("NIR 2 69 05 49 588 157 80", .frenchNIR),
        ("NIR 185057800608491", .frenchNIR),
        ("SSN 078-05-1120", .usSSN),
        ("Steuer-ID 86095742719", .germanTaxID),
        ("tax id 47 036 892 816", .germanTaxID),
        ("CF RSSMRA85T10A562S", .italianFiscalCode),
        ("codice fiscale bncgnn80a01h501t", .italianFiscalCode),
        ("DNI 12345678Z", .spanishDNI),
        ("DNI 87654321-X", .spanishDNI),
        ("NIE X1234567L", .spanishDNI),
        ("BSN 111222333", .dutchBSN),
        ("burgerservicenummer 123456782", .dutchBSN),
        ("rijksregisternummer 85.07.30-033.28", .belgianNationalNumber),
        ("national number 01020312345", .belgianNationalNumber),
        ("PESEL 44051401359", .polishPESEL),
        ("PESEL 02270803624", .polishPESEL),
        ("personnummer 811228-9874", .swedishPersonnummer),
        ("pnr 19811228-9874", .swedishPersonnummer),
        ("personnummer 8112289874", .swedishPersonnummer),
        ("ref 900101+1239", .swedishPersonnummer),
    ] as [(String, Kind)])
    func catches(_ text: String, _ kind: Kind) {
        #expect(PersonalDataScreen.firstMatch(in: text) == kind, "\(text)")
    }

    @Test(arguments: [
        // references, tickets, keys
        "batch 2026-05-01, ticket CHG-4411",
        "idempotency payroll-svc:2026-05-01T00:00:00Z",
        "BCR-C-2019-v4 and TIA-IN-2026-03 apply",
        "order 1234567890123",
        "contract DPA-2024-00017, PO 4500012345",
        "invoice INV-0001234567 settled",
        // dates, times and amounts
        "window 2026-05-01T08:15:30.500Z to 2026-05-02T00:00:00Z",
        "run of 01/05/2026 at 14:00 CET",
        "EUR 1,250,000.00 budget, 3.5% fee",
        "12:30:45 UTC restart",
        // versions and sections
        "upgraded to version 2.10.1.3",
        "release v1.2.3.4 deployed",
        "clause 15.1(a) of the SCCs, Recital 108",
        // obfuscation look-alikes
        "meet at the office dot matrix printer",
        "look at this dot point",
        "deployed at eu-west.aws region",
        "std::map and Foo::Bar in the parser",
        // context words without an identifier after them
        "date of birth column removed on 2026-05-01",
        "passport scans are not transferred",
        "call scheduled for 2026-05-01",
        "phone support tier 2",
        "BSN field dropped in 2025",
        // numbers with the right length but the wrong check
        "Steuer-ID 86095742718",
        "ref 26039485174",
        "CF RSSMRA85T10A562X",
        "DNI 12345678A",
        "BSN 111222334",
        "PESEL 44051401358",
        "personnummer 811228-9875",
        "NIR 2 69 05 49 588 157 81",
        "IBAN FR76 3000 6000 0112 3456 7890 188",
        "card 4111 1111 1111 1112",
        "address 256.1.2.3 is invalid",
        "count 123456789 rows",
    ])
    func letsThrough(_ text: String) {
        #expect(PersonalDataScreen.firstMatch(in: text) == nil, "\(text) → \(String(describing: PersonalDataScreen.firstMatch(in: text)))")
    }

    @Test func everyKindHasACaughtExample() {
        // A kind added without a detector test above would otherwise go untested.
        let tested: Set<Kind> = [.email, .phoneNumber, .iban, .cardNumber, .ipAddress, .dateOfBirth, .passportNumber, .frenchNIR,
                                 .usSSN, .germanTaxID, .italianFiscalCode, .spanishDNI, .dutchBSN, .belgianNationalNumber,
                                 .polishPESEL, .swedishPersonnummer]
        #expect(Set(Kind.allCases) == tested)
    }

    @Test func theRefusalNamesFieldKindAndRuleButNeverTheValue() {
        do {
            try PersonalDataScreen.refuse("escalated by jane.doe@client.example", field: "notes")
            Issue.record("an e-mail address was not refused")
        } catch {
            #expect(error.field == "notes" && error.rule == .personalData)
            #expect(error.inRecord(3).description
                == "record 3, field notes: looks like it contains personal data (an e-mail address); the ledger keeps no personal data in free text [R18]")
            #expect(!error.description.contains("jane"))
        }
    }

    /// The screen of rule set 2026.06 stays as it was, so recorded verdicts replay; the new one
    /// must find all it found, or an accepted entry could carry its R18 finding.
    @Test(arguments: [
        "file of jane.doe@client.de", "call +33 6 12 34 56 78", "call 06 12 34 56 78", "IBAN FR76 3000 6000 0112 3456 7890 189",
        "card 4111 1111 1111 1111", "SSN 078-05-1120", "NIR 2 69 05 49 588 157 80", "run of 01.05.2026 10:00",
    ])
    func theNewScreenFindsAllTheOldOneFound(_ text: String) {
        #expect(R18FlaggingScreen.firstMatch(in: text) != nil, "\(text)")
        #expect(PersonalDataScreen.firstMatch(in: text) != nil, "\(text)")
    }

    @Test(arguments: ["employee born 1984-03-02", "host 10.1.2.3", "passport no. X1234567", "PESEL 44051401359", "order 1234567890123"])
    func theOldScreenIsFrozen(_ text: String) {
        #expect(R18FlaggingScreen.firstMatch(in: text) == nil, "\(text)")
    }

    @Test func decodersRefuseOnlyWhatTheOldScreenRefused() throws {
        #expect(throws: RecordError.self) { try PersonalDataScreen.refuseAsRecordedBefore("jane.doe@client.de", field: "legalName") }
        try PersonalDataScreen.refuseAsRecordedBefore("gateway 10.20.30.40", field: "legalName")
    }

    /// Property: idempotency keys made of random UUIDs (hex groups 8-4-4-4-12) are never refused.
    @Test func randomUUIDKeysAreClean() {
        var generator = SplitMix64(seed: 1414)
        let hex = Array("0123456789abcdef")
        for _ in 0..<5_000 {
            let groups = [8, 4, 4, 4, 12].map { length in String((0..<length).map { _ in hex[Int.random(in: 0..<16, using: &generator)] }) }
            let key = "svc:payroll:" + groups.joined(separator: "-")
            #expect(PersonalDataScreen.firstMatch(in: key) == nil, "\(key)")
        }
    }

    /// Property: references with random ISO dates, ticket and TIA numbers are never refused (seeded,
    /// and a failure names its input).
    @Test func randomReferencesWithDatesAreClean() {
        var generator = SplitMix64(seed: 14)
        for _ in 0..<2_000 {
            let year = Int.random(in: 2000...2035, using: &generator), month = Int.random(in: 1...12, using: &generator)
            let day = Int.random(in: 1...28, using: &generator), ticket = Int.random(in: 1...99_999, using: &generator)
            let text = "batch \(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day), ticket CHG-\(ticket), TIA-IN-\(year)-\(month)"
            #expect(PersonalDataScreen.firstMatch(in: text) == nil, "\(text)")
        }
    }
}
