import Testing
import LedgerTestSupport
import TransferLedger

@Suite("Counts are grouped the same in every human line; machine formats stay plain")
struct NumberFormatCLITests {
    /// A demo ledger of 1,500 transfers: enough for every count to need a thousands separator.
    static func demo(_ session: CLISession) async throws -> String {
        let demo = try await session.demo(count: 1500)
        #expect(demo.output.stdout.contains("1,500 transfers recorded"))
        return demo.path
    }

    @Test func tableRowsAndFootersGroupThousands() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let path = try await Self.demo(session)
        let table = try await session.run("query", "--format", "table", "--db", path)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.lines.last?.hasPrefix("1,500 transfer(s)") == true, "\(table.lines.last ?? "")")
        let groups = try await session.run("query", "--group-by", "family", "--format", "table", "--db", path)
        #expect(groups.lines.last?.hasSuffix(", 1,500 transfer(s)") == true, "\(groups.lines.last ?? "")")
        // Every count in a row is grouped like the footer: no run of four digits outside a range.
        for line in groups.lines.dropFirst().dropLast() {
            let counts = line.split(separator: " ").filter { $0.allSatisfy(\.isNumber) }
            #expect(counts.allSatisfy { $0.count <= 3 }, "ungrouped count in: \(line)")
        }
        let verify = try await session.run("verify", "--db", path)
        #expect(verify.stdout.hasPrefix("intact: 1,5"), "\(verify.stdout)")
    }

    @Test func machineFormatsKeepPlainIntegers() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let path = try await Self.demo(session)
        let csv = try await session.run("query", "--group-by", "family", "--format", "csv", "--db", path)
        #expect(csv.status == 0)
        // A grouped count would be a quoted "1,234" and not parse as a whole number.
        let total = csv.stdout.split(separator: "\r\n").dropFirst().compactMap { Int($0.split(separator: ",")[1]) }.reduce(0, +)
        #expect(total == 1500)
        let json = try await session.run("query", "--group-by", "family", "--format", "json", "--db", path)
        #expect(!json.stdout.contains("1,"))
    }
}
