internal import CLibCrypto

/// SHA-256 through OpenSSL, with the RFC 9162 leaf and node hashes built on it.
///
/// A hasher keeps one fetched `EVP_MD` and one `EVP_MD_CTX` for its lifetime: OpenSSL 3 fetches the
/// algorithm on every one-shot call, which triples the cost of hashing a 65-byte Merkle node.
public final class SHA256 {
    private let algorithm: OpaquePointer
    private let context: OpaquePointer

    /// Creates a hasher; it is cheap to keep and reuse, and must stay on one thread at a time.
    public init() {
        // Both fail only when libcrypto cannot allocate or has no SHA-256, which leaves nothing
        // sensible to do: there is no ledger without SHA-256.
        guard let algorithm = Self.algorithm, let context = EVP_MD_CTX_new() else {
            fatalError("libcrypto provides no SHA-256")
        }
        self.algorithm = algorithm
        self.context = context
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Fetched once for the process: fetching is the expensive part of a hasher, and a fetched
    /// EVP_MD is immutable and documented by OpenSSL as safe to share between threads.
    nonisolated(unsafe) private static let algorithm: OpaquePointer? = EVP_MD_fetch(nil, "SHA256", nil)

    /// Hashes the concatenation of `parts`.
    public func hash(_ parts: [UInt8]...) -> Digest {
        hash(parts: parts)
    }

    /// Hashes the concatenation of `parts`.
    public func hash(parts: [[UInt8]]) -> Digest {
        begin()
        for part in parts { part.withUnsafeBytes(update) }
        return end()
    }

    /// Starts a new message; `update` adds to it and `end` returns its digest.
    func begin() {
        EVP_DigestInit_ex2(context, algorithm, nil)
    }

    func update(_ bytes: UnsafeRawBufferPointer) {
        EVP_DigestUpdate(context, bytes.baseAddress, bytes.count)
    }

    func end() -> Digest {
        var digest = Digest.zero
        var length: UInt32 = 0
        digest.withUnsafeMutableBytes { bytes in
            _ = EVP_DigestFinal_ex(context, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), &length)
        }
        return digest
    }

    /// The RFC 9162 leaf hash, SHA-256(0x00 ‖ data).
    public func leafHash(_ data: [UInt8]) -> Digest {
        hash([0x00], data)
    }

    /// The RFC 9162 interior node hash, SHA-256(0x01 ‖ left ‖ right).
    public func nodeHash(_ left: Digest, _ right: Digest) -> Digest {
        begin()
        withUnsafeBytes(of: UInt8(0x01)) { update($0) }
        left.withUnsafeBytes(update)
        right.withUnsafeBytes(update)
        return end()
    }

    /// SHA-256 of `data` with a throwaway hasher, for code that hashes rarely.
    public static func hash(_ data: [UInt8]) -> Digest {
        SHA256().hash(data)
    }
}

@available(*, unavailable)
extension SHA256: Sendable {}
