import Foundation
import Testing
import LedgerTestSupport
import TransferLedger

/// Issue 11, items 5, 7 and 12: dates and numbers on the command line are checked against the range
/// the ledger can represent before any work, out of range being a usage error naming the option; and
/// an option's value is a value, even when it is `-h`.
@Suite("Argument bounds and values: out of range is a usage error, -h as a value is a value")
struct ArgumentBoundsCLITests {
    @Test func aPeriodEndingAfterTheLastRepresentableInstantIsRefusedBeforeAnyWork() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        _ = try await session.run("keygen", "--name", "example.com/bounds", "--out", "log")
        let before = try session.entryCount()
        let export = try await session.runGuarded(["export", "--db", session.db, "--from", "2020-01-01", "--to", "9999-12-31",
                                                   "--report-id", "R", "--addressee", "A", "--key", "log.key", "--out", "bundle"])
        #expect(export.status == 64, "\(export.stderr)")
        #expect(export.stderr.hasPrefix("Error: --to '9999-12-31' is out of range"))
        #expect(try session.entryCount() == before, "no checkpoint may be recorded")
        #expect(!FileManager.default.fileExists(atPath: session.directory.file("bundle")))

        let query = try await session.runGuarded(["query", "--db", session.db, "--to", "9999-12-31T23:59:59.999999Z"])
        #expect(query.status == 64, "\(query.stderr)")
        let lastDay = try await session.run("query", "--db", session.db, "--to", "9999-12-30", "--format", "ndjson")
        #expect(lastDay.status == 0, "\(lastDay.stderr)")
        #expect(lastDay.lines.count == CLIFixture.three.count)
    }

    @Test(arguments: [
        (["demo", "--count", "9223372036854775807"], "--count"),
        (["demo", "--count", "0"], "--count"),
        (["demo", "--count", "99999999999999999999999"], "--count"),
        (["query", "--limit", "-1"], "--limit"),
        (["query", "--limit", "9223372036854775808"], "--limit"),
        (["show", "9223372036854775808"], "<seq>"),
        (["prove", "18446744073709551615"], "<seq>"),
        (["prove", "1", "--size", "18446744073709551616"], "--size"),
        (["prove", "--consistency", "-3"], "--consistency"),
        (["prove", "--consistency", "1", "9223372036854775808"], "<new-size>"),
    ])
    func numbersOutOfRangeAreUsageErrorsNamingTheOptionAndItsRange(arguments: [String], option: String) async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        let result = try await session.runGuarded(arguments + ["--db", session.db])
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        let firstLine = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(firstLine.hasPrefix("Error: \(option) '"), "\(firstLine)")
        #expect(firstLine.contains("is not a whole number from "), "\(firstLine)")
    }

    @Test func dashHAsAnOptionsValueIsAValueNotARequestForHelp() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let verify = try await session.run("verify", "--db", "-h")
        #expect(verify.status == 66, "\(verify.stdout)")
        #expect(verify.stderr.hasPrefix("Error: cannot open ledger -h: "), "\(verify.stderr)")
        #expect(!verify.stdout.contains("OVERVIEW"))
        let export = try await session.run("export", "--addressee", "-h", "--report-id", "--help")
        #expect(export.status == 64)
        #expect(export.stderr.hasPrefix("Error: missing --from"), "\(export.stderr)")
        let inline = try await session.run("query", "--db=--help", "--limit", "1")
        #expect(inline.status == 66, "\(inline.stderr)")
        for help in [["verify", "-h"], ["verify", "--db", "x.ledger", "--help"], ["export", "--addressee", "A", "-h"]] {
            let result = try await session.runGuarded(help)
            #expect(result.status == 0 && result.stdout.hasPrefix("OVERVIEW: "), "\(help)")
        }
    }
}
