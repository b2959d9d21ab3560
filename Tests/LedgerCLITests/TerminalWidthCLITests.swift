import Testing
import LedgerTestSupport
import TransferLedger

@Suite("Tables fit the terminal; pipes and --wide get them whole")
struct TerminalWidthCLITests {
    /// A demo ledger: long entity names, corrections and every column of the summary table.
    static func demo(_ session: CLISession) async throws -> String {
        try await session.demo(count: 60).path
    }

    @Test(arguments: [["query"], ["query", "--group-by", "exporter"], ["registry", "list"]])
    func noLineExceedsAnEightyColumnTerminal(arguments: [String]) async throws {
        let session = try CLISession()
        defer { session.remove() }
        let path = try await Self.demo(session)
        let result = try await PseudoTerminal.run(arguments + ["--db", path], columns: 80, in: session.directory.path)
        #expect(result.status == 0, "\(result.screen)")
        #expect(result.lines.count > 3)
        for line in result.lines { #expect(line.count <= 80, "\(line.count) columns: \(line)") }
    }

    @Test func wideAndPipesKeepEveryCharacter() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let path = try await Self.demo(session)
        let piped = try await session.run("query", "--format", "table", "--db", path)
        #expect(piped.lines.contains { $0.count > 80 }, "the demo table should be wider than 80 columns")
        #expect(!piped.stdout.contains("…"))
        let wide = try await PseudoTerminal.run(["query", "--wide", "--db", path], columns: 80, in: session.directory.path)
        #expect(wide.lines.contains { $0.count > 80 })
        #expect(!wide.screen.contains("…"))
        let cut = try await PseudoTerminal.run(["query", "--db", path], columns: 80, in: session.directory.path)
        #expect(cut.screen.contains("…"))
    }
}
