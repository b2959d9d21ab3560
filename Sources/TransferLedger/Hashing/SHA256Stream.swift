internal import CLibCrypto

/// SHA-256 over bytes that arrive in pieces, for files too large to hold (report bundles).
///
/// Kept beside ``SHA256`` so libcrypto stays in one folder; `SHA256` itself hashes one message per
/// call and is tuned for the 65-byte Merkle nodes.
public final class SHA256Stream {
    private let algorithm: OpaquePointer
    private let context: OpaquePointer

    /// Starts hashing an empty message.
    public init() {
        // As in SHA256: failure means libcrypto cannot allocate or lacks SHA-256; no ledger works then.
        guard let algorithm = EVP_MD_fetch(nil, "SHA256", nil), let context = EVP_MD_CTX_new() else {
            fatalError("libcrypto provides no SHA-256")
        }
        self.algorithm = algorithm
        self.context = context
        EVP_DigestInit_ex2(context, algorithm, nil)
    }

    deinit {
        EVP_MD_CTX_free(context)
        EVP_MD_free(algorithm)
    }

    /// Adds `bytes` to the message.
    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { _ = EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
    }

    /// Adds `bytes` to the message.
    public func update(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { _ = EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
    }

    /// The digest of everything added so far; the stream then starts over with an empty message.
    public func finish() -> Digest {
        var digest = [UInt8](repeating: 0, count: Digest.byteCount)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        EVP_DigestInit_ex2(context, algorithm, nil)
        return Digest(uncheckedBytes: digest)
    }
}

@available(*, unavailable)
extension SHA256Stream: Sendable {}
