import Testing
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
                payload.verdict = StoredVerdict(PolicyEngine().evaluate(transfer, registry: Registry()))
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
        members["validation"] = verdict?.json
        return CanonicalJSON.encode(.object(members))
    }
}
