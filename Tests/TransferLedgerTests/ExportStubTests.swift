import Foundation
import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// Report bundles of format-2 entries (FORMAT.md §22.1, §25): only what a report covers is shown in
/// full, every other entry as a stub, and `verify-report` still proves from the stubs' headers that no
/// transfer of the period and filters is missing, altered or added.
@Suite struct ExportStubTests {
    typealias K = EntryKindFixture

    static let period = (start: Fixture.time("2026-01-01T00:00:00Z"), end: Fixture.time("2027-01-01T00:00:00Z"))

    /// A bundle exported from a ledger on `backend`, with its lines at hand.
    struct Bundle {
        let scratch: ScratchLedger
        let signer: NoteSigner
        let ledger: Ledger
        var path: String { scratch.file("bundle") }

        init(_ backend: Backend, fill: (Ledger) throws -> Void) throws {
            scratch = try backend.makeLocation()
            signer = try MerkleFixtures.signer()
            ledger = try K.ledger(at: scratch.path)
            try fill(ledger)
            // Export names the controller; recorded after the entries, so their sequence numbers stay.
            try ledger.register([Fixture.groupIdentity()])
        }

        func export(destination: String? = nil) throws {
            var request = ReportRequest(reportID: "RPT-STUBS", addressee: "CNIL", group: "Nordwind", generatedAt: Fixture.time("2026-12-01T00:00:00Z"),
                                        periodStart: ExportStubTests.period.start, periodEnd: ExportStubTests.period.end)
            request.destination = destination
            _ = try ledger.exportReport(request, signer: signer, to: path)
        }

        var lines: [String] {
            get throws { String(decoding: try Data(contentsOf: URL(fileURLWithPath: path + "/report.json")), as: UTF8.self).split(separator: "\n").map(String.init) }
        }

        /// The entry line of `seq` as an object, and its index among the lines.
        func entry(_ seq: Int) throws -> (index: Int, members: JSONObject) {
            let lines = try lines
            for (index, line) in lines.enumerated().dropFirst() where index < lines.count - 1 {
                let members = try #require(try JSONParser.parse(String(line.drop { $0 == "," })).objectValue)
                if members["seq"] == .integer(Int64(seq)) { return (index, members) }
            }
            Issue.record("no line for entry \(seq)")
            return (0, [:])
        }

        var integrity: JSONObject {
            get throws { try #require(try JSONParser.parse("{" + (try lines.last ?? "").dropFirst(2)).objectValue?["integrity"]?.objectValue) }
        }

        var sections: JSONObject {
            get throws { try #require(try JSONParser.parse("{" + (try lines.last ?? "").dropFirst(2)).objectValue?["sections"]?.objectValue) }
        }

        /// Replaces the line of `seq` by `members`, keeping its separator, and signs the files again, as
        /// an exporter holding the key would: only the deeper checks can then catch the change.
        func replace(_ seq: Int, with members: JSONObject) throws {
            var lines = try lines
            let index = try entry(seq).index
            lines[index] = (lines[index].hasPrefix(",") ? "," : "") + String(decoding: CanonicalJSON.encode(.object(members)), as: UTF8.self)
            try write(lines)
        }

        func write(_ lines: [String]) throws {
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path + "/report.json"))
            var digests: [String: Digest] = [:]
            for name in ReportBundle.signedFiles { digests[name] = SHA256.hash(Array(try Data(contentsOf: URL(fileURLWithPath: path + "/" + name)))) }
            let text = ReportBundle.signatureText(reportID: "RPT-STUBS", digests: digests)
            try Data(try SignedNote(text: text, signatures: [signer.sign(text)]).serialized.utf8).write(to: URL(fileURLWithPath: path + "/report.sig"))
        }

        func problems() -> [ReportProblem] { ReportVerifier.verify(bundle: path, keys: [signer.verifierKey]).problems }

        /// The stub line an exporter would write for entry `seq`.
        func stub(of seq: Int) throws -> JSONObject {
            let entry = try ledger.entry(at: UInt64(seq))
            let stub = try #require(EntryStub(entry, hasher: SHA256()))
            var members = stub.members(first: false)
            members["seq"] = .integer(Int64(seq))
            members["hash"] = .string(entry.hash.hex)
            return members
        }
    }

    /// Transfers at `times` (keys `prefix-n`) to `destination`.
    static func transfers(_ times: [String], prefix: String, destination: String = "IN") -> [Transfer] {
        times.enumerated().map { index, time in Fixture.compliant(Fixture.transfer(key: "\(prefix)-\(index)", at: time, destination: destination)) }
    }

    /// A stub line with its header's `member` set to `value`.
    static func editing(_ stub: JSONObject, header member: String, to value: String) throws -> JSONObject {
        var stub = stub
        var header = try #require(stub["header"]?.objectValue)
        header[member] = .string(value)
        stub["header"] = .object(header)
        return stub
    }

