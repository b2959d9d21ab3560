import Foundation
import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// Report bundles and corrections (R23): a superseded transfer is shown but not counted, its latest
/// version counts instead, the corrections are listed, and a bundle that lies about them fails.
@Suite struct ExportCorrectionTests {
    typealias K = EntryKindFixture

    struct Bundle {
        let scratch: ScratchLedger
        let signer: NoteSigner
        let path: String

        init(_ backend: Backend) throws {
            scratch = try backend.makeLocation()
            signer = try MerkleFixtures.signer()
            let ledger = try K.ledger(at: scratch.path)
            try ledger.record(contentsOf: [K.misclassified("e-1"), K.compliant("e-2")])
            try ledger.record(correction: TransferCorrection(supersedes: 4, reason: .roleMisclassified, transfer: K.compliant("e-1")))
            try ledger.register([Fixture.groupIdentity()])
            path = scratch.file("bundle")
            let request = ReportRequest(reportID: "RPT-R23", addressee: "CNIL", group: "Nordwind", generatedAt: Fixture.time("2026-12-01T00:00:00Z"),
                                        periodStart: Fixture.time("2026-01-01T00:00:00Z"), periodEnd: Fixture.time("2027-01-01T00:00:00Z"))
            _ = try ledger.exportReport(request, signer: signer, to: path)
        }

        var lines: [String] {
            get throws { String(decoding: try Data(contentsOf: URL(fileURLWithPath: path + "/report.json")), as: UTF8.self).split(separator: "\n").map(String.init) }
        }

        /// The members after the entries, as one object.
        var tail: JSONObject {
            get throws { try #require(try JSONParser.parse("{" + (try lines.last ?? "").dropFirst(2)).objectValue) }
        }

        /// The entry line of `seq`, without its leading comma.
        func entry(_ seq: Int) throws -> JSONObject {
            let line = try #require(try lines.first { $0.contains(#""seq":\#(seq)}"#) || $0.contains(#""seq":\#(seq),"#) })
            return try #require(try JSONParser.parse(String(line.drop { $0 == "," })).objectValue)
        }

        func verify() -> [ReportProblem] { ReportVerifier.verify(bundle: path, keys: [signer.verifierKey]).problems }
    }

    @Test(arguments: Backend.allCases)
    func theLatestVersionCountsAndTheCorrectionsAreListed(_ backend: Backend) throws {
        let bundle = try Bundle(backend)
        defer { bundle.scratch.remove() }
        // Entries: registry 0–3, transfer 4 (misclassified), transfer 5, correction 6 superseding 4.
        #expect(try bundle.entry(4)["inScope"] == .bool(false) && bundle.entry(4)["supersededBy"] == .integer(6))
        #expect(try bundle.entry(5)["inScope"] == .bool(true) && bundle.entry(5)["supersededBy"] == nil)
        #expect(try bundle.entry(6)["inScope"] == .bool(true) && bundle.entry(6)["supersedes"] == .integer(4))
        let sections = try #require(try bundle.tail["sections"]?.objectValue)
        let recordedAt = try Ledger(path: bundle.scratch.path, readOnly: true).entry(at: 6).recordedAt
        // Both versions are in the range, so the line says what changed: the SCC module, and with it the verdict.
        let changes: JSONValue = .array([
            .object(["field": .string("sccModule"), "old": .string("c2c"), "new": .string("c2p")]),
            .object(["field": .string("status"), "old": .string("nonCompliant"), "new": .string("compliant")]),
        ])
        #expect(sections["corrections"] == .array([.object(["seq": .integer(6), "supersedes": .integer(4), "reason": .string("roleMisclassified"),
                                                             "recordedAt": .string(recordedAt), "earlierVersion": .string("shown"), "changes": changes])]))
        #expect(sections["totals"]?.objectValue?["records"] == .integer(2))
        #expect(sections["totals"]?.objectValue?["byStatus"]?.objectValue?["nonCompliant"] == .integer(0), "the R6 version is superseded")
        let csv = String(decoding: try Data(contentsOf: URL(fileURLWithPath: bundle.path + "/transfers.csv")), as: UTF8.self)
        #expect(csv.split(separator: "\r\n").dropFirst().map { $0.prefix { $0 != "," } } == ["5", "6"])
        #expect(bundle.verify().isEmpty, "\(bundle.verify())")

        // The page a regulator reads lists the same correction.
        let html = String(decoding: try Data(contentsOf: URL(fileURLWithPath: bundle.path + "/report.html")), as: UTF8.self)
        let row = #"<tr><td class="num">4</td><td class="num">6</td><td>Role misclassified</td><td class="nowrap">\#(recordedAt.prefix(10))</td>"#
            + #"<td><div><code>sccModule</code>: c2c → <strong>c2p</strong></div><div><code>status</code>: nonCompliant → <strong>compliant</strong></div></td></tr>"#
        #expect(html.contains(row) && html.contains("1 correction was recorded in the covered range."), "\(html)")
    }

    @Test(arguments: Backend.allCases)
    func aBundleThatHidesACorrectionFailsVerification(_ backend: Backend) throws {
        let bundle = try Bundle(backend)
        defer { bundle.scratch.remove() }
        var lines = try bundle.lines
        let last = try #require(lines.last)
        lines[lines.count - 1] = last.replacing(#/"corrections":\[\{"changes":.*?"seq":6,"supersedes":4\}\]/#, with: #""corrections":[]"#)
        #expect(lines.last != last)
        let report = Array((lines.joined(separator: "\n") + "\n").utf8)
        try Data(report).write(to: URL(fileURLWithPath: bundle.path + "/report.json"))
        // Re-signed, as an exporter holding the key would: the figures still do not follow from the entries.
        var digests: [String: Digest] = [:]
        for name in ReportBundle.signedFiles { digests[name] = SHA256.hash(Array(try Data(contentsOf: URL(fileURLWithPath: bundle.path + "/" + name)))) }
        let text = ReportBundle.signatureText(reportID: "RPT-R23", digests: digests)
        try Data(try SignedNote(text: text, signatures: [bundle.signer.sign(text)]).serialized.utf8).write(to: URL(fileURLWithPath: bundle.path + "/report.sig"))
        let problems = bundle.verify()
        #expect(problems.contains { $0.location == "sections.corrections" }, "\(problems)")
    }
}
