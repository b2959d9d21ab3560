import Testing
@testable import LedgerFormat
@testable import TransferLedger
import LedgerSample

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
        let bytes = EntryEncoding.canonicalBytes(format: 1, seq: 2, kind: .correction, recordedAt: "2026-05-02T08:00:00Z", previousHash: previous, payload: payload)
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

/// Example 6 of Schema/FORMAT.md §8: example 1's entry in format version 2, its stub header, payload
/// digest, canonical bytes and hash recomputed.
@Suite struct FormatVersionTwoExampleTests {
    typealias Format = FormatExampleTests

    @Test func exampleSixRecomputes() throws {
        let payload = Array(try Format.block("example-1-payload").utf8)
        let header = try #require(StubHeader.bytes(kind: .transfer, payload: payload))
        #expect(String(decoding: header, as: UTF8.self) == (try Format.block("example-6-header")))
        #expect(SHA256.hash(payload).hex == (try Format.block("example-6-digest")))
        let bytes = EntryEncoding.canonicalBytes(format: 2, seq: 0, kind: .transfer, recordedAt: "2026-05-01T09:30:00Z", previousHash: .zero, payload: payload)
        #expect(Hex.encode(bytes) == (try Format.block("example-6-entry")).split(separator: "\n").joined())
        #expect(SHA256().leafHash(bytes).hex == (try Format.block("example-6-hash")))
        // The streaming hash of the writer and verifier, and the stub's bytes, agree with the framing.
        #expect(EntryEncoding.leafHash(format: 2, seq: 0, kind: .transfer, recordedAt: "2026-05-01T09:30:00Z", previousHash: .zero,
                                       payload: payload, hasher: SHA256())?.hex == (try Format.block("example-6-hash")))
        #expect(EntryEncoding.canonicalBytes(seq: 0, kind: .transfer, recordedAt: "2026-05-01T09:30:00Z", previousHash: .zero, header: header,
                                             payloadDigest: SHA256.hash(payload)) == bytes)
        // The same entry in format 1 is example 1.
        #expect(Hex.encode(EntryEncoding.canonicalBytes(format: 1, seq: 0, kind: .transfer, recordedAt: "2026-05-01T09:30:00Z", previousHash: .zero,
                                                        payload: payload)) == (try Format.block("example-1-entry")).split(separator: "\n").joined())
    }

    @Test func headersOfTheOtherKindsAreAsSpecified() throws {
        let correction = Array(try Format.block("example-3-payload").utf8)
        let header = try #require(StubHeader.header(kind: .correction, payload: correction))
        #expect(header["supersedes"] == .integer(0))
        #expect(header["destination"]?.stringValue != nil && header["occurredAt"]?.stringValue != nil)
        let request = Array(#"{"receivedAt":"2026-05-01T00:00:00Z","requestId":"GAR-1","country":"US"}"#.utf8)
        #expect(StubHeader.bytes(kind: EntryKind(rawValue: "govAccessRequest"), payload: request).map { String(decoding: $0, as: UTF8.self) }
                == #"{"receivedAt":"2026-05-01T00:00:00Z","requestId":"GAR-1"}"#)
        #expect(StubHeader.bytes(kind: EntryKind(rawValue: "registry"), payload: Array("{}".utf8)) == Array("{}".utf8))
        // A transfer payload without a member the header needs yields none.
        #expect(StubHeader.bytes(kind: .transfer, payload: Array(#"{"occurredAt":"2026-05-01T00:00:00Z"}"#.utf8)) == nil)
        #expect(StubHeader.bytes(kind: .transfer, payload: Array("not json".utf8)) == nil)
    }
}

/// The two ways to a transfer's stub header, from the payload's bytes (what a verifier in another
/// language does) and from the values a writer encodes, give the same bytes.
@Suite struct StubHeaderDerivationTests {
    @Test func theHeaderOfTheValuesIsTheHeaderOfTheirPayload() throws {
        let transfers = SampleGroup.transfers(count: 400, endingAt: Fixture.time("2026-12-31T00:00:00Z"))
        #expect(transfers.contains { $0.onBehalfOf != nil } && transfers.contains { $0.onBehalfOf == nil })
        var regions = Set<Region>()
        for transfer in transfers {
            let region = try StructuralRules.check(transfer)
            regions.insert(region)
            let payload = TransferPayload(transfer: transfer, region: region, referenceData: ReferenceData.embedded.version, salt: Array(repeating: 7, count: 16))
            let bytes = payload.canonicalBytes(privateDocument: payload.privateDocument)
            let header = StubHeader.bytes(transfer: transfer, region: region)
            #expect(StubHeader.bytes(kind: .transfer, payload: bytes) == header, "\(transfer.idempotencyKey)")
        }
        #expect(regions == Set(Region.allCases))
    }
}
