import Foundation
import Testing
import LedgerTestSupport
import TransferLedger

/// Issue 14 §1: personal data in any free text is refused before anything is written (R18), on both
/// backends; and a ledger recorded while R18 only flagged still verifies and stays usable.
@Suite("R18: personal data in free text is refused, old flagged entries still verify")
struct PersonalDataRefusalTests {
    static let email = "jane.doe@client.example"

    /// Each free-text member of a transfer, with a note naming a different kind of identifier.
    static let transferCases: [(field: String, change: @Sendable (inout Transfer) -> Void, kind: PersonalDataScreen.Kind)] = [
        ("notes", { $0.notes = "escalated by \(email)" }, .email),
        ("notes", { $0.notes = "employee born 1984-03-02" }, .dateOfBirth),
        ("art10Basis", { $0.art10Basis = "court order for passport no. X1234567" }, .passportNumber),
        ("idempotencyKey", { $0.idempotencyKey = "export-192.168.10.24" }, .ipAddress),
        ("mechanismRef", { $0.mechanismRef = "SCC of \(email)" }, .email),
        ("contractRefs[1]", { $0.contractRefs = ["DPA-1", "DPA for PESEL 44051401359"] }, .polishPESEL),
    ]

    @Test(arguments: Backend.allCases)
    func aBatchWithPersonalDataInAnyFreeTextWritesNothing(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Ledger.create(at: scratch.path)
        try ledger.record(Fixture.transfer(key: "first"))
        for (field, change, kind) in Self.transferCases {
            var transfer = Fixture.transfer(key: "pd-\(field)")
            change(&transfer)
            let before = try ledger.entryCount()
            for attempt in [{ _ = try ledger.record(contentsOf: [Fixture.transfer(key: "fine-\(field)"), transfer]) },
                            { _ = try ledger.check([Fixture.transfer(key: "fine-\(field)"), transfer]) }] {
                do {
                    try attempt()
                    Issue.record("\(field): \(kind) was accepted")
                } catch LedgerError.rejected(let error) {
                    #expect(error.record == 2 && error.field == field && error.rule == .personalData, "\(error)")
                    #expect(error.message.contains(kind.description), "\(error)")
                    #expect(!error.description.contains("jane") && !error.description.contains("1984") && !error.description.contains("X1234567"))
                }
            }
            #expect(try ledger.entryCount() == before, "\(field)")
        }
    }

    @Test func correctionsRequestsAndRegistryFactsAreScreenedAsWholeBatches() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try Ledger.create(at: directory.file("t.ledger"))
        let first = try ledger.record(Fixture.transfer(key: "c-1"))
        let before = try ledger.entryCount()

        var corrected = Fixture.transfer(key: "c-1")
        corrected.notes = "moved to the account IBAN FR76 3000 6000 0112 3456 7890 189"
        let corrections: [(TransferCorrection, String)] = [
            (TransferCorrection(supersedes: first.seq, reason: .other, reasonNote: "asked by the employee, DOB 02/03/1984", transfer: Fixture.transfer(key: "c-1")), "reasonNote"),
            (TransferCorrection(supersedes: first.seq, reason: .other, transfer: corrected), "transfer.notes"),
        ]
        for (correction, field) in corrections {
            #expect(throws: LedgerError.rejected(RecordError(record: 1, field: field, rule: .personalData,
                                                              message: Self.message(field == "reasonNote" ? .dateOfBirth : .iban)))) {
                try ledger.record(corrections: [correction])
            }
        }

        let entity = try RegistryFact(line: JSONParser.parse(#"{"kind":"entity","code":"NW-X","legalName":"Nordwind, contact +44 (0)20 7946 0958","country":"FR","groupMember":true,"validFrom":"2021-01-01"}"#))
        let good = try RegistryFact(line: JSONParser.parse(#"{"kind":"entity","code":"NW-Y","legalName":"Nordwind Y SAS","country":"FR","groupMember":true,"validFrom":"2021-01-01"}"#))
        #expect(throws: LedgerError.rejected(RecordError(record: 2, field: "legalName", rule: .personalData, message: Self.message(.phoneNumber)))) {
            try ledger.register([good, entity])
        }
        #expect(try ledger.entryCount() == before)
    }

    static func message(_ kind: PersonalDataScreen.Kind) -> String {
        "looks like it contains personal data (\(kind.description)); the ledger keeps no personal data in free text"
    }

    /// `Vectors/legacy-r18.sql` holds the rows of a ledger recorded by the build before this change
    /// (dumped with `sqlite3 .dump`, inserted here into a new ledger's schema): a transfer whose notes hold an e-mail address (recorded nonCompliant with
    /// R18), one whose notes hold a date of birth and an IP address the old screen did not see, a
    /// correction and a request whose texts it did not see either, and an entity whose legal name
    /// holds an IP address. It must verify, replay its verdicts and take new entries.
    @Test func aLedgerRecordedWhileR18FlaggedStillVerifies() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("legacy.ledger")
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors/legacy-r18.sql")
        _ = try Ledger.create(at: path)
        do {
            let raw = try RawSQLite(path)
            // Dumped before schema version 6: its entries are format 1, the `format` column's default.
            let dump = String(decoding: try Data(contentsOf: url), as: UTF8.self)
                .replacingOccurrences(of: "INSERT INTO entry VALUES(", with: "INSERT INTO entry (seq, kind, recorded_at, prev_hash, hash, payload) VALUES(")
            try raw.execute("BEGIN; " + dump + " COMMIT;")
        }

        let ledger = try Ledger(path: path)
        let report = try ledger.verify(policy: true)
        #expect(report.isIntact, "\(report.problems)")
        let flagged = try ledger.transfers(matching: TransferQuery()).first { $0.seq == 4 }
        #expect(flagged?.verdict?.rules == [.r18] && flagged?.verdict?.status == .nonCompliant)

        // The same notes are refused now, and the ledger still takes clean entries.
        var again = Fixture.transfer(key: "legacy-again")
        again.notes = "employee born 1984-03-02, host 10.1.2.3"
        #expect(throws: LedgerError.self) { try ledger.record(again) }
        try ledger.record(Fixture.transfer(key: "legacy-clean"))
        #expect(try ledger.verify(policy: true).isIntact)
    }
}
