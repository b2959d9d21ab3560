import Foundation
import Testing
import LedgerSample
import TransferLedger

/// Issue 14 §1: the personal-data screen (R18) on whole corpora — no false positive on ordinary
/// business notes (`Vectors/clean-notes.txt`) and the demo's free text, and every identifier of
/// `Vectors/dirty-notes.txt` caught as the kind it is.
@Suite("PersonalDataScreen on corpora: business notes pass, identifiers are caught")
struct PersonalDataCorpusTests {
    static func lines(_ name: String) throws -> [String] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors/\(name)")
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
            .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
    }

    /// Every free text of the demo: registry facts, a year of transfers, corrections and a request.
    static func demoTexts() throws -> [(field: String, text: String)] {
        var texts = try SampleGroup.registryFacts().flatMap(\.freeText)
        let transfers = SampleGroup.transfers(count: 5_000, endingAt: SampleGroup.yearEnd)
        for transfer in transfers {
            transfer.forEachFreeText { field, text in texts.append((field(), text)) }
        }
        let recorded = transfers.prefix(20).enumerated().map { (seq: UInt64($0.offset), transfer: $0.element, rules: [RuleID.r6]) }
        texts += SampleGroup.corrections(of: Array(recorded), limit: 20).flatMap(\.freeText)
        texts += try SampleGroup.govAccessRequest(about: transfers[0], seq: 0).freeText
        return texts
    }

    @Test func businessNotesHoldNoIdentifier() throws {
        let notes = try Self.lines("clean-notes.txt")
        #expect(notes.count >= 200)
        let hits = notes.compactMap { note in PersonalDataScreen.firstMatch(in: note).map { "\(note) → \($0)" } }
        #expect(hits.isEmpty, "false positives: \(hits.count) of \(notes.count): \(hits)")
    }

    @Test func theDemosFreeTextHoldsNoIdentifier() throws {
        let texts = try Self.demoTexts()
        #expect(texts.count > 10_000)
        let fields = Set(texts.map(\.field))
        for field in ["legalName", "art46UnavailableReason", "reasonNote", "legalInstrumentCode", "mechanismRef", "contractRefs[0]"] {
            #expect(fields.contains(field), "the demo corpus has no \(field)")
        }
        let hits = texts.compactMap { entry in PersonalDataScreen.firstMatch(in: entry.text).map { "\(entry.field): \(entry.text) → \($0)" } }
        #expect(hits.isEmpty, "false positives: \(hits.count) of \(texts.count): \(hits.prefix(10))")
    }

    @Test func everyIdentifierIsCaughtAsItsKind() throws {
        let rows = try Self.lines("dirty-notes.txt")
        #expect(rows.count >= 100)
        var kinds: Set<PersonalDataScreen.Kind> = []
        var misses: [String] = []
        for row in rows {
            let parts = row.split(separator: "\t", maxSplits: 1).map(String.init)
            guard parts.count == 2, let kind = PersonalDataScreen.Kind(rawValue: parts[0]) else {
                Issue.record("malformed corpus row: \(row)")
                continue
            }
            kinds.insert(kind)
            let found = PersonalDataScreen.firstMatch(in: parts[1])
            if found != kind { misses.append("\(parts[1]) → \(found.map(\.rawValue) ?? "nothing"), expected \(kind.rawValue)") }
        }
        #expect(kinds == Set(PersonalDataScreen.Kind.allCases), "kinds without a dirty note: \(Set(PersonalDataScreen.Kind.allCases).subtracting(kinds))")
        #expect(misses.isEmpty, "\(misses.count) of \(rows.count) missed or misnamed: \(misses)")
    }
}
