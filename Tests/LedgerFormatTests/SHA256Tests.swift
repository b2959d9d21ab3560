import Testing
@testable import LedgerFormat

@Suite struct SHA256Tests {
    @Test func knownAnswers() {
        #expect(SHA256.hash([]).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hash(Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func leafAndNodeHashesUseDomainSeparation() {
        let hasher = SHA256()
        // RFC 6962 leaf hash of the empty leaf, from transparency-dev/merkle.
        #expect(hasher.leafHash([]).hex == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        let leaf = hasher.leafHash([])
        #expect(hasher.nodeHash(leaf, leaf) == hasher.hash([0x01], leaf.bytes, leaf.bytes))
    }

    @Test func hexRoundTrip() {
        #expect(Hex.decode("00ff7Fa0") == [0x00, 0xFF, 0x7F, 0xA0])
        #expect(Hex.decode("0g") == nil)
        #expect(Hex.decode("abc") == nil)
        #expect(Digest(hex: "00") == nil)
    }
}
