internal import CLibCrypto

/// Unpredictable bytes from OpenSSL's DRBG, seeded by the operating system.
///
/// One user-space call per request: `SystemRandomNumberGenerator` makes a `getrandom` system call for
/// every 8 bytes, which cost more than hashing the whole entry on the append path.
enum SecureRandom {
    /// `count` random values of `size` bytes each, drawn in one call.
    static func values(_ count: Int, size: Int) -> [[UInt8]] {
        let bytes = bytes(count * size)
        return (0..<count).map { Array(bytes[($0 * size)..<(($0 + 1) * size)]) }
    }

    static func bytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&bytes, Int32(count)) == 1 else {
            // Only when the DRBG cannot be seeded; a salt from a broken generator would be guessable.
            fatalError("OpenSSL RAND_bytes failed: no secure random source")
        }
        return bytes
    }
}
