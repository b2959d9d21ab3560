/// HMAC-SHA-256 (RFC 2104, FIPS 198-1) over the ledger's one SHA-256 entry point, so keyed digests
/// need no second path into libcrypto.
public enum HMACSHA256 {
    /// SHA-256's block size in bytes: keys longer than this are hashed first.
    static let blockSize = 64

    /// The 32-byte MAC of `message` under `key`.
    public static func authenticationCode(key: [UInt8], message: [UInt8], hasher: SHA256 = SHA256()) -> Digest {
        var block = key.count > blockSize ? hasher.hash(key).bytes : key
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        let inner = hasher.hash(block.map { $0 ^ 0x36 }, message)
        return hasher.hash(block.map { $0 ^ 0x5c }, inner.bytes)
    }
}
