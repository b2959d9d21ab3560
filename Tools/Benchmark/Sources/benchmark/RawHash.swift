import BenchCrypto
import Foundation

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

/// The raw verify's chain check: the leaf hash of an entry's canonical bytes (FORMAT.md §2 framing:
/// version ‖ seq u64 BE ‖ len kind ‖ kind ‖ len time ‖ time ‖ prev (32) ‖ u32 BE payload length ‖
/// payload, after the leaf prefix 0x00) compared with the stored hash, and the link with the hash
/// before.
final class ChainChecker {
    private let hasher = RawHasher()
    private var header = [UInt8](repeating: 0, count: 512)
    private var digest = [UInt8](repeating: 0, count: 32)
    private var previous = [UInt8](repeating: 0, count: 32)

    /// Whether the entry's hash and link are right.
    func check(seq: UInt64, kind: UnsafeRawBufferPointer, recordedAt: UnsafeRawBufferPointer, previousHash: UnsafeRawBufferPointer,
               hash storedHash: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer) -> Bool {
        let headerCount = header.withUnsafeMutableBytes { out -> Int in
            var i = 0
            out[i] = 1; i += 1
            for shift in stride(from: 56, through: 0, by: -8) { out[i] = UInt8(truncatingIfNeeded: seq >> UInt64(shift)); i += 1 }
            out[i] = UInt8(kind.count); i += 1
            out.baseAddress!.advanced(by: i).copyMemory(from: kind.baseAddress!, byteCount: kind.count); i += kind.count
            out[i] = UInt8(recordedAt.count); i += 1
            out.baseAddress!.advanced(by: i).copyMemory(from: recordedAt.baseAddress!, byteCount: recordedAt.count); i += recordedAt.count
            out.baseAddress!.advanced(by: i).copyMemory(from: previousHash.baseAddress!, byteCount: 32); i += 32
            let length = UInt32(payload.count)
            for shift in stride(from: 24, through: 0, by: -8) { out[i] = UInt8(truncatingIfNeeded: length >> UInt32(shift)); i += 1 }
            return i
        }
        header.withUnsafeBytes { headerBytes in
            digest.withUnsafeMutableBufferPointer { out in
                hasher.leafHash(header: UnsafeRawBufferPointer(rebasing: headerBytes[..<headerCount]), payload: payload, into: out.baseAddress!)
            }
        }
        let intact = memcmp(digest, storedHash.baseAddress!, 32) == 0 && memcmp(previous, previousHash.baseAddress!, 32) == 0
        digest.withUnsafeBytes { source in previous.withUnsafeMutableBytes { $0.copyMemory(from: source) } }
        return intact
    }
}

var openSSLVersion: String { String(cString: OpenSSL_version(Int32(OPENSSL_VERSION))) }
