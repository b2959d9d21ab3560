import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// The figures a report states are true and checked: every number the page shows regenerates from the
/// entries, and data subjects count a repeated flow's population once.
@Suite("Report figures: true and checked")
struct ReportFiguresTests {
    typealias Bundle = ExportBundleTests.Fixture

    /// Header members the exporter chooses; the signature vouches for them, nothing regenerates them.
    static let chosen: Set<String> = ["header.reportId", "header.addressee", "header.group", "header.generatedAt",
                                      "header.periodStart", "header.periodEnd"]

    /// Every number in the members after the entries, one place per distinct path (array indices
    /// dropped), as the path and the value with that number changed.
    static func numbers(in value: JSONValue, path: [String] = [], seen: inout Set<String>) -> [([String], JSONValue)] {
        let shape = path.filter { Int($0) == nil }.joined(separator: ".")
        switch value {
        case .object(let members):
            return members.keys.sorted().flatMap { numbers(in: members[$0] ?? .null, path: path + [$0], seen: &seen) }
        case .array(let elements):
            return elements.enumerated().flatMap { numbers(in: $1, path: path + [String($0)], seen: &seen) }
        case .integer(let number):
            guard seen.insert(shape).inserted else { return [] }
            return [(path, .integer(number + 1))]
        case .string(let text):
            // A digit in text (a share, a time, a hash): the next digit in its place.
            guard !Self.chosen.contains(shape), let index = text.firstIndex(where: \.isNumber), seen.insert(shape).inserted else { return [] }
            var changed = text
            changed.replaceSubrange(index...index, with: String(((Int(String(text[index])) ?? 0) + 1) % 10))
            return [(path, .string(changed))]
        default:
            return []
        }
    }

    static func replacing(_ value: JSONValue, at path: ArraySlice<String>, with new: JSONValue) -> JSONValue {
        guard let name = path.first else { return new }
        switch value {
        case .object(var members):
            members[name] = replacing(members[name] ?? .null, at: path.dropFirst(), with: new)
            return .object(members)
        case .array(var elements):
            let index = Int(name) ?? 0
            elements[index] = replacing(elements[index], at: path.dropFirst(), with: new)
            return .array(elements)
        default:
            return value
        }
    }

    /// Each number changed in report.json and on the page alike, and re-signed, as an exporter with
    /// the key would: verify-report must refuse every one by what regenerates, not by a digest.
    @Test func everyNumberTheReportStatesIsChecked() throws {
        let fixture = try Bundle(.sqlite, transfers: 40)
        defer { fixture.remove() }
        #expect(fixture.verify().isValid)
        var lines = try fixture.reportLines()
        let closing = try #require(lines.last)
        let document = try #require(try JSONParser.parse("{" + closing.dropFirst(2)).objectValue)
        let originalReport = try fixture.read(ReportBundle.reportFile), originalPage = try fixture.read(ReportBundle.htmlFile)
        var seen: Set<String> = []
        let places = Self.numbers(in: .object(document), seen: &seen)
        #expect(places.count >= 50, "\(places.map(\.0))")
        for (path, value) in places {
            let tampered = try #require(Self.replacing(.object(document), at: path[...], with: value).objectValue)
            lines[lines.count - 1] = String(decoding: ReportBundle.closingLine(tampered).dropLast(), as: UTF8.self)
            try fixture.writeReport(lines)
            try fixture.write(ReportBundle.htmlFile, Array(ReportHTML.render(report: .object(tampered)).utf8))
            try fixture.resign()
            let result = fixture.verify()
            #expect(!result.isValid, "\(path.joined(separator: ".")) changed to \(value.canonicalText) went undetected")
            #expect(result.problems.allSatisfy { !$0.message.contains("is not the signed") })
        }
        try fixture.write(ReportBundle.reportFile, originalReport)
        try fixture.write(ReportBundle.htmlFile, originalPage)
        try fixture.resign()
        #expect(fixture.verify().isValid)
    }

    /// The annex counts the entries report.json holds, which the page itself never sees.
    @Test func theAnnexCountsTheEntriesTheBundleHolds() throws {
        let fixture = try Bundle(.sqlite)
        defer { fixture.remove() }
        let lines = try fixture.reportLines().dropFirst().dropLast()
        let full = lines.filter { $0.contains(#""canonical":"#) }.count, stubs = lines.filter { $0.contains(#""header":"#) }.count
        #expect(lines.count > 100 && full > 0 && stubs > 0 && full + stubs == lines.count)
        let page = String(decoding: try fixture.read(ReportBundle.htmlFile), as: UTF8.self)
        let (count, shown, stubbed) = (ReportHTML.grouped(lines.count), ReportHTML.grouped(full), ReportHTML.grouped(stubs))
        #expect(page.contains("report.json holds \(count) entries (\(shown) in full, \(stubbed) as stubs, 0 as hashes only)"), "\(page)")
    }

    /// The headline figure counts the transfers of transfers.csv that left the EEA with no adequacy decision
    /// covering them: to a third country or international organisation, unless adequacy was accepted.
    @Test func withoutAdequacyCountsWhatNoAdequacyDecisionCovered() throws {
        let fixture = try Bundle(.sqlite)
        defer { fixture.remove() }
        let rows = String(decoding: try fixture.read(ReportBundle.csvFile), as: UTF8.self).split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = try #require(rows.first)
        let column = { (name: String) in header.firstIndex(of: Substring(name)) ?? 0 }
        let (region, mechanism, status) = (column("region"), column("mechanism"), column("status"))
        let outside = rows.dropFirst().filter { row in
            ["THIRD_COUNTRY", "INTERNATIONAL_ORGANISATION"].contains(row[region]) && (row[mechanism] != "adequacy" || row[status] == "nonCompliant")
        }
        let document = try #require(try JSONParser.parse("{" + (try fixture.reportLines().last ?? "").dropFirst(2)).objectValue)
        let figure = document["sections"]?.objectValue?["withoutAdequacy"]?.objectValue?["records"]
        #expect(!outside.isEmpty && figure == .integer(Int64(outside.count)), "\(String(describing: figure)) for \(outside.count) rows")
    }

    /// A daily feed of the same population is one flow: its largest band counts once, not per transfer.
    @Test func dataSubjectsCountEachFlowOnceWithItsLargestBand() {
        var subjects = FlowSubjects()
        var payroll = Fixture.transfer(key: "payroll")
        payroll.subjectCount = .b101_1k
        subjects.add(payroll)
        payroll.subjectCount = .b1k_10k
        for _ in 0..<272 { subjects.add(payroll) }
        var support = Fixture.transfer(key: "support", importer: Party(entity: "NW-US", role: .processor), destination: "US")
        support.subjectCount = .b1_10
        subjects.add(support)
        #expect(subjects.json == .object(["flows": .integer(2), "min": .integer(1_002), "max": .integer(10_010)]))
        // Other purposes make another flow; an open-ended or unknown band leaves the maximum open.
        support.purposes = [.salesCRM]
        support.subjectCount = .unknown
        subjects.add(support)
        #expect(subjects.json == .object(["flows": .integer(3), "min": .integer(1_002), "max": .null]))
    }
}
