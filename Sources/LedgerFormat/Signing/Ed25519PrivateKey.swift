internal import CLibCrypto

/// An Ed25519 private key held by OpenSSL; it signs deterministically per RFC 8032.
///
/// A final class around an `EVP_PKEY` that frees the key on deinit, and explicitly not `Sendable`: one key
/// object belongs to one thread at a time. The 32-byte seed leaves OpenSSL only through ``exportSeed()``,
/// and callers should pass such copies to ``cleanse(_:)`` when done.
public final class Ed25519PrivateKey {
    private let key: OpaquePointer

    /// The public key that verifies this key's signatures.
    public let publicKey: Ed25519PublicKey

    /// The length of an Ed25519 seed, which is the whole private key.
    public static let seedByteCount = 32

    /// Loads the key whose RFC 8032 seed is `seed`.
    public convenience init(seed: [UInt8]) throws(SigningError) {
        guard seed.count == Self.seedByteCount else { throw .invalidSeedLength(seed.count) }
        guard let key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, seed, seed.count) else {
            throw .fromLibcrypto("EVP_PKEY_new_raw_private_key")
        }
        try self.init(owning: key)
    }

    /// Generates a new key from OpenSSL's CSPRNG.
    public convenience init() throws(SigningError) {
        guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nil) else {
            throw .fromLibcrypto("EVP_PKEY_CTX_new_id")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var generated: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_keygen(context, &generated) == 1,
              let key = generated else {
            throw .fromLibcrypto("EVP_PKEY_keygen")
        }
        try self.init(owning: key)
    }

    /// Takes ownership of `key`, freeing it if the public half cannot be read.
    private init(owning key: OpaquePointer) throws(SigningError) {
        var publicBytes = [UInt8](repeating: 0, count: Ed25519PublicKey.byteCount)
        var length = publicBytes.count
        guard EVP_PKEY_get_raw_public_key(key, &publicBytes, &length) == 1, length == publicBytes.count else {
            EVP_PKEY_free(key)
            throw .fromLibcrypto("EVP_PKEY_get_raw_public_key")
        }
        self.key = key
        self.publicKey = try Ed25519PublicKey(bytes: publicBytes)
    }

    deinit {
        EVP_PKEY_free(key)
    }

    /// Signs `message` (PureEdDSA, no pre-hash) and returns the 64-byte signature.
    public func sign(_ message: [UInt8]) throws(SigningError) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { throw .fromLibcrypto("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, nil, nil, key) == 1 else {
            throw .fromLibcrypto("EVP_DigestSignInit")
        }
        var signature = [UInt8](repeating: 0, count: Ed25519PublicKey.signatureByteCount)
        var length = signature.count
        guard EVP_DigestSign(context, &signature, &length, message, message.count) == 1,
              length == Ed25519PublicKey.signatureByteCount else {
            throw .fromLibcrypto("EVP_DigestSign")
        }
        return signature
    }

    /// A copy of the 32-byte seed, for writing a key file; wipe it with ``cleanse(_:)`` afterwards.
    public func exportSeed() throws(SigningError) -> [UInt8] {
        var seed = [UInt8](repeating: 0, count: Self.seedByteCount)
        var length = seed.count
        guard EVP_PKEY_get_raw_private_key(key, &seed, &length) == 1, length == Self.seedByteCount else {
            throw .fromLibcrypto("EVP_PKEY_get_raw_private_key")
        }
        return seed
    }

    /// Overwrites `bytes` in place with zeros in a way the optimiser cannot remove (OPENSSL_cleanse).
    ///
    /// This wipes the array's current storage only; copies made earlier (arrays are copy-on-write) are not
    /// reached, so keep secret bytes in one variable and pass that variable here.
    public static func cleanse(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { OPENSSL_cleanse(base, buffer.count) }
        }
    }
}

@available(*, unavailable)
extension Ed25519PrivateKey: Sendable {}
