import Foundation
import Testing
import TransferLedger

@Suite("ReportHTML")
struct ReportHTMLTests {
    /// A year of Nordwind Group transfers in the report.json contract: 28 destination × mechanism cells,
    /// 16 derogation uses, findings, TIA coverage below 100 %; the same file `Tools/render-report.sh` renders.
    static let sampleURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Vectors/sample-report.json")

    static func sample() throws -> JSONValue {
        try JSONParser.parse(String(decoding: try Data(contentsOf: sampleURL), as: UTF8.self))
    }

    /// `report` with the members at `path` replaced by `value`.
    static func replacing(_ report: JSONValue, _ path: [String], with value: JSONValue) -> JSONValue {
        guard let first = path.first, case .object(var members) = report else { return value }
        members[first] = replacing(members[first] ?? .object([:]), Array(path.dropFirst()), with: value)
        return .object(members)
    }

    static let headings = [
        "Personal-data transfer report", "1. Totals", "2. Transfers by month", "3. Destinations and mechanisms", "4. Roles",
        "5. Derogations (Art. 49)", "6. Binding corporate rules", "7. Transfer impact assessments",
        "8. Government access requests", "9. Special categories and criminal data", "10. Findings", "11. Corrections (R23)",
        "Annex: integrity evidence",
    ]

    @Test func isWellFormedAndSelfContained() throws {
        let html = ReportHTML.render(report: try Self.sample())
        #expect(TagBalance.problems(in: html) == [])
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        for forbidden in ["<script", "<link", "src=", "url(", "@import", "http://", "https://", "<iframe", "<object"] {
            #expect(!html.contains(forbidden), "the page must need nothing from outside: found \(forbidden)")
        }
    }

    @Test func hasEverySectionHeading() throws {
        let html = ReportHTML.render(report: try Self.sample())
        for heading in Self.headings {
            #expect(html.contains(">" + heading + "</h"), "missing heading \(heading)")
        }
    }

    @Test func showsTheSamplesKeyFigures() throws {
        let html = ReportHTML.render(report: try Self.sample())
        let figures = [
            // Header and integrity.
            "RPT-2026-SA-CNIL", "CNIL (BCR lead supervisory authority)", "2026-01-01 to 2026-12-31", "1,000,000 entries",
            "none: every transfer in the period",
            // Totals: records, families and statuses.
            #"<div class="figure">51,144</div>"#, #"<div class="figure">33</div>"#, "✖ non-compliant (0.1%)",
            #"<td class="num">14,800</td>"#, #"<td class="num">20,100</td>"#,
            // Matrix: India under BCR-C; the US legal-claims derogation cell, marked.
            #"<th scope="row">India (IN)</th>"#, #"<td class="num">5,120</td>"#, #"<td class="num derog">▲ 6</td>"#,
            // The detail row's range (largest band per flow, summed) and the period's, with how it is made.
            "9,514–95,000", "Data subjects: ≥ 1,386,909 people across 43 flows.", "largest subject-count band",
            // The conclusion before any hash, and the headline figure without adequacy.
            "In the period, 51,144 transfers were recorded; 12,187 went to third countries or international organisations without an adequacy decision, and 33 are non-compliant.",
            "all 51,320 ledger entries of the covered range are in the bundle", #"<div class="big">12,187</div>"#,
            // Special categories by Art. 9(2) condition, criminal data by Art. 10 basis.
            "(b) employment and social security law", "FR Code du travail L1121-1",
            // Derogations per flow, with the threshold stated.
            "more than 2 times in the period", "3 flows used an Art. 49 derogation more than 2 times in the period (12 uses in all).",
            // The annex's counts come from the integrity block, not from entries the page never sees.
            "holds 51,320 entries (51,320 in full, 0 as stubs, 0 as hashes only)",
            // A derogation line.
            "DEROG-2026-001", "EXT-COUNSEL-US", "Legal claims, Art.\u{00A0}49(1)\u{2060}(e)", "repeated ×5",
            // TIA coverage and a finding.
            "99.8%", "29 Art. 46 records cite no TIA", "Sub-processors authorised by the controller", "✖ FAIL",
            // Empty government access, special categories, evidence.
            "No government access request was recorded", "Trade-union membership", "Range proof (7 hashes)",
            // No corrections, but the reader is told what the figures count.
            "No correction was recorded in the covered range.", "count the latest version of each transfer",
        ]
        for figure in figures {
            #expect(html.contains(figure), "missing \(figure)")
        }
    }

