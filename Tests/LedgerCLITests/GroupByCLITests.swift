import Testing
import LedgerTestSupport
import TransferLedger

@Suite("ledger query --group-by")
struct GroupByCLITests {
    /// `CLIFixture.three` (IN, JP, US, all b101_1k) plus a second IN transfer with an unknown band.
    static var transfers: [Transfer] {
        var unknown = CLIFixture.transfer(key: "cli-3", at: "2026-04-01T00:00:00Z", destination: "IN")
        unknown.subjectCount = .unknown
        return CLIFixture.three + [unknown]
    }

    @Test func tableShowsRangesAndATotal() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger(with: Self.transfers)
        let result = try await session.run("query", "--db", session.db, "--group-by", "destination", "--format", "table")
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == """
            DESTINATION  TRANSFERS  SUBJECTS   UNKNOWNBANDS
            IN           2          ≥ 101      1
            JP           1          101–1,000  0
            US           1          101–1,000  0
            3 group(s), 4 transfer(s)

            """)
    }

    @Test func monthAsCSV() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger(with: Self.transfers)
        let result = try await session.run("query", "--db", session.db, "--group-by", "month", "--format", "csv")
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == "month,transfers,subjectsMin,subjectsMax,unknownBands\r\n2026-03,3,303,3000,0\r\n2026-04,1,0,,1\r\n")
    }

    @Test func roleAsJSONAndNDJSON() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger(with: Self.transfers)
        let json = try await session.run("query", "--db", session.db, "--group-by", "role", "--format", "json", "--to", "2026-03-31")
        #expect(json.status == 0, "stderr: \(json.stderr)")
        let expected: JSONValue = .object(["role": .string("controller→processor"), "transfers": .integer(3),
                                           "subjectsMin": .integer(303), "subjectsMax": .integer(3_000), "unknownBands": .integer(0)])
        #expect(try JSONParser.parse(json.stdout) == .array([expected]))

        let ndjson = try await session.run("query", "--db", session.db, "--group-by", "exporter", "--format", "ndjson")
        #expect(ndjson.status == 0)
        #expect(ndjson.lines == [#"{"exporter":"NW-FR","subjectsMax":null,"subjectsMin":303,"transfers":4,"unknownBands":1}"#])

        let none = try await session.run("query", "--db", session.db, "--group-by", "importer", "--format", "json", "--destination", "CA")
        #expect(none.stdout == "[]\n")
    }

    @Test(arguments: [
        (["--group-by", "country"], "Error: --group-by 'country' is not one of destination, mechanism, family, role, month, exporter, importer"),
        (["--group-by", "family", "--limit", "2"], "Error: --limit does not combine with --group-by"),
    ])
    func rejectsBadKeysAndLimits(_ arguments: [String], _ message: String) async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        let result = try await LedgerProcess.run(["query", "--db", session.db] + arguments, in: session.directory.path)
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix(message), "stderr: \(result.stderr)")
    }
}