    static func aYearRecordedAtOnce(_ ledger: Ledger) throws {
        // Registry 0–3; 2025 transfers 4–9; period transfers 10–13; 2025 transfers 14–16.
        try ledger.record(contentsOf: transfers(Array(repeating: "2025-06-01T00:00:00Z", count: 6), prefix: "old"))
        try ledger.record(contentsOf: transfers(Array(repeating: "2026-03-01T00:00:00Z", count: 4), prefix: "new"))
        try ledger.record(contentsOf: transfers(Array(repeating: "2025-07-01T00:00:00Z", count: 3), prefix: "late"))
    }

    @Test(arguments: Backend.allCases)
    func entriesOutsideThePeriodAreStubsAndTheBundleVerifies(_ backend: Backend) throws {
        let bundle = try Bundle(backend, fill: Self.aYearRecordedAtOnce)
        defer { bundle.scratch.remove() }
        try bundle.export()
        #expect(bundle.problems().isEmpty, "\(bundle.problems())")
        let integrity = try bundle.integrity
        // The entries, the group fact export needs (recorded after them) and the checkpoint it signs.
        #expect(integrity["rangeStart"] == .integer(0) && integrity["entriesInRange"] == .integer(18))
        #expect(integrity["entriesShown"] == .integer(4) && integrity["entriesStubbed"] == .integer(14) && integrity["entriesHashOnly"] == .integer(0))
        #expect(try bundle.sections["totals"]?.objectValue?["records"] == .integer(4))
        for seq in [0, 4, 9, 14, 16] {
            let line = try bundle.entry(seq).members
            #expect(line["canonical"] == nil && line["payload"] == nil && line["header"]?.objectValue != nil, "entry \(seq) is a stub")
            #expect(line["previousHash"] == (seq == 0 ? .string(Digest.zero.hex) : nil), "only the first line states previousHash")
        }
        for seq in 10...13 {
            let line = try bundle.entry(seq).members
            #expect(line["canonical"] != nil && line["payload"] != nil && line["inScope"] == .bool(true), "entry \(seq) is shown in full")
        }
        // A stub is a small fraction of the entry shown in full.
        let lines = try bundle.lines
        #expect(lines[try bundle.entry(4).index].utf8.count * 3 < lines[try bundle.entry(10).index].utf8.count)
    }

    @Test(arguments: Backend.allCases)
    func aTransferOfThePeriodCannotBeHiddenAsAStub(_ backend: Backend) throws {
        let bundle = try Bundle(backend, fill: Self.aYearRecordedAtOnce)
        defer { bundle.scratch.remove() }
        try bundle.export()
        // Its true stub: the hash holds, but its header places it in the period.
        try bundle.replace(11, with: try bundle.stub(of: 11))
        let problems = bundle.problems()
        #expect(problems.contains { $0.location == "entry 11" && $0.message.contains("must show it in full") }, "\(problems)")
        #expect(problems.contains { $0.location == "sections.totals" })
    }

    @Test(arguments: Backend.allCases)
    func aStubWhoseHeaderClaimsAnotherPeriodBreaksItsHash(_ backend: Backend) throws {
        let bundle = try Bundle(backend, fill: Self.aYearRecordedAtOnce)
        defer { bundle.scratch.remove() }
        try bundle.export()
        try bundle.replace(12, with: try Self.editing(bundle.stub(of: 12), header: "occurredAt", to: "2025-03-01T00:00:00Z"))
        let problems = bundle.problems()
        #expect(problems.contains { $0.location == "entry 12" && $0.message.contains("hash does not match its stub") }, "\(problems)")
        #expect(problems.contains { $0.location == "evidence.rangeProof" })
    }

    @Test(arguments: Backend.allCases)
    func aDroppedOrEditedStubIsDetected(_ backend: Backend) throws {
        let bundle = try Bundle(backend, fill: Self.aYearRecordedAtOnce)
        defer { bundle.scratch.remove() }
        try bundle.export()
        let original = try bundle.lines
        var dropped = original
        dropped.remove(at: try bundle.entry(6).index)
        try bundle.write(dropped)
        #expect(bundle.problems().contains { $0.location == "entry 7" && $0.message.contains("out of order") })

        try bundle.write(original)
        try bundle.replace(5, with: try Self.editing(bundle.entry(5).members, header: "destination", to: "JP"))
        #expect(bundle.problems().contains { $0.location == "entry 5" && $0.message.contains("hash does not match its stub") })
    }

