import BenchCrypto

/// SHA-256 through OpenSSL EVP with a pre-fetched algorithm and one reused context: the fastest
/// EVP route (performance-limits.md §1), the baseline's hash.
final class RawHasher {
    private let algorithm: OpaquePointer
    private let context: OpaquePointer

    init() {
        guard let algorithm = EVP_MD_fetch(nil, "SHA256", nil), let context = EVP_MD_CTX_new() else {
            fail("no SHA-256 in libcrypto")
        }
        self.algorithm = algorithm
        self.context = context
    }

    deinit {
        EVP_MD_CTX_free(context)
        EVP_MD_free(algorithm)
    }

    /// SHA-256(0x00 ‖ header ‖ payload) into `digest` (32 bytes).
    @inline(__always)
    func leafHash(header: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer, into digest: UnsafeMutablePointer<UInt8>) {
        var prefix: UInt8 = 0
        var length: UInt32 = 0
        EVP_DigestInit_ex2(context, algorithm, nil)
        EVP_DigestUpdate(context, &prefix, 1)
        EVP_DigestUpdate(context, header.baseAddress, header.count)
        EVP_DigestUpdate(context, payload.baseAddress, payload.count)
        EVP_DigestFinal_ex(context, digest, &length)
    }
}

var openSSLVersion: String { String(cString: OpenSSL_version(Int32(OPENSSL_VERSION))) }
