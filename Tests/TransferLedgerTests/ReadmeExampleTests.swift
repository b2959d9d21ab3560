import Foundation
import LedgerSample
import LedgerTestSupport
import Testing
import TransferLedger

/// The README's Swift example, compiled and run here against the demo's registry (in a scratch
/// directory: the README's `path` line is the one line left out): the block between
/// the markers below must be, line for line, the README's "From Swift" block, so that the example a
/// new user copies is one that builds, records and is judged compliant.
@Suite struct ReadmeExampleTests {
    @Test func theReadmeExampleRunsAndIsJudgedCompliant() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("transfers.ledger")
        try Ledger.openOrCreate(at: path).register(SampleGroup.registryFacts())

        // README begin
        let ledger = try Ledger.openOrCreate(at: path)
        var transfer = Transfer(
            occurredAt: try Timestamp(rfc3339: "2026-05-01T00:00:00Z"),
            exporter: Party(entity: "NW-FR", role: .controller),
            importer: Party(entity: "NW-IN", role: .processor),
            destination: "IN", mechanism: .bcrController,
            purposes: [.payroll], dataCategories: [.identity, .compensationPayroll],
            subjectCategories: [.employee], subjectCount: .b1k_10k,
            loggedBy: "svc:payroll-sync", idempotencyKey: "payroll-svc:2026-05-01")
        transfer.mechanismRef = "BCR-C-NW-2021"
        transfer.tiaRef = "TIA-IN-2026-01"
        transfer.supplementaryMeasures = [.encryptionKeysInEEA, .transportEncryption]

        let receipt = try ledger.record(transfer)            // durable when it returns
        print(receipt.seq, receipt.verdict?.status.rawValue ?? "not judged")

        var query = TransferQuery()
        query.region = .thirdCountry
        query.occurredFrom = try Timestamp(rfc3339: "2026-01-01T00:00:00Z")
        for recorded in try ledger.transfers(matching: query) {
            print(recorded.seq, recorded.transfer.destination, recorded.region)
        }

        let report = try Ledger(path: path, readOnly: true).verify()
        print(report.isIntact ? "intact" : report.problems.map(\.description).joined(separator: "\n"))
        // README end

        #expect(receipt.verdict?.status == .compliant, "\(receipt.verdict?.findings ?? [])")
        #expect(report.isIntact)
        #expect(try ledger.transfers(matching: query).map(\.seq) == [receipt.seq])
        let readme = try Self.readmeBlock()
        let here = try Self.markedBlock()
        #expect(readme == here, "README's example and this test differ:\nREADME:\n\(readme.joined(separator: "\n"))\ntest:\n\(here.joined(separator: "\n"))")
    }

    /// The README's "Concurrency" example and its swift-log adapter are compiled (against a stand-in
    /// `Logger`) and run in `Tests/AsyncClient`, whose one build `AsyncClientPackageTests` makes; here,
    /// each must be, line for line, its README block.
    @Test(arguments: [("concurrency", "let pool = try LedgerPool(path: \"transfers.ledger\""),
                      ("logging", "let pool = try LedgerPool(path: path, logHandler:")])
    func theReadmeConcurrencySnippetsAreTheOnesCompiled(marker: String, firstLine: String) throws {
        let readme = try String(contentsOfFile: SchemaFile.path("../README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "### Concurrency: one ledger for every task").dropFirst().first?
            .components(separatedBy: "\n## ").first)
        let blocks = section.components(separatedBy: "```swift\n").dropFirst().compactMap { $0.components(separatedBy: "```").first }
        let block = try #require(blocks.first { $0.hasPrefix(firstLine) }, "no README block starts with \(firstLine)")
        let readmeLines = Self.trimmed(block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        let compiled = try Self.markedBlock(in: SchemaFile.path("../Tests/AsyncClient/Sources/async-client/ReadmeSnippets.swift"),
                                            begin: "// README \(marker) begin\n", end: "// README \(marker) end", indent: 4)
        #expect(readmeLines == compiled, "README's \(marker) example and ReadmeSnippets.swift differ:\nREADME:\n\(readmeLines.joined(separator: "\n"))\ncompiled:\n\(compiled.joined(separator: "\n"))")
    }

    /// The README's "From Swift" example (the block that imports TransferLedger), without its `import`
    /// and `path` lines, trimmed.
    static func readmeBlock() throws -> [String] {
        let readme = try String(contentsOfFile: SchemaFile.path("../README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "### From Swift").dropFirst().first)
        let blocks = section.components(separatedBy: "```swift\n").dropFirst().compactMap { $0.components(separatedBy: "```").first }
        let block = try #require(blocks.first { $0.hasPrefix("import TransferLedger\n") })
        return Self.trimmed(block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { $0 != "import TransferLedger" && !$0.hasPrefix("let path = ") })
    }

    /// The lines of `path` (this file unless given) between the `begin` and `end` markers, with `indent`
    /// spaces removed.
    static func markedBlock(in path: String = #filePath, begin: String = "// README begin\n", end: String = "// README end",
                            indent: Int = 8) throws -> [String] {
        let source = try String(contentsOfFile: path, encoding: .utf8)
        let body = try #require(source.components(separatedBy: begin).dropFirst().first?.components(separatedBy: end).first)
        let prefix = String(repeating: " ", count: indent)
        return Self.trimmed(body.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix(prefix) ? String(line.dropFirst(indent)) : line.trimmingCharacters(in: .whitespaces)
        })
    }

    static func trimmed(_ lines: [String]) -> [String] {
        Array(lines.drop { $0.trimmingCharacters(in: .whitespaces).isEmpty }.reversed()
            .drop { $0.trimmingCharacters(in: .whitespaces).isEmpty }.reversed())
    }
}
