import Foundation
import Testing

/// Every option a command looks up by name is one some command declares: a misspelt lookup
/// (`value("--destinaton")`) would otherwise read nil for ever and pass silently.
@Suite struct OptionDeclarationTests {
    /// The CLI's sources, read as text.
    static func sources() throws -> [(file: String, text: String)] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/LedgerCLI")
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        return try files.sorted().map { ($0, try String(contentsOf: root.appendingPathComponent($0), encoding: .utf8)) }
    }

    /// The `--name` literals that follow `prefix` in `text`.
    static func names(after prefix: String, in text: String) -> [String] {
        text.components(separatedBy: prefix + "\"--").dropFirst().map { "--" + $0.prefix { $0 != "\"" } }
    }

    @Test func everyLookedUpOptionIsDeclared() throws {
        let sources = try Self.sources()
        #expect(sources.count > 10, "the CLI's sources were not found")
        let declared = Set(sources.flatMap { Self.names(after: "OptionSpec(", in: $0.text) })
        #expect(declared.contains("--db") && declared.contains("--destination"))
        var lookups = 0
        for (file, text) in sources {
            for call in ["value(", "allValues(", "has(", "number("] {
                for name in Self.names(after: call, in: text) {
                    lookups += 1
                    #expect(declared.contains(name), "\(file) looks up \(name), which no command declares")
                }
            }
        }
        #expect(lookups > 30, "the lookups were not found")
    }
}
