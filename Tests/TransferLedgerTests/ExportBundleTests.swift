import Foundation
import LedgerSample
import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// Export a real ledger, verify the bundle offline, then edit each file and check every edit is caught.
@Suite("Report bundles: export and offline verification")
struct ExportBundleTests {
    static let periodStart = Timestamp(microseconds: 1_735_689_600_000_000) // 2025-01-01
    static let periodEnd = Timestamp(microseconds: 1_767_225_600_000_000) // 2026-01-01

    /// A ledger with the sample group's registry and 120 transfers, exported to `bundle`.
    struct Fixture {
        let scratch: ScratchLedger
        let signer: NoteSigner
        let bundle: String
        let transfers: [Transfer]

        init(_ backend: Backend, narrowed: Bool = false, transfers count: Int = 120) throws {
            scratch = try backend.makeLocation()
            signer = try MerkleFixtures.signer()
            let ledger = try Ledger.create(at: scratch.path)
            try ledger.register(SampleGroup.registryFacts())
            transfers = MerkleFixtures.transfers(count)
            try ledger.record(contentsOf: transfers)
            bundle = scratch.file("bundle")
            var request = ReportRequest(reportID: "RPT-2025-SA", addressee: "CNIL (BCR lead SA)", group: "Nordwind Group",
                                        generatedAt: Timestamp(microseconds: 1_767_225_600_000_000),
                                        periodStart: ExportBundleTests.periodStart, periodEnd: ExportBundleTests.periodEnd)
            if narrowed { request.onBehalfOf = "CLIENT-ACME-DE" }
            _ = try ledger.exportReport(request, signer: signer, to: bundle)
        }

        func verify() -> ReportVerification {
            ReportVerifier.verify(bundle: bundle, keys: [signer.verifierKey])
        }

        func read(_ name: String) throws -> [UInt8] {
            Array(try Data(contentsOf: URL(fileURLWithPath: bundle + "/" + name)))
        }

        func write(_ name: String, _ bytes: [UInt8]) throws {
            try Data(bytes).write(to: URL(fileURLWithPath: bundle + "/" + name))
        }

        /// Signs the files as they now are, as an exporter with a bug (or the key) would.
        func resign() throws {
            var digests: [String: Digest] = [:]
            for name in ReportBundle.signedFiles { digests[name] = SHA256.hash(try read(name)) }
            let text = ReportBundle.signatureText(reportID: "RPT-2025-SA", digests: digests)
            try write(ReportBundle.signatureFile, Array(try SignedNote(text: text, signatures: [signer.sign(text)]).serialized.utf8))
        }

        /// report.json split into lines, each without its newline.
        func reportLines() throws -> [String] {
            String(decoding: try read(ReportBundle.reportFile), as: UTF8.self).split(separator: "\n").map(String.init)
        }

        func writeReport(_ lines: [String]) throws {
            try write(ReportBundle.reportFile, Array((lines.joined(separator: "\n") + "\n").utf8))
        }

        func remove() { scratch.remove() }
    }

