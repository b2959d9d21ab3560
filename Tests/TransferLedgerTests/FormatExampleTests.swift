import Foundation
import Testing
@testable import LedgerFormat
@testable import LedgerPostgreSQL
@testable import LedgerSQLite
@testable import LedgerStorage
@testable import TransferLedger

/// The worked examples of Schema/FORMAT.md §8, recomputed from the input JSON: the spec and the code
/// must agree byte for byte.
@Suite struct FormatExampleTests {
    static let format = SchemaFile.text("FORMAT.md")

    struct Example: Sendable, CustomTestStringConvertible {
        let number: Int
        let seq: UInt64
        let recordedAt: String
        var testDescription: String { "example \(number)" }
    }

    static let examples = [
        Example(number: 1, seq: 0, recordedAt: "2026-05-01T09:30:00Z"),
        Example(number: 2, seq: 1, recordedAt: "2026-05-01T09:30:00.250Z"),
    ]

    /// The body of the fenced block whose info string ends in `label`.
    static func block(_ label: String) throws -> String {
        let lines = format.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0.hasPrefix("```") && $0.hasSuffix(" " + label) }, "no block \(label) in FORMAT.md")
        let end = try #require(lines[(start + 1)...].firstIndex { $0 == "```" })
        return lines[(start + 1)..<end].joined(separator: "\n")
    }

    @Test(arguments: examples)
    func exampleRecomputes(_ example: Example) throws {
        let label = "example-\(example.number)"
        let transfer = try Transfer(jsonBytes: Array(try Self.block(label + "-input").utf8))
        let region = try StructuralRules.check(transfer)
        let privateText = try Self.block(label + "-private")
        let salt = try #require(JSONParser.parse(privateText).objectValue?["salt"]?.stringValue.flatMap(Hex.decode))
        var stored = TransferPayload(transfer: transfer, region: region, referenceData: ReferenceData.embedded.version, salt: salt)
        let payloadText = try Self.block(label + "-payload")
        let validation = try #require(JSONParser.parse(payloadText).objectValue?["validation"])
        stored.verdict = try PolicyVerdict(json: validation)
        #expect(String(decoding: stored.privateDocument, as: UTF8.self) == privateText)
        let payload = stored.canonicalBytes
        #expect(String(decoding: payload, as: UTF8.self) == payloadText)
        // The stored form decodes back to the same transfer and verdict.
        let decoded = try TransferPayload(bytes: payload, privateDocument: stored.privateDocument)
        #expect(decoded.transfer == transfer)
        #expect(decoded.verdict == stored.verdict)

        let previous = example.seq == 0 ? Digest.zero : try #require(Digest(hex: try Self.block("example-\(example.number - 1)-hash")))
        let bytes = EntryEncoding.canonicalBytes(format: 1, seq: example.seq, kind: .transfer, recordedAt: example.recordedAt,
                                                 previousHash: previous, payload: payload)
        #expect(Hex.encode(bytes) == (try Self.block(label + "-entry")).split(separator: "\n").joined())
        #expect(SHA256().leafHash(bytes).hex == (try Self.block(label + "-hash")))
    }

    @Test func referenceDataVersionIsTheOneDocumented() {
        #expect(Self.format.contains(ReferenceData.embedded.version.hex))
    }
}

/// Files of the repository's Schema/ folder, read from the source tree.
enum SchemaFile {
    static func path(_ name: String) -> String {
        let testFile = #filePath
        let root = testFile.components(separatedBy: "/Tests/").dropLast().joined(separator: "/Tests/")
        return root + "/Schema/" + name
    }

    static func text(_ name: String) -> String {
        (try? String(contentsOfFile: path(name), encoding: .utf8)) ?? ""
    }

    /// The numbered migrations in `folder` (such as `migrations` or `postgres`), in order: read from
    /// the folder itself, so that a new migration the embedding was not regenerated for fails a test.
    static func migrations(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path(folder))) ?? []
        return names.filter { $0.first?.isNumber == true && $0.hasSuffix(".sql") }.sorted()
    }
}
