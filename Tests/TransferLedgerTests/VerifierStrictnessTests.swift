import Foundation
import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import LedgerSQLite
@testable import TransferLedger

/// Consistent rewrites (every hash, link and node recomputed) that only the payload checks of
/// FORMAT.md §7 can catch: each must be reported at the rewritten entry.
@Suite("Verifier strictness")
struct VerifierStrictnessTests {
    /// A ledger of the fixture's registry facts (entries 0 to `facts - 1`) then five transfers; returns
    /// its path and the seq of the first transfer.
    static func makeLedger(in directory: TemporaryDirectory) throws -> (path: String, firstTransfer: Int64) {
        let path = directory.file("strict.ledger")
        let ledger = try Ledger.create(at: path)
        let facts = try ledger.register(Fixture.registryFacts()).count
        try ledger.record(contentsOf: Fixture.transfers(5))
        return (path, Int64(facts))
    }

    /// Rewrites entry `seq`'s payload text with `change`, then recomputes everything after it.
    static func rewrite(_ path: String, entry seq: Int64, _ change: (String) -> String) throws {
        try RawLedger(location: path).tamper { raw in
            let payload = try #require(try raw.value("SELECT payload FROM entry WHERE seq = ?", .integer(seq)).text)
            let rewritten = change(payload)
            try #require(rewritten != payload)
            try raw.setPayload(seq: UInt64(seq), Array(rewritten.utf8))
            try raw.rehash(from: UInt64(seq))
        }
    }

    static func problems(_ path: String) throws -> [VerificationReport.Problem] {
        try Ledger(path: path, readOnly: true).verify().problems
    }

