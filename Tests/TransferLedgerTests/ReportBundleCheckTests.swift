import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// The bundle as a whole: nothing unsigned in it, the closing line byte for byte, and one problem (not
/// one per row) when transfers.csv loses a row.
@Suite("Report bundles: files, closing line and CSV rows")
struct ReportBundleCheckTests {
    typealias Fixture = ExportBundleTests.Fixture

    @Test func aFileReportSigDoesNotListIsRefusedByName() throws {
        let fixture = try Fixture(.sqlite)
        defer { fixture.remove() }
        try fixture.write("notes.txt", Array("added later\n".utf8))
        let result = fixture.verify()
        #expect(result.problems.map(\.description) == ["notes.txt: is in the bundle but not among the files report.sig lists"])
    }

    /// The closing line with its members re-encoded: equal as JSON, different as bytes.
    enum Reencoding: CaseIterable { case extraWhitespace, reorderedMembers }

    @Test(arguments: Reencoding.allCases)
    func aReencodedClosingLineIsRefused(_ reencoding: Reencoding) throws {
        let fixture = try Fixture(.sqlite)
        defer { fixture.remove() }
        var lines = try fixture.reportLines()
        let last = try #require(lines.last)
        switch reencoding {
        case .extraWhitespace:
            lines[lines.count - 1] = "], " + last.dropFirst(2)
        case .reorderedMembers:
            let members = try #require(try JSONParser.parse("{" + last.dropFirst(2)).objectValue)
            let reversed = members.keys.sorted().reversed().map { name in
                String(decoding: CanonicalJSON.encode(.string(name)), as: UTF8.self) + ":"
                    + String(decoding: CanonicalJSON.encode(members[name] ?? .null), as: UTF8.self)
            }
            lines[lines.count - 1] = "]," + reversed.joined(separator: ",") + "}"
        }
        #expect(lines.last != last)
        try fixture.writeReport(lines)
        try fixture.resign()
        let result = fixture.verify()
        #expect(result.problems.map(\.location) == ["closing line"], "\(result.problems)")
    }

    @Test func aDeletedCSVRowIsOneDivergenceAndACount() throws {
        let fixture = try Fixture(.sqlite)
        defer { fixture.remove() }
        let csv = String(decoding: try fixture.read(ReportBundle.csvFile), as: UTF8.self)
        var rows = csv.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let total = rows.count - 2  // the header, and the empty text after the last CRLF
        #expect(total > 20)
        rows.remove(at: 5)
        try fixture.write(ReportBundle.csvFile, Array(rows.joined(separator: "\r\n").utf8))
        try fixture.resign()
        let problems = fixture.verify().problems
        #expect(problems.count == 2, "\(problems)")
        #expect(problems.first?.file == ReportBundle.csvFile && problems.first?.location == "row 6")
        #expect(problems.last?.message.hasPrefix("\(total - 4) of its \(total + 1) rows differ") == true, "\(problems)")
    }
}
