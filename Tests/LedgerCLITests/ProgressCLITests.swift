import Testing
import LedgerTestSupport
import TransferLedger

@Suite("Progress on a terminal's standard error; silence in a pipe or with --quiet")
struct ProgressCLITests {
    /// Enough transfers for two progress reports of every meter, whatever the machine's speed: the
    /// library reports every 4,096 entries and at the end, and the meter always draws its first report
    /// and its last (only those between may be skipped, at most four draws a second).
    static let count = 5_000

    @Test func demoOnATerminalShowsProgressRedrawnInPlace() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let result = try await PseudoTerminal.run(["demo", "--count", String(Self.count), "--db", "demo.ledger"], in: session.directory.path)
        #expect(result.status == 0, "\(result.screen)")
        #expect(result.screen.contains("\rrecording: "), "\(result.screen.prefix(400))")
        #expect(result.screen.contains("\rverifying: "))
        // Redrawn in place: the report at 4,096 entries, then the last one over it.
        #expect(result.screen.contains("\rrecording: 4,096 of 5,000 entries"), "\(result.screen.prefix(400))")
        #expect(result.screen.contains("\rrecording: 5,000 of 5,000 entries"))
        let verify = try await PseudoTerminal.run(["verify", "--db", "demo.ledger"], in: session.directory.path)
        #expect(verify.status == 0, "\(verify.screen)")
        #expect(verify.screen.contains("\rverifying: "))
        // The meter clears its line: the verdict starts at the left margin.
        #expect(verify.lines.contains { $0.hasPrefix("\r") && $0.contains("\rintact: ") })
        let copy = try await PseudoTerminal.run(["copy", "--from", "demo.ledger", "--to", "copy.ledger"], in: session.directory.path)
        #expect(copy.status == 0, "\(copy.screen)")
        #expect(copy.screen.contains("\rverifying the source: "))
    }

    @Test func quietOrAPipeGetsNoProgress() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let piped = try await session.run("demo", "--count", String(Self.count), "--db", "demo.ledger")
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(!piped.stderr.contains("entries"), "\(piped.stderr)")
        #expect(!piped.stderr.contains("\r"))
        let verify = try await session.run("verify", "--db", "demo.ledger")
        #expect(verify.stderr.isEmpty, "\(verify.stderr)")
        let quiet = try await PseudoTerminal.run(["verify", "--quiet", "--db", "demo.ledger"], in: session.directory.path)
        #expect(quiet.status == 0)
        #expect(!quiet.screen.contains("verifying"), "\(quiet.screen)")
    }

    @Test func exportAndVerifyReportShowProgressOnATerminalOnly() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let path = try await session.demo(count: Self.count).path
        #expect(try await session.run("keygen", "--name", "example.com/cli-test", "--out", "log").status == 0)
        let export = ["export", "--db", path, "--from", "2025-01-01", "--to", "2026-12-31", "--report-id", "R",
                      "--addressee", "A", "--key", "log.key", "--out"]
        let shown = try await PseudoTerminal.run(export + ["bundle"], in: session.directory.path)
        #expect(shown.status == 0, "\(shown.screen)")
        #expect(shown.screen.contains("\rexporting: 4,096 of "), "\(shown.screen.prefix(400))")
        // The meter's line is cleared before the summary: it starts at the left margin.
        #expect(shown.lines.contains { $0.hasSuffix("\r") == false && $0.contains("\rwrote bundle: ") })
        let checked = try await PseudoTerminal.run(["verify-report", "bundle", "--key", "log.pub"], in: session.directory.path)
        #expect(checked.status == 0, "\(checked.screen)")
        #expect(checked.screen.contains("\rchecking: 4,096 of "), "\(checked.screen.prefix(400))")
        let piped = try await session.run(export + ["bundle2"])
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stderr.isEmpty, "\(piped.stderr)")
        let pipedCheck = try await session.run("verify-report", "bundle2", "--key", "log.pub")
        #expect(pipedCheck.stderr.isEmpty, "\(pipedCheck.stderr)")
    }

    @Test func recordFromATerminalSaysItWaitsForNDJSON() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.initWithRegistry()
        let typed = CLIFixture.ndjson(Array(CLIFixture.three.prefix(1))) + [0x04]
        let result = try await PseudoTerminal.run(["record", "--db", session.db], input: typed, in: session.directory.path)
        #expect(result.status == 0, "\(result.screen)")
        #expect(result.screen.contains("Reading NDJSON from standard input (one record per line); end it with Ctrl-D."))
        #expect(try session.entryCount() == UInt64(CLIFixture.firstTransferSeq + 1))
        // From a pipe, nothing is said: the input is already on its way.
        let piped = try await session.run("record", "--db", session.db, input: CLIFixture.ndjson(Array(CLIFixture.three.suffix(1))))
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(!piped.stderr.contains("Reading NDJSON"))
    }
}