    @Test func anUntouchedLedgerIsIntact() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (path, _) = try Self.makeLedger(in: directory)
        #expect(try Self.problems(path) == [])
    }

    // MARK: parent (FORMAT.md §7)

    @Test(arguments: [("registry", Int64(0), "is a registry entry"), ("later", Int64(2), "is a later entry"), ("self", Int64(0), "is this entry itself")])
    func aParentThatIsNotAnEarlierTransferIsReported(_ name: String, _ target: Int64, _ reason: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (path, first) = try Self.makeLedger(in: directory)
        let seq = first + 1
        let parent = name == "registry" ? target : seq + (name == "later" ? 2 : 0)
        try Self.rewrite(path, entry: seq) { $0.replacingOccurrences(of: #","private":"#, with: #","parent":\#(parent),"private":"#) }
        let problems = try Self.problems(path)
        #expect(problems.map(\.seq) == [UInt64(seq)], "\(problems)")
        #expect(problems.first?.check == .payload)
        #expect(problems.first?.message.contains("parent \(parent) \(reason)") == true, "\(problems)")
        #expect(problems.first?.message.contains("R16") == true)
    }

    @Test func aParentThatIsAnEarlierTransferPasses() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (path, first) = try Self.makeLedger(in: directory)
        try Self.rewrite(path, entry: first + 1) { $0.replacingOccurrences(of: #","private":"#, with: #","parent":\#(first),"private":"#) }
        #expect(try Self.problems(path) == [])
    }
}

extension VerifierStrictnessTests {
    // MARK: integers beyond ±(2^53 − 1) (FORMAT.md §2)

    @Test(arguments: ["9007199254740992", "9223372036854775807", "18446744073709551616"])
    func aPayloadIntegerBeyondTwoToThe53IsRefused(_ number: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (path, first) = try Self.makeLedger(in: directory)
        let seq = first + 1
        try Self.rewrite(path, entry: seq) { $0.replacingOccurrences(of: #","private":"#, with: #","parent":\#(number),"private":"#) }
        let problems = try Self.problems(path)
        #expect(problems.map(\.seq) == [UInt64(seq)], "\(problems)")
        #expect(problems.first?.check == .payload)
        #expect(problems.first?.message.contains("parent") == true, "\(problems)")
    }

    @Test func theCanonicalReaderStopsAtTwoToThe53() throws {
        func read(_ text: String, signed: Bool = false) -> Int64? {
            Array(text.utf8).withUnsafeBufferPointer { bytes in
                var reader = CanonicalReader(bytes)
                return signed ? reader.integer() : reader.unsigned().map { Int64($0) }
            }
        }
        #expect(read("9007199254740991") == 9_007_199_254_740_991)
        #expect(read("-9007199254740991", signed: true) == -9_007_199_254_740_991)
        #expect(read("9007199254740992") == nil)
        #expect(read("-9007199254740992", signed: true) == nil)
    }
}

extension VerifierStrictnessTests {
    // MARK: the status follows from the severities (FORMAT.md §4.1)

    /// Rewrites entry `seq`'s recorded status (payload and transfer row alike) to `status`.
    static func rewriteStatus(_ path: String, entry seq: Int64, to status: String) throws -> String {
        var old = ""
        try rewrite(path, entry: seq) { payload in
            let match = payload.firstMatch(of: /"status":"([A-Za-z]+)"\}/)
            old = match.map { String($0.output.1) } ?? ""
            return payload.replacing(/"status":"[A-Za-z]+"\}/, with: #""status":"\#(status)"}"#)
        }
        let raw = try RawSQLite(path)
        let triggers = try TamperTests.triggers(of: raw)
        for trigger in triggers { try raw.execute("DROP TRIGGER \(trigger.name)") }
        try raw.rows("UPDATE transfer SET status = ? WHERE seq = ?", .text(status), .integer(seq))
        for trigger in triggers { try raw.execute(trigger.sql) }
        return old
    }

    @Test(arguments: ["compliant", "compliantWithWarnings", "nonCompliant", "exceptionApproved"])
    func aStatusThatContradictsTheFindingsIsReportedWithoutPolicy(_ status: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (path, first) = try Self.makeLedger(in: directory)
        let seq = first + 2
        let payload = try Ledger(path: path, readOnly: true).entry(at: UInt64(seq)).payloadText
        // Only a status other than the recorded one contradicts the findings.
        guard !payload.contains(#""status":"\#(status)"}"#) else { return }
        _ = try Self.rewriteStatus(path, entry: seq, to: status)
        let problems = try Self.problems(path)
        #expect(problems.map(\.seq) == [UInt64(seq)], "\(problems)")
        #expect(problems.first?.check == .payload)
        #expect(problems.first?.message.contains("status \(status) contradicts its findings") == true, "\(problems)")
    }

    @Test func aPolicyVerdictNamesEveryContradiction() throws {
        func verdict(_ status: String, _ severities: [String]) throws -> PolicyVerdict {
            let findings = severities.map { #"{"check":"c","fields":[],"message":"m","rule":"R1","severity":"\#($0)"}"# }
            let text = #"{"findings":[\#(findings.joined(separator: ","))],"flags":[],"ruleSetVersion":"x","status":"\#(status)"}"#
            return try PolicyVerdict(json: JSONParser.parse(text))
        }
        #expect(try verdict("compliant", []).contradiction == nil)
        #expect(try verdict("compliantWithWarnings", ["WARN"]).contradiction == nil)
        #expect(try verdict("nonCompliant", ["WARN", "FAIL"]).contradiction == nil)
        #expect(try verdict("compliant", ["FAIL"]).contradiction != nil)
        #expect(try verdict("compliantWithWarnings", []).contradiction != nil)
        #expect(try verdict("nonCompliant", ["WARN"]).contradiction != nil)
        #expect(try verdict("exceptionApproved", ["FAIL"]).contradiction != nil)
        #expect(try verdict("exceptionApproved", []).contradiction != nil)
        #expect(try verdict("nonCompliant", ["FAIL", "INFO"]).contradiction?.contains("severity 'INFO'") == true)
    }
}

extension VerifierStrictnessTests {
    // MARK: WAL mode is a recommendation, not the contract (FORMAT.md §6)

    @Test func aLedgerCopyOutsideWALModeVerifies() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (path, _) = try Self.makeLedger(in: directory)
        do {
            let raw = try RawSQLite(path)
            try raw.execute("PRAGMA journal_mode = DELETE")
            #expect(try raw.value("PRAGMA journal_mode").text == "delete")
        }
        #expect(try Self.problems(path) == [])
    }

    @Test func formatSection6DoesNotRequireWALMode() throws {
        let format = FormatExampleTests.format
        let section = try #require(format.range(of: "## 6. The SQLite file")).upperBound
        let end = try #require(format.range(of: "### 6.1", range: section..<format.endIndex)).lowerBound
        let text = String(format[section..<end])
        #expect(!text.contains("database file in WAL mode"))
        #expect(text.contains("The journal mode is not part of the contract"))
    }
}

extension VerifierStrictnessTests {
    /// A correction's corrected transfer is a transfer too: its `parent` must name an earlier transfer entry.
    @Test func aCorrectedTransfersParentThatIsARegistryEntryIsReported() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (path, first) = try Self.makeLedger(in: directory)
        let ledger = try Ledger(path: path)
        let original = try #require(Fixture.transfers(5).first)
        let receipts = try ledger.record(corrections: [TransferCorrection(supersedes: UInt64(first), reason: .roleMisclassified,
                                                                          reasonNote: "role reviewed, ticket CHG-9", transfer: original)])
        let seq = try #require(receipts.first?.seq)
        try Self.rewrite(path, entry: Int64(seq)) { $0.replacingOccurrences(of: #","private":"#, with: #","parent":0,"private":"#) }
        let problems = try Self.problems(path)
        #expect(problems.map(\.seq) == [seq], "\(problems)")
        #expect(problems.first?.message.contains("transfer.parent 0 is a registry entry") == true, "\(problems)")
    }
}
