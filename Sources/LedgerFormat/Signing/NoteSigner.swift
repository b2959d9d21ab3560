/// Signs note text with an Ed25519 key under a key name (C2SP signed-note, signature type 0x01).
///
/// Private key text form, as Go's `golang.org/x/mod/sumdb/note` writes it:
/// `PRIVATE+KEY+<name>+<8 hex key ID>+<base64(0x01 ‖ 32-byte seed)>`. Not `Sendable`, like the key it holds.
public struct NoteSigner {
    /// The key name written on every signature line.
    public let name: String

    /// The private key.
    public let privateKey: Ed25519PrivateKey

    /// The verifier key matching this signer.
    public let verifierKey: NoteVerifierKey

    private static let privatePrefix = "PRIVATE+KEY+"

    /// Creates a signer; throws if the name is not a valid key name.
    public init(name: String, privateKey: Ed25519PrivateKey) throws(NoteError) {
        self.name = name
        self.privateKey = privateKey
        self.verifierKey = try NoteVerifierKey(name: name, type: .ed25519, publicKey: privateKey.publicKey)
    }

    /// Parses the private key text form, checking that the stated key ID matches the key.
    public init(parsing text: String) throws(NoteError) {
        guard text.hasPrefix(Self.privatePrefix) else {
            throw .malformedPrivateKey(reason: "does not start with PRIVATE+KEY+")
        }
        let parts = text.dropFirst(Self.privatePrefix.count).split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformedPrivateKey(reason: "expected PRIVATE+KEY+name+keyid+base64") }
        guard let stated = NoteKeyID.parse(hex: parts[1]) else {
            throw .malformedPrivateKey(reason: "key ID is not 8 hex digits")
        }
        guard var material = Base64.decode(parts[2]) else {
            throw .malformedPrivateKey(reason: "key material is not canonical base64")
        }
        defer { Ed25519PrivateKey.cleanse(&material) }
        guard material.first == NoteSignatureType.ed25519.rawValue else {
            throw .malformedPrivateKey(reason: "key material does not start with type byte 0x01 (Ed25519)")
        }
        var seed = Array(material.dropFirst())
        defer { Ed25519PrivateKey.cleanse(&seed) }
        let key: Ed25519PrivateKey
        do {
            key = try Ed25519PrivateKey(seed: seed)
        } catch {
            throw .malformedPrivateKey(reason: error.description)
        }
        try self.init(name: String(parts[0]), privateKey: key)
        guard verifierKey.keyID == stated else {
            throw .keyIDMismatch(name: name, stated: stated, computed: verifierKey.keyID)
        }
    }

    /// The private key text form; it contains the secret seed, so write it only to a protected key file.
    public func privateKeyText() throws(NoteError) -> String {
        var seed: [UInt8]
        do {
            seed = try privateKey.exportSeed()
        } catch {
            throw .signing(error)
        }
        defer { Ed25519PrivateKey.cleanse(&seed) }
        var material = [NoteSignatureType.ed25519.rawValue] + seed
        defer { Ed25519PrivateKey.cleanse(&material) }
        return "\(Self.privatePrefix)\(name)+\(NoteKeyID.hex(verifierKey.keyID))+\(Base64.encode(material))"
    }

    /// Signs `text`, which must be a note text (ending in a newline), and returns its signature line.
    public func sign(_ text: String) throws(NoteError) -> NoteSignature {
        let signature: [UInt8]
        do {
            signature = try privateKey.sign(Array(text.utf8))
        } catch {
            throw .signing(error)
        }
        return try NoteSignature(name: name, keyID: verifierKey.keyID, signature: signature)
    }
}

@available(*, unavailable)
extension NoteSigner: Sendable {}
