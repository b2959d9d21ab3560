internal import CLibCrypto

/// Unpredictable bytes from OpenSSL's DRBG, seeded by the operating system.
///
/// One user-space call per request: `SystemRandomNumberGenerator` makes a `getrandom` system call for
/// every 8 bytes, which cost more than hashing the whole entry on the append path.
enum SecureRandom {
    static func bytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&bytes, Int32(count)) == 1 else {
            // Only when the DRBG cannot be seeded; a salt from a broken generator would be guessable.
            fatalError("OpenSSL RAND_bytes failed: no secure random source")
        }
        return bytes
    }
}

/// Salts drawn from `SecureRandom` a block at a time.
///
/// Each `RAND_bytes` call costs a few microseconds of DRBG bookkeeping whatever its size, as much as
/// the rest of a one-entry append's hashing; a block serves a few hundred salts. Owned by one store
/// and used on its thread only.
package struct SaltPool {
    /// Bytes drawn per call when fewer are asked for.
    static let blockSize = 4_096

    private var block: [UInt8] = []
    private var used = 0

    /// `count` fresh salts of `size` bytes each; no byte is handed out twice.
    package mutating func take(_ count: Int, size: Int) -> [[UInt8]] {
        let needed = count * size
        if block.count - used < needed {
            block = SecureRandom.bytes(max(Self.blockSize, needed))
            used = 0
        }
        let start = used
        used += needed
        return (0..<count).map { Array(block[(start + $0 * size)..<(start + ($0 + 1) * size)]) }
    }

    /// An empty pool; the first `take` draws a block.
    package init() {}
}
