import Testing
import LedgerTestSupport
import TransferLedger
@testable import LedgerCLI

@Suite("ledger --version, did-you-mean and help help")
struct VersionAndSuggestionTests {
    @Test(arguments: [["--version"], ["-V"], ["version"]])
    func versionNamesTheEntryFormat(arguments: [String]) async throws {
        let session = try CLISession()
        defer { session.remove() }
        let result = try await LedgerProcess.run(arguments, in: session.directory.path)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        #expect(result.stdout == "ledger 0.1.0 (entry format version \(EntryEncoding.version))\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func mistypedCommandSuggestsTheClosest() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let result = try await session.run("qurey")
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: unknown command 'qurey'; did you mean 'query'?\n"))
        #expect(result.stdout.isEmpty)
        let viaHelp = try await session.run("help", "verfy")
        #expect(viaHelp.status == 64)
        #expect(viaHelp.stderr.contains("did you mean 'verify'?"))
    }

    @Test func mistypedOptionSuggestsTheClosest() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let result = try await session.run("query", "--destinaton", "IN")
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: unknown option '--destinaton'; did you mean '--destination'?\n"))
    }

    @Test func farFetchedNamesSuggestNothing() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let result = try await session.run("frobnicate")
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: unknown command 'frobnicate'\n"))
    }

    @Test(arguments: [
        ("query", "query", 0), ("qurey", "query", 1), ("kitten", "sitting", 3), ("", "abc", 3), ("ab", "ba", 1),
    ])
    func editDistance(a: String, b: String, distance: Int) {
        #expect(Suggestion.distance(a, b) == distance)
    }

    @Test func thresholdGrowsWithLength() {
        #expect(Suggestion.closest(to: "--destinaton", among: ["--destination", "--db"]) == "--destination")
        #expect(Suggestion.closest(to: "x", among: ["init", "show"]) == nil)
        #expect(Suggestion.closest(to: "exprot", among: LedgerCommand.commands.map(\.name)) == "export")
    }

    @Test(arguments: [["help", "help"], ["help", "--help"], ["help", "version"]])
    func helpDescribesItselfAndVersion(arguments: [String]) async throws {
        let session = try CLISession()
        defer { session.remove() }
        let result = try await LedgerProcess.run(arguments, in: session.directory.path)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        #expect(result.stdout.hasPrefix("OVERVIEW: "))
        #expect(result.stdout.contains("USAGE: ledger \(arguments.last == "version" ? "version" : "help")"))
    }
}
