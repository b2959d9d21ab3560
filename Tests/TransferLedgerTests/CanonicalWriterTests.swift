import LedgerSample
import Testing
@testable import LedgerFormat
@testable import LedgerPostgreSQL
@testable import LedgerSQLite
@testable import LedgerStorage
@testable import TransferLedger

/// The member-by-member payload writer must produce exactly what the general canonical encoder
/// produces for the same object, for every shape of transfer.
@Suite struct CanonicalWriterTests {
    static func randomTransfer(_ generator: inout SplitMix64, index: Int) -> Transfer {
        var transfer = SampleGroup.transfers(count: 40, endingAt: SampleGroup.yearEnd, seed: generator.next())[index % 40]
        if Bool.random(using: &generator) { transfer.notes = "Zeile \(index): \"Q\"\tü\u{1F}𝄞" }
        if Bool.random(using: &generator) { transfer.parent = UInt64.random(in: 0..<1_000_000, using: &generator) }
        if Bool.random(using: &generator) { transfer.art10Basis = "EU-law art. \(index)" }
        if Bool.random(using: &generator) { transfer.contractRefs = nil }
        if Bool.random(using: &generator) { transfer.frequency = nil }
        return transfer
    }

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func writerMatchesTheGeneralEncoder(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        for index in 0..<50 {
            let transfer = Self.randomTransfer(&generator, index: index)
            var payload = TransferPayload(transfer: transfer, region: .thirdCountry, referenceData: ReferenceData.embedded.version)
            if index % 3 == 0 {
                payload.verdict = PolicyEngine().evaluate(transfer, registry: Registry())
            }
            let document = payload.privateDocument
            guard case .object(let members) = transfer.jsonValue else { Issue.record("not an object"); return }
            var expectedDocument = members.filter { TransferPayload.privateFields.contains($0.key) }
            expectedDocument["salt"] = .string(Hex.encode(payload.salt))
            #expect(document == CanonicalJSON.encode(.object(expectedDocument)), "seed \(seed), transfer \(index)")
            #expect(payload.canonicalBytes(privateDocument: document) == payload.canonicalBytesViaJSONValue(privateDocument: document),
                    "seed \(seed), transfer \(index)")
        }
    }
}

extension TransferPayload {
    /// The same bytes through the general encoder: the reference the member-by-member writer is
    /// tested against.
    func canonicalBytesViaJSONValue(privateDocument: [UInt8]) -> [UInt8] {
        guard case .object(var members) = transfer.jsonValue else { return [] }
        for name in Self.privateFields { members[name] = nil }
        members["region"] = .string(region.rawValue)
        members["referenceData"] = .string(referenceData.hex)
        members["private"] = .string(SHA256.hash(privateDocument).hex)
        members["validation"] = verdict?.jsonValue
        return CanonicalJSON.encode(.object(members))
    }
}

/// The one-pass decoder of canonical payloads must agree with the general decoder on everything the
/// ledger writes, and must never accept bytes the general decoder would read differently.
@Suite struct CanonicalDecoderTests {
    static func same(_ lhs: TransferPayload, _ rhs: TransferPayload) -> Bool {
        lhs.transfer == rhs.transfer && lhs.region == rhs.region && lhs.referenceData == rhs.referenceData
            && lhs.salt == rhs.salt && lhs.verdict == rhs.verdict
    }

    @Test(arguments: [UInt64(11), 12, 13])
    func fastDecoderAgreesWithTheGeneralOne(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        let hasher = SHA256()
        for index in 0..<60 {
            let transfer = CanonicalWriterTests.randomTransfer(&generator, index: index)
            var payload = TransferPayload(transfer: transfer, region: .adequate, referenceData: ReferenceData.embedded.version)
            payload.verdict = PolicyEngine().evaluate(transfer, registry: Registry())
            let document = payload.privateDocument
            let bytes = payload.canonicalBytes(privateDocument: document)
            let general = try TransferPayload(decodingInGeneral: bytes, privateDocument: document)
            let fast = TransferPayload.decodeCanonical(bytes: bytes, privateDocument: document, hasher: hasher)
            // Notes with escapes take the general path; everything else must take the fast one.
            if transfer.notes == nil {
                #expect(fast != nil, "seed \(seed), transfer \(index): canonical bytes must take the fast path")
            }
            if let fast { #expect(Self.same(fast, general), "seed \(seed), transfer \(index)") }

            // A flipped byte: the fast decoder either refuses or reads what the general decoder reads.
            var mutated = bytes
            let position = Int.random(in: 0..<mutated.count, using: &generator)
            mutated[position] ^= UInt8.random(in: 1...255, using: &generator)
            if let fastMutated = TransferPayload.decodeCanonical(bytes: mutated, privateDocument: document, hasher: hasher) {
                let generalMutated = try? TransferPayload(decodingInGeneral: mutated, privateDocument: document)
                #expect(generalMutated.map { Self.same($0, fastMutated) } == true, "seed \(seed), transfer \(index), byte \(position)")
            }
        }
    }
}
