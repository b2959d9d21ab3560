import Foundation
import Testing
@testable import LedgerFormat

/// What an independent implementer had to guess from Schema/: the schemas and FORMAT.md must say
/// what the code does.
@Suite struct FormatSpecGapTests {
    /// §5: an international organisation's code is `INT-` then capitals or digits only; the transfer
    /// schema's destination pattern must say the same, and accept every code of the region table.
    @Test func theDestinationPatternMatchesTheRegionTableSyntax() throws {
        let schema = try #require(try JSONParser.parse(SchemaFile.text("transfer.schema.json")).objectValue)
        let properties = try #require(schema["properties"]?.objectValue)
        let pattern = try #require(properties["destination"]?.objectValue?["pattern"]?.stringValue)
        let regex = try NSRegularExpression(pattern: pattern)
        func matches(_ code: String) -> Bool {
            regex.firstMatch(in: code, range: NSRange(code.startIndex..., in: code)) != nil
        }
        let table = try #require(try JSONParser.parse(SchemaFile.text("regions.json")).objectValue)
        guard case .array(let entries)? = table["entries"] else { Issue.record("regions.json has no entries"); return }
        let codes = entries.compactMap { $0.objectValue?["code"]?.stringValue }
        #expect(codes.count > 200)
        for code in codes { #expect(matches(code), "\(code)") }
        for code in ["INT-A-B", "INT-", "INT-epo", "int-EPO", "INT-" + String(repeating: "A", count: 61)] {
            #expect(!matches(code), "\(code)")
        }
    }

    /// §22: the filters example shows only the filters set, as the report writes them (never null).
    @Test func theFiltersExampleHasNoNullMembers() throws {
        let line = try #require(FormatExampleTests.format.split(separator: "\n").first { $0.contains(#""filters": {"#) })
        let json = line.split(separator: "//").first ?? ""
        #expect(!json.contains("null"), "\(line)")
    }
}