    @Test func marksEveryHighlightedRowInTextNotOnlyColour() throws {
        let html = ReportHTML.render(report: try Self.sample())
        let derogationRows = html.split(separator: #"<tr class="derog">"#).dropFirst()
        let badRows = html.split(separator: #"<tr class="bad">"#).dropFirst()
        #expect(derogationRows.count == 16 + 5 + 5 + 1 + 3 + 3,
                "16 uses, 5 grounds, 5 derogation cells in detail, 1 family row, 3 repeated flows, 3 derogation mechanisms without adequacy")
        #expect(badRows.count == 1 + 3, "the status row and three FAIL rules")
        func row(_ text: Substring) -> Substring { text.prefix(upTo: text.range(of: "</tr>")?.lowerBound ?? text.endIndex) }
        for text in derogationRows { #expect(row(text).contains("▲"), "\(row(text))") }
        for text in badRows { #expect(row(text).contains("✖"), "\(row(text))") }
    }

    @Test func escapesEveryStringFromTheReport() throws {
        let hostile = #"<script>alert("x")</script> & 'Co'"#
        var report = try Self.sample()
        report = Self.replacing(report, ["header", "addressee"], with: .string(hostile))
        report = Self.replacing(report, ["header", "reportId"], with: .string("RPT</style><script>"))
        report = Self.replacing(report, ["header", "filters"], with: .object(["onBehalfOf": .string("<b>ACME</b>")]))
        report = Self.replacing(report, ["sections", "findings"], with: .array([.object(["rule": .string("<img src=x>"), "severity": .string("FAIL"), "records": .integer(1)])]))
        report = Self.replacing(report, ["sections", "governmentAccess"], with: .array([.object(["country": .string("US"), "<x>": .string("\"q\"")])]))
        let html = ReportHTML.render(report: report)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;"))
        #expect(html.components(separatedBy: "</style>").count == 2, "a report id must not close the style sheet")
        #expect(TagBalance.problems(in: html) == [])
    }

    /// Two corrections as `report.json` lists them (FORMAT.md §22.3), the second with hostile text.
    static let corrections = JSONValue.array([
        .object(["seq": .integer(1_204), "supersedes": .integer(1_187), "reason": .string("roleMisclassified"), "recordedAt": .string("2026-03-05T10:00:00Z"),
                 "earlierVersion": .string("shown"),
                 "changes": .array([.object(["field": .string("importer.role"), "old": .string("controller"), "new": .string("processor")])])]),
        .object(["seq": .integer(2_001), "supersedes": .integer(1_204), "reason": .string("<script>x</script>"), "recordedAt": .string("2026-04-01T08:30:00.5Z"),
                 "earlierVersion": .string("beforeRange")]),
    ])

    @Test func listsTheCorrectionsWithTheirCount() throws {
        let html = ReportHTML.render(report: Self.replacing(try Self.sample(), ["sections", "corrections"], with: Self.corrections))
        #expect(TagBalance.problems(in: html) == [])
        let section = try #require(html.split(separator: #"<section id="corrections">"#).dropFirst().first)
        let body = String(section.prefix(upTo: try #require(section.range(of: "</section>")).lowerBound))
        for text in ["<h2>11. Corrections (R23)</h2>", "2 corrections were recorded in the covered range.", "count the latest version of each transfer",
                     #"<th class="num" scope="col">Corrected entry</th><th class="num" scope="col">Correcting entry</th><th scope="col">Reason</th><th scope="col">Date recorded</th><th scope="col">What changed</th>"#,
                     #"<tr><td class="num">1187</td><td class="num">1204</td><td>Role misclassified</td><td class="nowrap">2026-03-05</td><td><div><code>importer.role</code>: controller → <strong>processor</strong></div></td></tr>"#,
                     #"<tr><td class="num">1204</td><td class="num">2001</td><td>&lt;script&gt;x&lt;/script&gt;</td><td class="nowrap">2026-04-01</td><td>earlier version recorded before the covered range</td></tr>"#] {
            #expect(body.contains(text), "missing \(text)")
        }
        #expect(!html.contains("<script"))
        #expect(html.contains(##"<a href="#corrections">11. Corrections (R23)</a>"##), "listed in the contents")
    }

    @Test func showsGovernmentAccessRequestsPerCountryAndAuthority() throws {
        func row(_ country: String, _ authority: String, _ counts: [String: Int64]) -> JSONValue {
            var members: JSONObject = ["country": .string(country), "authorityType": .string(authority)]
            for name in ["received", "challenged", "refused", "partiallyDisclosed", "disclosed", "pending", "withdrawn", "exporterNotified",
                         "notificationProhibited", "art48InternationalAgreement", "art48OtherGround", "art48None"] {
                members[name] = .integer(counts[name] ?? 0)
            }
            return .object(members)
        }
        let rows = JSONValue.array([
            row("IN", "lawEnforcement", ["received": 2, "challenged": 1, "refused": 1, "disclosed": 1, "exporterNotified": 2, "art48InternationalAgreement": 1]),
            row("<US>", "nationalSecurity", ["received": 1, "disclosed": 1, "notificationProhibited": 1, "art48None": 1]),
        ])
        let html = ReportHTML.render(report: Self.replacing(try Self.sample(), ["sections", "governmentAccess"], with: rows))
        #expect(TagBalance.problems(in: html) == [])
        for text in ["Requests and outcomes", "Notification and Art. 48 basis", #"<th class="num" scope="col">Partially disclosed</th>"#,
                     // India's title comes from the destination matrix; an unknown code is shown escaped.
                     #"<tr><td>India (IN)</td><td>Law enforcement</td><td class="num">2</td><td class="num">1</td><td class="num">1</td>"#,
                     #"<tr class="bad"><td>&lt;US&gt;</td><td>National security <span class="badge bad">✖</span></td>"#,
                     "1 request relied on no Art. 48 basis.",
                     #"<td class="nowrap">All requests</td><td></td><td class="num">3</td>"#] {
            #expect(html.contains(text), "missing \(text)")
        }
        #expect(!html.contains("No government access request was recorded"))
        #expect(!html.contains("<US>"))
    }

    @Test func isDeterministic() throws {
        let report = try Self.sample()
        let first = ReportHTML.render(report: report)
        #expect(ReportHTML.render(report: report) == first)
        // The same report rebuilt from its canonical text: same members, other dictionary history.
        let again = try JSONParser.parse(report.canonicalText)
        #expect(ReportHTML.render(report: again) == first)
    }

    @Test(arguments: ["empty object", "null", "empty sections", "narrowed"])
    func rendersPartialReportsWithoutFailing(_ variant: String) throws {
        let report: JSONValue = switch variant {
        case "empty object": .object([:])
        case "null": .null
        case "empty sections": Self.replacing(try Self.sample(), ["sections"], with: .object([:]))
        default: Self.replacing(Self.replacing(try Self.sample(), ["header", "narrowed"], with: .bool(true)),
                                ["header", "filters"], with: .object(["onBehalfOf": .string("CLIENT-ACME-DE")]))
        }
        let html = ReportHTML.render(report: report)
        #expect(TagBalance.problems(in: html) == [])
        for heading in Self.headings { #expect(html.contains(">" + heading + "</h")) }
        if variant == "narrowed" {
            #expect(html.contains("Narrowed report."))
            #expect(html.contains("<code>onBehalfOf</code> = <strong>CLIENT-ACME-DE</strong>"))
        }
    }

    /// With `TRANSFERLEDGER_REPORT_HTML=path`, writes the sample's page there for `Tools/render-report.sh`.
    @Test func writesTheSampleWhenAsked() throws {
        guard let path = ProcessInfo.processInfo.environment["TRANSFERLEDGER_REPORT_HTML"] else { return }
        try ReportHTML.render(report: try Self.sample()).write(toFile: path, atomically: true, encoding: .utf8)
    }
}
