import Testing
import LedgerTestSupport
import TransferLedger

@Suite("ledger query")
struct QueryCommandTests {
    @Test func csvFollowsRFC4180() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let receipts = try await session.ledger()
        let result = try await session.run("query", "--db", session.db, "--format", "csv")
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.hasSuffix("\r\n"))
        #expect(result.stdout.contains(#""He said ""hi"", then left"#), "quotes are doubled inside a quoted field")

        let records = try #require(RFC4180.parse(result.stdout), "not RFC 4180: \(result.stdout.debugDescription)")
        #expect(records.count == 4)
        let header = try #require(records.first)
        #expect(header.prefix(4) == ["seq", "recordedAt", "hash", "occurredAt"])
        #expect(records.allSatisfy { $0.count == header.count })
        func column(_ name: String) -> [String] {
            guard let index = header.firstIndex(of: name) else { return [] }
            return records.dropFirst().map { $0[index] }
        }
        let first = CLIFixture.firstTransferSeq
        #expect(column("seq") == [first, first + 1, first + 2].map(String.init), "the registry facts come first")
        #expect(column("hash") == receipts.compactMap { $0["hash"]?.stringValue })
        #expect(column("idempotencyKey") == ["cli-0", "cli-1", "cli-2"])
        #expect(column("notes") == ["", "", "He said \"hi\", then left\nsecond line, with commas"])
        #expect(column("dataCategories") == ["identity;deviceTechnical", "identity;deviceTechnical", "identity;deviceTechnical"])
        #expect(column("region") == ["THIRD_COUNTRY", "ADEQUATE", "ADEQUATE"])
        #expect(column("family") == ["SAFEGUARDS_46", "SAFEGUARDS_46", "SAFEGUARDS_46"])
        #expect(column("status") == ["compliant", "compliant", "compliant"])
        #expect(column("rules") == ["", "", ""])
    }

    @Test func jsonIsOneValidArray() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        let result = try await session.run("query", "--db", session.db, "--format", "json")
        #expect(result.status == 0)
        guard case .array(let items) = try JSONParser.parse(result.stdout) else { Issue.record("not an array: \(result.stdout)"); return }
        #expect(items.map { $0.objectValue?["idempotencyKey"] } == ["cli-0", "cli-1", "cli-2"].map { .string($0) })
        let first = Int64(CLIFixture.firstTransferSeq)
        #expect(items.map { $0.objectValue?["seq"] } == [.integer(first), .integer(first + 1), .integer(first + 2)])
        #expect(items.allSatisfy { $0.objectValue?["validation"]?.objectValue?["status"] == .string("compliant") })
        #expect(items[2].objectValue?["notes"] == .string("He said \"hi\", then left\nsecond line, with commas"))

        let none = try await session.run("query", "--db", session.db, "--format", "json", "--destination", "CA")
        #expect(none.status == 0)
        #expect(try JSONParser.parse(none.stdout) == .array([]))
    }

    @Test func ndjsonIsOneTransferPerLineAndTheDefaultOffATerminal() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        let result = try await session.run("query", "--db", session.db, "--format", "ndjson")
        #expect(result.status == 0)
        #expect(result.lines.count == 3)
        let keys = try result.lines.map { try JSONParser.parse($0).objectValue?["idempotencyKey"]?.stringValue }
        #expect(keys == ["cli-0", "cli-1", "cli-2"])
        // Each line decodes back to the transfer that was recorded, once the ledger's own members are removed.
        for (line, transfer) in zip(result.lines, CLIFixture.three) {
            var members = try #require(try JSONParser.parse(line).objectValue)
            for derived in ["seq", "hash", "recordedAt", "region", "family", "validation"] { #expect(members.removeValue(forKey: derived) != nil) }
            #expect(try Transfer(jsonBytes: Array(JSONValue.object(members).canonicalText.utf8)) == transfer)
        }

        let piped = try await session.run("query", "--db", session.db)
        #expect(piped.stdout == result.stdout)
    }

    @Test func tableHasAHeaderAndACount() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        let result = try await session.run("query", "--db", session.db, "--format", "table")
        #expect(result.status == 0)
        #expect(result.lines.first?.hasPrefix("SEQ  OCCURREDAT") == true)
        #expect(result.lines.last == "3 transfer(s)")
        #expect(result.lines.count == 5)
    }

    @Test(arguments: [
        (["--destination", "JP"], ["cli-1"]),
        (["--region", "ADEQUATE"], ["cli-1", "cli-2"]),
        (["--special"], ["cli-1"]),
        (["--no-special"], ["cli-0", "cli-2"]),
        (["--from", "2026-03-02"], ["cli-1", "cli-2"]),
        (["--to", "2026-03-02"], ["cli-0", "cli-1"]),
        (["--from", "2026-03-02", "--to", "2026-03-02"], ["cli-1"]),
        (["--to", "2026-03-03T00:00:00Z"], ["cli-0", "cli-1", "cli-2"]),
        (["--from", "2026-03-02T23:59:59.999999Z"], ["cli-1", "cli-2"]),
        (["--limit", "2"], ["cli-0", "cli-1"]),
        (["--limit", "0"], []),
        (["--exporter", "NW-FR", "--importer", "NW-IN", "--party", "NW-IN", "--role", "processor"], ["cli-0", "cli-1", "cli-2"]),
        (["--mechanism", "adequacy"], []),
        (["--family", "NONE"], []),
        (["--family", "ADEQUACY"], []),
        (["--family", "SAFEGUARDS_46", "--data-category", "deviceTechnical"], ["cli-0", "cli-1", "cli-2"]),
        (["--data-category", "financial"], []),
    ] as [([String], [String])])
    func filtersSelectTransfers(filters: [String], keys: [String]) async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        let result = try await LedgerProcess.run(["query", "--db", session.db, "--format", "ndjson"] + filters, in: session.directory.path)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(try result.lines.map { try JSONParser.parse($0).objectValue?["idempotencyKey"]?.stringValue } == keys)
    }

    @Test(arguments: [
        ["--format", "xml"], ["--region", "MARS"], ["--role", "owner"], ["--from", "yesterday"], ["--to", "2026-02-30"],
        ["--limit", "-1"], ["--limit", "many"], ["--special", "--no-special"], ["--special=yes"], ["stray"],
    ])
    func badFiltersAreUsageErrors(arguments: [String]) async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        let result = try await LedgerProcess.run(["query", "--db", session.db] + arguments, in: session.directory.path)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: "))
        #expect(result.stderr.contains("Usage: ledger query"))
        #expect(result.stdout.isEmpty)
    }
}
