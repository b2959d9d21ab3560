import Foundation
import LedgerSample
import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// The header names the controller from registry entries the bundle carries with inclusion proofs,
/// and verify-report checks it offline.
@Suite("Report bundles: the controller")
struct ReportControllerTests {
    typealias Bundle = ExportBundleTests.Fixture

    static func tail(_ fixture: Bundle) throws -> JSONObject {
        try #require(try JSONParser.parse("{" + (try fixture.reportLines().last ?? "").dropFirst(2)).objectValue)
    }

    @Test(arguments: Backend.allCases)
    func theHeaderNamesTheGroupItsExportersAndTheLeadAuthority(_ backend: Backend) throws {
        let fixture = try Bundle(backend, transfers: 40)
        defer { fixture.remove() }
        #expect(fixture.verify().isValid, "\(fixture.verify().problems)")
        let tail = try Self.tail(fixture)
        let controller = try #require(tail["header"]?.objectValue?["controller"]?.objectValue)
        let group = try #require(controller["group"]?.objectValue)
        #expect(group["legalName"] == .string("Nordwind Group SE") && group["contactEmail"] == .string("dpo@nordwind.example"))
        let exporters = controller["exporters"]?.arrayValue ?? []
        let exporting = Set(fixture.transfers.map(\.exporter.entity))
        #expect(Set(exporters.compactMap { $0.objectValue?["code"]?.stringValue }).isSubset(of: exporting) && !exporters.isEmpty)
        #expect(exporters.allSatisfy { $0.objectValue?["legalName"] != nil && $0.objectValue?["country"] != nil }, "\(exporters)")
        let instruments = controller["bcr"]?.arrayValue ?? []
        #expect(instruments.compactMap { $0.objectValue?["leadAuthority"]?.stringValue } == ["CNIL", "CNIL"])
        // One registry entry per named fact, each with its proof.
        let registry = tail["evidence"]?.objectValue?["registry"]?.arrayValue ?? []
        #expect(registry.count == 1 + exporters.count + instruments.count)
        let page = String(decoding: try fixture.read(ReportBundle.htmlFile), as: UTF8.self)
        for text in ["Nordwind Group SE", "dpo@nordwind.example", "CNIL for BCR-C-NW-2021", "Exporting entities"] {
            #expect(page.contains(text), "missing \(text)")
        }
    }

    /// Each change, made consistently in report.json and the page and re-signed: verify-report refuses it.
    enum Tampering: CaseIterable { case legalName, droppedEntry, alteredEntry }

    @Test(arguments: Tampering.allCases)
    func aControllerTheEntriesDoNotProveIsRefused(_ tampering: Tampering) throws {
        let fixture = try Bundle(.sqlite, transfers: 20)
        defer { fixture.remove() }
        var document = try Self.tail(fixture)
        var evidence = try #require(document["evidence"]?.objectValue)
        var registry = evidence["registry"]?.arrayValue ?? []
        let expected: String
        switch tampering {
        case .legalName:
            let text = String(decoding: CanonicalJSON.encode(.object(document)), as: UTF8.self)
                .replacingOccurrences(of: "Nordwind Group SE", with: "Another Group SE")
            document = try #require(try JSONParser.parse(text).objectValue)
            expected = "header.controller"
        case .droppedEntry:
            let group = try #require(registry.firstIndex { item in
                // A format-2 entry's payload is beside its canonical bytes (FORMAT.md §22.5).
                let bytes = Base64.decode(item.objectValue?["payload"]?.stringValue ?? item.objectValue?["canonical"]?.stringValue ?? "") ?? []
                return String(decoding: bytes, as: UTF8.self).contains(#""kind":"group""#)
            })
            registry.remove(at: group)
            expected = "header.controller"
        case .alteredEntry:
            var item = try #require(registry.first?.objectValue)
            var bytes = try #require(Base64.decode(item["canonical"]?.stringValue ?? ""))
            let at = try #require(bytes.lastIndex(of: UInt8(ascii: "1")))
            bytes[at] = UInt8(ascii: "2")
            item["canonical"] = .string(Base64.encode(bytes))
            registry[0] = .object(item)
            expected = "evidence.registry[0]"
        }
        if tampering != .legalName {
            evidence["registry"] = .array(registry)
            document["evidence"] = .object(evidence)
        }
        var lines = try fixture.reportLines()
        lines[lines.count - 1] = String(decoding: ReportBundle.closingLine(document).dropLast(), as: UTF8.self)
        try fixture.writeReport(lines)
        try fixture.write(ReportBundle.htmlFile, Array(ReportHTML.render(report: .object(document)).utf8))
        try fixture.resign()
        let problems = fixture.verify().problems
        #expect(problems.contains { $0.location == expected }, "\(tampering): \(problems)")
    }

    @Test(arguments: Backend.allCases)
    func exportRefusesALedgerWithoutTheGroupAndRecordsNothing(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try EntryKindFixture.ledger(at: scratch.path)
        try ledger.record(EntryKindFixture.compliant("t-1"))
        let size = try ledger.root().size
        let request = ReportRequest(reportID: "R", addressee: "A", generatedAt: Fixture.time("2026-12-01T00:00:00Z"),
                                    periodStart: Fixture.time("2026-01-01T00:00:00Z"), periodEnd: Fixture.time("2027-01-01T00:00:00Z"))
        #expect {
            try ledger.exportReport(request, signer: try MerkleFixtures.signer(), to: scratch.file("bundle"))
        } throws: { error in
            guard case .ledger(.rejected(let record)) = error as? ReportExportError else { return false }
            return record.field == "group" && record.rule == .missingField
        }
        #expect(try ledger.root().size == size, "no checkpoint was signed")
        #expect(!FileManager.default.fileExists(atPath: scratch.file("bundle")))
    }

    @Test func theContactIsAFunctionsNeverAPersons() throws {
        func fact(_ members: String) throws -> RegistryFact {
            try RegistryFact(line: JSONParser.parse(#"{"kind":"group","id":"G","legalName":"Nordwind Group SE",\#(members)"validFrom":"2021-01-01"}"#))
        }
        for mailbox in ["dpo@nordwind.example", "Data.Protection@nordwind.example", "privacy-office@nw.example.org"] {
            #expect(throws: Never.self) { try fact(#""contactEmail":"\#(mailbox)","#) }
        }
        for (members, rule) in [(#""contactEmail":"jane.doe@nordwind.example","#, RecordError.Rule.personalData),
                                (#""contactEmail":"dpo@localhost","#, .invalidCode), (#""contactEmail":"dpo","#, .invalidCode), ("", .missingField)] {
            #expect { try fact(members) } throws: { ($0 as? RecordError)?.rule == rule }
        }
        // A postal address is free text, screened like every registry text.
        #expect { try fact(#""contactAddress":"DPO, Nordwind, call +33 1 42 68 53 00","#) } throws: { error in
            (error as? RecordError)?.rule == .personalData && (error as? RecordError)?.field.hasSuffix("contactAddress") == true
        }
        #expect(throws: Never.self) { try fact(#""contactAddress":"Data Protection Officer, Nordwind Group SE, 12 quai de la Seine, Paris","#) }
    }
}

extension JSONValue {
    /// The elements, when this is an array.
    fileprivate var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { elements } else { nil }
    }
}
