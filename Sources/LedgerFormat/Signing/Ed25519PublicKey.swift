internal import CLibCrypto

/// An Ed25519 public key (RFC 8032): 32 bytes that verify signatures through OpenSSL.
public struct Ed25519PublicKey: Hashable, Sendable, CustomStringConvertible {
    /// The key's 32 bytes in RFC 8032 encoding.
    public let bytes: [UInt8]

    /// The length of every Ed25519 public key.
    public static let byteCount = 32

    /// The length of every Ed25519 signature.
    public static let signatureByteCount = 64

    /// Wraps `bytes`; throws unless they are exactly 32 bytes.
    public init(bytes: [UInt8]) throws(SigningError) {
        guard bytes.count == Self.byteCount else { throw .invalidPublicKeyLength(bytes.count) }
        self.bytes = bytes
    }

    /// Whether `signature` is a valid Ed25519 signature of `message` by this key.
    ///
    /// Returns false for anything that is not a valid signature, including wrong lengths and points that do not
    /// decode: tampered input is an answer, not an error.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == Self.signatureByteCount else { return false }
        guard let key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, bytes, bytes.count) else {
            _ = SigningError.fromLibcrypto("EVP_PKEY_new_raw_public_key")
            return false
        }
        defer { EVP_PKEY_free(key) }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        // Ed25519 hashes internally (PureEdDSA), so no message digest is configured.
        guard EVP_DigestVerifyInit(context, nil, nil, nil, key) == 1 else {
            _ = SigningError.fromLibcrypto("EVP_DigestVerifyInit")
            return false
        }
        let result = EVP_DigestVerify(context, signature, signature.count, message, message.count)
        if result != 1 { _ = SigningError.fromLibcrypto("EVP_DigestVerify") }
        return result == 1
    }

    /// The key as lowercase hex.
    public var description: String { Hex.encode(bytes) }
}
