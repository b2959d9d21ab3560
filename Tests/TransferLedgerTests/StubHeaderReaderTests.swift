import Foundation
import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// Export projects a stub header per entry of its range with a one-pass reader of canonical payloads
/// and writes each stub line member by member; both must give exactly what the general parser and
/// the canonical encoder give, or a stub's hash would not rebuild.
@Suite struct StubHeaderReaderTests {
    /// The reader's header, checked against the general projection; nil when the reader declined.
    static func readAndCompare(_ kind: EntryKind, _ payload: [UInt8], _ label: String) -> JSONObject? {
        guard let read = payload.withUnsafeBufferPointer({ StubHeader.canonicalHeader(kind: kind, payload: $0) }) else { return nil }
        #expect(read.members == StubHeader.header(kind: kind, payload: payload), "\(label): members")
        #expect(read.bytes == StubHeader.bytes(kind: kind, payload: payload), "\(label): bytes")
        #expect(read.bytes == CanonicalJSON.encode(.object(read.members)), "\(label): members in canonical order")
        return read.members
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func theReaderAgreesWithTheGeneralProjectionOnTransfers(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        for index in 0..<60 {
            var transfer = CanonicalWriterTests.randomTransfer(&generator, index: index)
            if index % 4 == 0 { transfer.onBehalfOf = index % 8 == 0 ? nil : "CLIENT-\(index)" }
            // Free text with escapes between the members the header keeps: skipped, not misread.
            if index % 5 == 0 { transfer.notes = "a \"quoted\" \\ note\u{1}" }
            var payload = TransferPayload(transfer: transfer, region: .thirdCountry, referenceData: ReferenceData.embedded.version)
            if index % 3 == 0 { payload.verdict = PolicyEngine().evaluate(transfer, registry: Registry()) }
            let bytes = payload.canonicalBytes(privateDocument: payload.privateDocument)
            let header = try #require(Self.readAndCompare(.transfer, bytes, "seed \(seed), transfer \(index)"),
                                      "a canonical transfer payload is read in one pass")
            #expect(header["onBehalfOf"] == transfer.onBehalfOf.map(JSONValue.string))
        }
    }

    @Test func theReaderAgreesOnTheCorrectionExample() throws {
        let payload = Array(try FormatExampleTests.block("example-3-payload").utf8)
        let header = try #require(Self.readAndCompare(.correction, payload, "example 3"))
        #expect(header["supersedes"] != nil && header["occurredAt"] != nil)
    }

    @Test func theReaderDeclinesWhatItDoesNotRead() throws {
        let transfer = SampleGroupTransfer.one()
        let payload = TransferPayload(transfer: transfer, region: .adequate, referenceData: ReferenceData.embedded.version)
        let canonical = payload.canonicalBytes(privateDocument: payload.privateDocument)
        #expect(Self.readAndCompare(.transfer, canonical, "canonical") != nil)
        let text = String(decoding: canonical, as: UTF8.self)
        let variants = [
            ("whitespace", text.replacingOccurrences(of: #","destination":"#, with: #", "destination":"#)),
            ("members out of order", "{\"region\":\"ADEQUATE\"," + text.dropFirst()),
            ("an escaped header value", text.replacingOccurrences(of: #""destination":""#, with: #""destination":"\u0041"#)),
            ("trailing bytes", text + " "),
        ]
        for (label, variant) in variants {
            let bytes = Array(variant.utf8)
            #expect(bytes.withUnsafeBufferPointer { StubHeader.canonicalHeader(kind: .transfer, payload: $0) } == nil, "\(label)")
        }
        // Other kinds have headers the general path projects (or none at all).
        #expect(canonical.withUnsafeBufferPointer { StubHeader.canonicalHeader(kind: .registry, payload: $0) } == nil)
    }

    @Test func aStubLineIsTheCanonicalEncodingOfItsMembers() throws {
        let transfer = SampleGroupTransfer.one()
        let payload = TransferPayload(transfer: transfer, region: .adequate, referenceData: ReferenceData.embedded.version)
        let bytes = payload.canonicalBytes(privateDocument: payload.privateDocument)
        let entry = Entry(seq: 7, kind: .transfer, recordedAt: "2026-03-01T00:00:00.500Z", previousHash: SHA256.hash([1]),
                          hash: SHA256.hash([2]), payload: bytes, format: EntryEncoding.version)
        let stub = try #require(EntryStub(entry, hasher: SHA256()))
        for first in [false, true] {
            for flagged in [false, true] {
                for supersededBy in [nil, UInt64(9)] {
                    var members = stub.members(first: first)
                    members["seq"] = .integer(7)
                    members["hash"] = .string(entry.hash.hex)
                    if flagged { members["occurredAfterRecorded"] = .bool(true) }
                    if let supersededBy { members["supersededBy"] = .integer(Int64(supersededBy)) }
                    let line = stub.line(hash: entry.hash, first: first, occurredAfterRecorded: flagged, supersededBy: supersededBy)
                    #expect(line == CanonicalJSON.encode(.object(members)), "first \(first), flagged \(flagged), supersededBy \(String(describing: supersededBy))")
                }
            }
        }
    }
}

/// One sample transfer, for the tests above.
enum SampleGroupTransfer {
    static func one() -> Transfer {
        var generator = SplitMix64(seed: 15)
        return CanonicalWriterTests.randomTransfer(&generator, index: 3)
    }
}
