/// A public key that checks note signatures: key name, signature type and Ed25519 key, as in a C2SP vkey.
///
/// Text form (`vkey`): `<name>+<8 hex key ID>+<base64(type ‖ 32-byte public key)>`. Type 0x01 keys check
/// Ed25519 note signatures; type 0x04 keys check tlog-cosignature/v1 witness cosignatures.
public struct NoteVerifierKey: Hashable, Sendable, CustomStringConvertible {
    /// The key name that signature lines must carry.
    public let name: String

    /// Which kind of signature this key checks.
    public let type: NoteSignatureType

    /// The Ed25519 public key.
    public let publicKey: Ed25519PublicKey

    /// The key ID that signatures must carry, derived from name, type and key.
    public let keyID: UInt32

    /// Creates a verifier key; throws if the name is not a valid key name.
    public init(name: String, type: NoteSignatureType = .ed25519, publicKey: Ed25519PublicKey) throws(NoteError) {
        guard NoteKeyID.isValidName(name) else { throw .invalidKeyName(name) }
        self.name = name
        self.type = type
        self.publicKey = publicKey
        self.keyID = NoteKeyID.compute(name: name, type: type, publicKey: publicKey)
    }

    /// Parses the vkey text form, checking that the stated key ID matches the key.
    public init(parsing text: String) throws(NoteError) {
        // At most two splits: standard base64 may itself contain '+'.
        let parts = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformedVerifierKey(reason: "expected name+keyid+base64") }
        guard let stated = NoteKeyID.parse(hex: parts[1]) else {
            throw .malformedVerifierKey(reason: "key ID '\(parts[1])' is not 8 hex digits")
        }
        guard let material = Base64.decode(parts[2]), let typeByte = material.first else {
            throw .malformedVerifierKey(reason: "key material is not canonical base64")
        }
        guard let type = NoteSignatureType(rawValue: typeByte) else { throw .unsupportedSignatureType(typeByte) }
        let publicKey: Ed25519PublicKey
        do {
            publicKey = try Ed25519PublicKey(bytes: Array(material.dropFirst()))
        } catch {
            throw .malformedVerifierKey(reason: error.description)
        }
        try self.init(name: String(parts[0]), type: type, publicKey: publicKey)
        guard keyID == stated else { throw .keyIDMismatch(name: name, stated: stated, computed: keyID) }
    }

    /// The vkey text form.
    public var text: String {
        "\(name)+\(NoteKeyID.hex(keyID))+\(Base64.encode([type.rawValue] + publicKey.bytes))"
    }

    /// A one-line rendering for messages and logs.
    public var description: String { text }
}
