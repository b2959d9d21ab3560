import Foundation
import LedgerFormat
import LedgerSample
import LedgerTestSupport
import Testing
import TransferLedger

/// One verdict type: what `check` returns, what `record` returns and what a query reads back are the
/// same value, with typed findings, and a verdict of a newer rule set still reads back.
@Suite struct VerdictTests {
    /// A verdict with a rule and a flag this build does not know, as a newer rule set might record it.
    static let newer = #"{"findings":[{"check":"R99.future","fields":["destination"],"message":"a newer rule","rule":"R99","severity":"FAIL"},{"check":"R7.tiaMissing","fields":["tiaRef"],"message":"no TIA","rule":"R7","severity":"WARN"}],"flags":["exceptional","futureFlag"],"ruleSetVersion":"2030.01-R1-R99.1","status":"nonCompliant"}"#

    @Test func checkRecordAndQueryGiveTheSameVerdict() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try Ledger.create(at: directory.file("v.ledger"))
        // No registry recorded: every reference is unknown, so the verdict has FAIL findings.
        let transfer = try #require(SampleGroup.transfers(count: 1, endingAt: SampleGroup.yearEnd).first)
        let checked = try ledger.check(transfer)
        let receipt = try ledger.record(transfer)
        let repeated = try ledger.record(transfer)
        let queried = try #require(try ledger.transfers(matching: TransferQuery()).first)
        #expect(checked.status == .nonCompliant)
        #expect(checked.rules.contains(.registry), "\(checked.findings)")
        #expect(checked.findings.contains { $0.severity == .fail && $0.rule == .registry && !$0.message.isEmpty })
        #expect(receipt.verdict == checked)
        #expect(repeated.duplicate && repeated.verdict == checked, "a repeated record reads its verdict back from storage")
        #expect(queried.verdict == checked)
        #expect(queried.verdict?.findings == checked.findings && queried.verdict?.flags == checked.flags)
        #expect(queried.recordedAt == receipt.recordedAt)
    }

    @Test func aVerdictOfANewerRuleSetReadsBackTypedAndByteIdentical() throws {
        let verdict = try PolicyVerdict(json: JSONParser.parse(Self.newer))
        #expect(verdict.rules == [RuleID(rawValue: "R99"), .r7])
        #expect(verdict.findings.map(\.severity) == [.fail, .warn])
        #expect(verdict.findings.first?.fields == ["destination"] && verdict.findings.first?.check == "R99.future")
        #expect(verdict.flags == [.exceptional, VerdictFlag(rawValue: "futureFlag")])
        #expect(verdict.ruleSetVersion == "2030.01-R1-R99.1" && verdict.status == .nonCompliant)
        #expect(verdict.contradiction == nil)
        #expect(verdict.jsonValue.canonicalText == Self.newer, "the stored bytes are kept as hashed")

        let decoded = try JSONDecoder().decode(PolicyVerdict.self, from: Data(Self.newer.utf8))
        #expect(decoded == verdict)
        #expect(try JSONDecoder().decode(PolicyVerdict.self, from: JSONEncoder().encode(verdict)) == verdict)
    }

    @Test func aFreshVerdictEncodesAsTheEngineHashesIt() throws {
        let finding = Finding(rule: .r6, check: "R6.noAgreement", severity: .fail, message: "no SCC", fields: ["mechanismRef"])
        let verdict = PolicyVerdict(ruleSetVersion: PolicyEngine.ruleSetVersion, findings: [finding], flags: [.exceptional])
        #expect(verdict.status == .nonCompliant)
        let decoded = try JSONDecoder().decode(PolicyVerdict.self, from: JSONEncoder().encode(verdict))
        #expect(decoded == verdict && decoded.findings == [finding] && decoded.flags == [.exceptional])
        #expect(try JSONDecoder().decode(Finding.self, from: JSONEncoder().encode(finding)) == finding)
    }

    @Test func anUnknownStatusOrMemberIsRefused() throws {
        for text in [Self.newer.replacingOccurrences(of: "nonCompliant", with: "mostlyFine"),
                     Self.newer.replacingOccurrences(of: #""status""#, with: #""extra":1,"status""#)] {
            #expect(throws: RecordError.self) { try PolicyVerdict(json: JSONParser.parse(text)) }
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(PolicyVerdict.self, from: Data(text.utf8)) }
        }
    }
}
