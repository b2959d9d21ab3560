import Foundation
import Testing
import LedgerTestSupport
import TransferLedger

/// Issue 11, item 17: personal data in a public reference (disclosed in the payload, report.json,
/// transfers.csv and report.html) is refused before writing, as `reasonNote` is, and the refusal
/// names the record, the field and the kind of identifier, never the value.
@Suite("Personal data in public references is refused, never recorded or quoted")
struct PublicReferenceCLITests {
    static let email = "jane.doe@client.example"

    @Test(arguments: ["mechanismRef", "tiaRef", "contractRefs"])
    func aPublicReferenceWithPersonalDataIsRefused(field: String) async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.initWithRegistry()
        let before = try session.entryCount()
        var transfer = CLIFixture.transfer(key: "pd-\(field)")
        switch field {
        case "mechanismRef": transfer.mechanismRef = "SCC for \(Self.email)"
        case "tiaRef": transfer.tiaRef = "TIA of \(Self.email)"
        default: transfer.contractRefs = ["DPA-1", "DPA of \(Self.email)"]
        }
        let good = CLIFixture.transfer(key: "pd-good")
        for command in ["record", "check"] {
            let result = try await session.runGuarded([command, "--db", session.db], input: CLIFixture.ndjson([good, transfer]))
            #expect(result.status == 65, "\(command): \(result.stderr)")
            let path = field == "contractRefs" ? "contractRefs[1]" : field
            #expect(result.stderr.contains("record 2, field \(path): looks like it contains personal data (an e-mail address)"), "\(result.stderr)")
            #expect(!result.stderr.contains(Self.email) && !result.stdout.contains(Self.email))
        }
        #expect(try session.entryCount() == before)
    }

    @Test func aCorrectionCarryingPersonalDataInAPublicReferenceIsRefused() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let receipts = try await session.ledger()
        let before = try session.entryCount()
        var transfer = CLIFixture.three[0]
        transfer.tiaRef = "call +33 6 12 34 56 78"
        guard case .integer(let seq) = receipts[0]["seq"] else { Issue.record("receipt without seq"); return }
        let correction = TransferCorrection(supersedes: UInt64(seq), reason: .roleMisclassified, transfer: transfer)
        let result = try await session.runGuarded(["correct", "--db", session.db], input: Array((correction.jsonValue.canonicalText + "\n").utf8))
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("field transfer.tiaRef: looks like it contains personal data (a phone number)"), "\(result.stderr)")
        #expect(!result.stderr.contains("12 34 56"))
        #expect(try session.entryCount() == before)
    }
}
