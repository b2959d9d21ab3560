/// A witness that cosigns checkpoints with C2SP tlog-cosignature/v1 (timestamped Ed25519, type 0x04).
///
/// The signed message is `cosignature/v1\n`, `time <decimal seconds>\n`, then the whole checkpoint note
/// text; the signature line payload is key ID ‖ timestamp (8 bytes, big-endian) ‖ 64-byte signature.
/// The message does not name the cosigner, so one Ed25519 key must serve only one cosigner name.
public struct CheckpointCosigner {
    /// The cosigner's key name.
    public let name: String

    /// The cosigner's private key.
    public let privateKey: Ed25519PrivateKey

    /// The type 0x04 verifier key that checks this cosigner's cosignatures.
    public let verifierKey: NoteVerifierKey

    /// The largest timestamp tlog-cosignature allows, 2^63 - 1.
    public static let maximumTimestamp = UInt64(Int64.max)

    /// Creates a cosigner; throws if the name is not a valid key name.
    public init(name: String, privateKey: Ed25519PrivateKey) throws(NoteError) {
        self.name = name
        self.privateKey = privateKey
        self.verifierKey = try NoteVerifierKey(name: name, type: .ed25519Cosignature, publicKey: privateKey.publicKey)
    }

    /// The exact bytes a cosignature at `timestamp` signs for the checkpoint note text `text`.
    public static func signedMessage(text: String, timestamp: UInt64) -> [UInt8] {
        Array("cosignature/v1\ntime \(timestamp)\n\(text)".utf8)
    }

    /// Cosigns the checkpoint note text `text` (no signature lines) at `timestamp`, in seconds since 1970.
    public func cosign(_ text: String, timestamp: UInt64) throws(NoteError) -> NoteSignature {
        guard timestamp <= Self.maximumTimestamp else { throw .timestampOutOfRange(timestamp) }
        let signature: [UInt8]
        do {
            signature = try privateKey.sign(Self.signedMessage(text: text, timestamp: timestamp))
        } catch {
            throw .signing(error)
        }
        let time = (0..<8).map { UInt8(truncatingIfNeeded: timestamp >> (56 - 8 * UInt64($0))) }
        return try NoteSignature(name: name, keyID: verifierKey.keyID, signature: time + signature)
    }
}

@available(*, unavailable)
extension CheckpointCosigner: Sendable {}
