import Testing
import LedgerTestSupport
import TransferLedger

@Suite("Impossible filters are usage errors, not empty answers")
struct ImpossibleFilterTests {
    @Test(arguments: [
        ["query", "--from", "2026-03-05", "--to", "2026-03-01"],
        ["query", "--from", "2026-03-02T10:00:00Z", "--to", "2026-03-02T09:59:59Z"],
        ["export", "--from", "2026-03-05", "--to", "2026-03-01"],
    ])
    func fromAfterToNamesBothOptions(arguments: [String]) async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        let result = try await LedgerProcess.run(arguments + ["--db", session.db], in: session.directory.path)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: --from '\(arguments[2])' is later than --to '\(arguments[4])'\n"))
        #expect(result.stdout.isEmpty)
    }

    @Test func aPeriodOfOneDayOrOneInstantIsNotEmptyByConstruction() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        let day = try await session.run("query", "--from", "2026-03-01", "--to", "2026-03-01", "--db", session.db)
        #expect(day.status == 0, "\(day.stderr)")
        #expect(day.lines.count == 1)
        let instant = try await session.run("query", "--from", "2026-03-01T08:00:00Z", "--to", "2026-03-01T08:00:00Z", "--db", session.db)
        #expect(instant.status == 0, "\(instant.stderr)")
        #expect(instant.lines.count == 1)
    }

    @Test func mechanismOutsideTheFamilyIsAUsageError() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        let result = try await session.run("query", "--mechanism", "sccCommission", "--family", "DEROGATION_49", "--db", session.db)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--mechanism 'sccCommission'") && result.stderr.contains("--family 'DEROGATION_49'"))
        let consistent = try await session.run("query", "--mechanism", "sccCommission", "--family", "SAFEGUARDS_46", "--db", session.db)
        #expect(consistent.status == 0, "\(consistent.stderr)")
        #expect(consistent.lines.count == 3)
    }
}
