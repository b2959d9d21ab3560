import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// The worked examples of Schema/FORMAT.md §8 for the entry kinds `correction` and `referenceData`,
/// recomputed from their input: the spec and the code agree byte for byte.
@Suite struct FormatKindExampleTests {
    typealias Format = FormatExampleTests

    @Test func theCorrectionExampleRecomputes() throws {
        let correction = try TransferCorrection(json: JSONParser.parse(Format.block("example-3-input")))
        let region = try StructuralRules.check(correction.transfer)
        let privateText = try Format.block("example-3-private")
        let salt = try #require(JSONParser.parse(privateText).objectValue?["salt"]?.stringValue.flatMap(Hex.decode))
        var stored = CorrectionPayload(correction, region: region, referenceData: ReferenceData.embedded.version, salt: salt)
        let payloadText = try Format.block("example-3-payload")
        let validation = try #require(JSONParser.parse(payloadText).objectValue?["transfer"]?.objectValue?["validation"])
        stored.transfer.verdict = try PolicyVerdict(json: validation)
        #expect(String(decoding: stored.transfer.privateDocument, as: UTF8.self) == privateText)
        let payload = stored.canonicalBytes(privateDocument: stored.transfer.privateDocument)
        #expect(String(decoding: payload, as: UTF8.self) == payloadText)
        let decoded = try CorrectionPayload(bytes: payload, privateDocument: stored.transfer.privateDocument)
        #expect(decoded.correction == correction)

        let previous = try #require(Digest(hex: try Format.block("example-2-hash")))
        let bytes = EntryEncoding.canonicalBytes(seq: 2, kind: .correction, recordedAt: "2026-05-02T08:00:00Z", previousHash: previous, payload: payload)
        #expect(Hex.encode(bytes) == (try Format.block("example-3-entry")).split(separator: "\n").joined())
        #expect(SHA256().leafHash(bytes).hex == (try Format.block("example-3-hash")))
    }

    @Test func theAdoptionExampleRecomputes() throws {
        let table = try JSONParser.parse(Format.block("example-4-table"))
        let payload = try ReferenceDataPayload(table: table, effectiveFrom: try #require(Day("2027-01-01")))
        #expect(String(decoding: payload.canonicalBytes, as: UTF8.self) == (try Format.block("example-4-payload")))
        #expect(Format.format.contains("Its version is the SHA-256 of its canonical JSON, `\(payload.referenceData.versionHex)`"))
        #expect(payload.referenceData.region(of: "IN", at: Fixture.time("2027-01-01T00:00:00Z")) == .adequate)
        #expect(payload.referenceData.region(of: "IN", at: Fixture.time("2026-12-31T23:59:59Z")) == .thirdCountry)
    }
}