    /// Transfers 4 (JP), 5 (US) and 6 (JP) in the period; correction 7 moves 4 to the US, correction 8
    /// moves 5 to Japan. A report on Japan counts 6 and 8, whichever destination the corrections
    /// themselves fall under.
    static func correctionsAcrossTheFilter(_ ledger: Ledger) throws {
        try ledger.record(contentsOf: transfers(["2026-03-01T00:00:00Z"], prefix: "a", destination: "JP")
                                        + transfers(["2026-03-02T00:00:00Z"], prefix: "b", destination: "US")
                                        + transfers(["2026-03-03T00:00:00Z"], prefix: "c", destination: "JP"))
        try ledger.record(correction: TransferCorrection(supersedes: 4, reason: .wrongDestination,
                                                         transfer: transfers(["2026-03-01T00:00:00Z"], prefix: "a", destination: "US")[0]))
        try ledger.record(correction: TransferCorrection(supersedes: 5, reason: .wrongDestination,
                                                         transfer: transfers(["2026-03-02T00:00:00Z"], prefix: "b", destination: "JP")[0]))
    }

    @Test(arguments: Backend.allCases)
    func aNarrowedReportCountsTheLatestVersions(_ backend: Backend) throws {
        let bundle = try Bundle(backend, fill: Self.correctionsAcrossTheFilter)
        defer { bundle.scratch.remove() }
        try bundle.export(destination: "JP")
        #expect(bundle.problems().isEmpty, "\(bundle.problems())")
        // 4 moved out of Japan: it and its correction are stubs; 5 moved in: shown, its correction counts.
        let four = try bundle.entry(4).members, seven = try bundle.entry(7).members
        #expect(four["canonical"] == nil && four["supersededBy"] == .integer(7) && seven["canonical"] == nil)
        let five = try bundle.entry(5).members, eight = try bundle.entry(8).members
        #expect(five["canonical"] != nil && five["inScope"] == .bool(false) && five["supersededBy"] == .integer(8))
        #expect(eight["canonical"] != nil && eight["inScope"] == .bool(true))
        #expect(try bundle.entry(6).members["inScope"] == .bool(true))
        #expect(try bundle.sections["totals"]?.objectValue?["records"] == .integer(2))
        let csv = String(decoding: try Data(contentsOf: URL(fileURLWithPath: bundle.path + "/transfers.csv")), as: UTF8.self)
        #expect(csv.split(separator: "\r\n").dropFirst().map { $0.prefix(2) } == ["6,", "8,"])
        #expect(try bundle.integrity["entriesHashOnly"] == .integer(0))
    }

    @Test(arguments: Backend.allCases)
    func hidingThatACorrectionMovedATransferOutIsDetected(_ backend: Backend) throws {
        let bundle = try Bundle(backend, fill: Self.correctionsAcrossTheFilter)
        defer { bundle.scratch.remove() }
        try bundle.export(destination: "JP")
        // Without its supersededBy, entry 4 would be a Japanese transfer of the period shown as a stub.
        var four = try bundle.entry(4).members
        four["supersededBy"] = nil
        try bundle.replace(4, with: four)
        let problems = bundle.problems()
        #expect(problems.contains { $0.location == "entry 4" && $0.message.contains("must show it in full") }, "\(problems)")
        #expect(problems.contains { $0.location == "entry 7" && $0.message.contains("does not name it") }, "\(problems)")
    }

    @Test(arguments: Backend.allCases)
    func aRequestIsReportedInItsLatestState(_ backend: Backend) throws {
        let bundle = try Bundle(backend) { ledger in
            try ledger.record(contentsOf: Self.transfers(["2026-03-01T00:00:00Z"], prefix: "t"))
            try ledger.record(govAccessRequest: GovAccessRequestTests.request())
            try ledger.record(govAccessRequest: GovAccessRequestTests.request { $0["receivedAt"] = .string("2025-12-20T09:00:00Z") })
            try ledger.record(govAccessRequest: GovAccessRequestTests.unlawful())
        }
        defer { bundle.scratch.remove() }
        try bundle.export()
        #expect(bundle.problems().isEmpty, "\(bundle.problems())")
        // 5: first state, in the period; 6: its latest state, received in 2025; 7: another request.
        let five = try bundle.entry(5).members, six = try bundle.entry(6).members
        #expect(five["canonical"] == nil && five["supersededBy"] == .integer(6) && six["canonical"] == nil && six["supersededBy"] == nil)
        #expect(try bundle.entry(7).members["canonical"] != nil)
        guard case .array(let rows)? = try bundle.sections["governmentAccess"] else {
            Issue.record("no governmentAccess section")
            return
        }
        #expect(rows.compactMap { $0.objectValue?["received"] } == [.integer(1)], "only GAR-2026-002 was received in the period")

        // Claiming the first state is the latest shows it in full and counts it: refused.
        var claimed = five
        claimed["supersededBy"] = nil
        try bundle.replace(5, with: claimed)
        #expect(bundle.problems().contains { $0.location == "entry 5" && $0.message.contains("does not name it") })
    }
}