    @Test(arguments: Backend.allCases)
    func aFreshBundleVerifies(_ backend: Backend) throws {
        let fixture = try Fixture(backend)
        defer { fixture.remove() }
        let result = fixture.verify()
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.reportID == "RPT-2025-SA")
        #expect(result.transfersInScope > 0)
        let csvRows = String(decoding: try fixture.read(ReportBundle.csvFile), as: UTF8.self).split(separator: "\r\n").count
        #expect(csvRows == result.transfersInScope + 1)
    }

    enum Tampering: String, CaseIterable {
        case headerByte, figure, entryByte, csvByte, htmlByte, droppedEntry, reorderedEntries, flippedInScope
    }

    /// Each edit, with report.sig re-signed so the deeper checks (not just the digests) must catch it;
    /// returns the location the problem must name.
    static func apply(_ tampering: Tampering, to fixture: Fixture) throws -> String {
        var lines = try fixture.reportLines()
        switch tampering {
        case .headerByte:
            lines[lines.count - 1] = lines[lines.count - 1].replacingOccurrences(of: "\"checkpointSize\":", with: "\"checkpointSize\":1")
            try fixture.writeReport(lines)
            return "header.checkpointSize"
        case .figure:
            let last = lines[lines.count - 1]
            let range = try #require(last.range(of: "\"specialCategoryRecords\":"))
            lines[lines.count - 1] = last.replacingCharacters(in: range, with: "\"specialCategoryRecords\":9")
            try fixture.writeReport(lines)
            return "sections.totals"
        case .entryByte:
            let line = lines[100]
            let object = try #require(try JSONParser.parse(String(line.dropFirst())).objectValue)
            // A format-2 entry's canonical bytes hold its header and digest; its payload is beside them.
            let canonical = try #require(object["payload"]?.stringValue ?? object["canonical"]?.stringValue)
            var bytes = try #require(Base64.decode(canonical))
            let at = try #require(bytes.lastIndex(of: UInt8(ascii: "b")))
            bytes[at] = UInt8(ascii: "c")
            lines[100] = line.replacingOccurrences(of: canonical, with: Base64.encode(bytes))
            try fixture.writeReport(lines)
            let seq = object["seq"]?.integerText ?? "?"
            return "entry \(seq)"
        case .csvByte:
            var csv = try fixture.read(ReportBundle.csvFile)
            csv[csv.count - 5] ^= 0x01
            try fixture.write(ReportBundle.csvFile, csv)
            return "row"
        case .htmlByte:
            var html = try fixture.read(ReportBundle.htmlFile)
            html[20] ^= 0x01
            try fixture.write(ReportBundle.htmlFile, html)
            return ""
        case .droppedEntry:
            lines.remove(at: 90)
            try fixture.writeReport(lines)
            return "entry"
        case .reorderedEntries:
            lines.swapAt(90, 91)
            try fixture.writeReport(lines)
            return "entry"
        case .flippedInScope:
            let index = try #require(lines.firstIndex { $0.contains("\"inScope\":true") })
            lines[index] = lines[index].replacingOccurrences(of: "\"inScope\":true", with: "\"inScope\":false")
            try fixture.writeReport(lines)
            return "entry"
        }
    }

    @Test(arguments: Backend.allCases, Tampering.allCases)
    func everyEditIsDetected(_ backend: Backend, tampering: Tampering) throws {
        let fixture = try Fixture(backend)
        defer { fixture.remove() }
        let location = try Self.apply(tampering, to: fixture)
        // Without re-signing, the signed digest alone catches the edit.
        let unsigned = fixture.verify()
        #expect(unsigned.problems.contains { $0.message.contains("is not the signed") }, "\(tampering): \(unsigned.problems)")
        try fixture.resign()
        let result = fixture.verify()
        #expect(!result.isValid, "\(tampering) went undetected")
        #expect(result.problems.contains { $0.location.hasPrefix(location) && !$0.message.contains("is not the signed") },
                "\(tampering): expected a problem at '\(location)', got \(result.problems)")
    }

    @Test(arguments: Backend.allCases)
    func aWrongKeyIsRejected(_ backend: Backend) throws {
        let fixture = try Fixture(backend)
        defer { fixture.remove() }
        let other = try MerkleFixtures.signer()
        let result = ReportVerifier.verify(bundle: fixture.bundle, keys: [other.verifierKey])
        #expect(result.problems.contains { $0.file == ReportBundle.signatureFile })
        #expect(result.problems.contains { $0.location == "evidence.checkpoint" })
    }

    @Test(arguments: Backend.allCases)
    func aNarrowedReportShowsOthersByHashOnlyAndDisclosesNoPrivateMember(_ backend: Backend) throws {
        let fixture = try Fixture(backend, narrowed: true)
        defer { fixture.remove() }
        let result = fixture.verify()
        #expect(result.problems.isEmpty, "\(result.problems)")
        let lines = try fixture.reportLines()
        let entries = lines.dropFirst().dropLast()
        let hidden = entries.filter { !$0.contains("\"canonical\"") }
        #expect(!hidden.isEmpty)
        var disclosed = ""
        for line in entries {
            let object = try #require(try JSONParser.parse(line.hasPrefix(",") ? String(line.dropFirst()) : line).objectValue)
            if let text = object["canonical"]?.stringValue { disclosed += String(decoding: Base64.decode(text) ?? [], as: UTF8.self) }
        }
        #expect(disclosed.contains("CLIENT-ACME-DE"))
        let files = try ReportBundle.signedFiles.map { String(decoding: try fixture.read($0), as: UTF8.self) }.joined() + disclosed
        for transfer in fixture.transfers {
            #expect(!files.contains(transfer.idempotencyKey), "idempotency key \(transfer.idempotencyKey) disclosed")
        }
        for hiddenMember in ["\"idempotencyKey\"", "\"loggedBy\"", "\"notes\"", fixture.transfers[0].loggedBy] {
            #expect(!files.contains(hiddenMember), "\(hiddenMember) disclosed")
        }
        // Hiding an entry in a report without filters is itself a problem.
        let header = try #require(lines.last)
        #expect(header.contains("\"narrowed\":true"))
    }
}

extension JSONValue {
    /// The integer as decimal text, for messages.
    var integerText: String {
        if case .integer(let value) = self { String(value) } else { "?" }
    }
}
