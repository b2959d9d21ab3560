import Testing
@testable import LedgerFormat

@Suite struct SigningEd25519Tests {
    // RFC 8032 §7.1, TEST 1 (empty message).
    static let seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
    static let publicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    static let signature = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"

    @Test func rfc8032TestVector1() throws {
        let key = try Ed25519PrivateKey(seed: bytes(Self.seed))
        #expect(key.publicKey.bytes == bytes(Self.publicKey))
        // OpenSSL signs deterministically as RFC 8032 specifies, so the bytes must match exactly.
        #expect(try key.sign([]) == bytes(Self.signature))
        #expect(key.publicKey.isValidSignature(bytes(Self.signature), for: []))
        #expect(!key.publicKey.isValidSignature(bytes(Self.signature), for: [0]))
        #expect(try key.exportSeed() == bytes(Self.seed))
    }

    @Test func generatedKeysSignAndRejectTampering() throws {
        let key = try Ed25519PrivateKey()
        let other = try Ed25519PrivateKey()
        let message = Array("transfer 42 to processor B".utf8)
        var signature = try key.sign(message)
        #expect(key.publicKey.isValidSignature(signature, for: message))
        #expect(!other.publicKey.isValidSignature(signature, for: message))
        #expect(!key.publicKey.isValidSignature(Array(signature.dropLast()), for: message))
        signature[10] ^= 0x01
        #expect(!key.publicKey.isValidSignature(signature, for: message))
    }

    @Test func rejectsWrongKeyLengths() {
        #expect(throws: SigningError.invalidSeedLength(31)) { try Ed25519PrivateKey(seed: [UInt8](repeating: 1, count: 31)) }
        #expect(throws: SigningError.invalidPublicKeyLength(33)) { try Ed25519PublicKey(bytes: [UInt8](repeating: 1, count: 33)) }
    }

    @Test func cleanseZeroesInPlace() {
        var secret: [UInt8] = [1, 2, 3, 4]
        Ed25519PrivateKey.cleanse(&secret)
        #expect(secret == [0, 0, 0, 0])
    }

    @Test(arguments: [
        ("", []), ("Zg==", [0x66]), ("Zm8=", [0x66, 0x6F]), ("Zm9v", [0x66, 0x6F, 0x6F]),
        ("Zm9vYg==", Array("foob".utf8)), ("Zm9vYmFy", Array("foobar".utf8)), ("+/8=", [0xFB, 0xFF]),
    ] as [(String, [UInt8])])
    func base64KnownAnswers(_ text: String, _ decoded: [UInt8]) {
        #expect(Base64.encode(decoded) == text)
        #expect(Base64.decode(text) == decoded)
    }

    @Test(arguments: ["Zg", "Zg=", "Zg===", "Zh==", "Zm9=", "Zm9v\n", " Zm9v", "Zm-v", "Zm_v", "Z===", "=Zm9", "Zg==Zg=="])
    func base64RejectsNonCanonicalText(_ text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test func base64RoundTripsEveryLength() {
        var random = SplitMix64(seed: 7)
        for length in 0..<100 {
            let data = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            #expect(Base64.decode(Base64.encode(data)) == data, "length \(length)")
        }
    }
}
