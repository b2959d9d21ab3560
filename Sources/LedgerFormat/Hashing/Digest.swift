/// A 32-byte SHA-256 digest: an entry hash, a Merkle node or a Merkle root.
///
/// The bytes are held inline, not in an array: digests are compared, hashed and copied for every
/// entry an append writes or a verification reads, and an array would be a heap allocation each time.
public struct Digest: Hashable, Sendable, CustomStringConvertible {
    /// The 32 bytes in order, as four machine words in memory.
    @usableFromInline var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// The number of bytes in every digest.
    public static let byteCount = 32

    /// Thirty-two zero bytes: the previous hash of the first entry.
    public static let zero = Digest()

    @usableFromInline init() {}

    /// Wraps `bytes`, or returns nil when they are not exactly 32 bytes long.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.init(uncheckedBytes: bytes)
    }

    /// Parses 64 hexadecimal digits (either case), or returns nil.
    public init?(hex: String) {
        guard let bytes = Hex.decode(hex) else { return nil }
        self.init(bytes: bytes)
    }

    /// The first 32 of `bytes`, padded with zeros when there are fewer: for bytes read back from a
    /// file, which a tampered file may hold at another length (the verifier reports the length).
    /// Inlinable so that each backend's call is specialised for its collection type: unspecialised,
    /// the generic iteration costs more than the hashing it serves.
    @inlinable package init(uncheckedBytes bytes: some Collection<UInt8>) {
        withUnsafeMutableBytes { words in
            for (index, byte) in zip(0..<Self.byteCount, bytes) { words[index] = byte }
        }
    }

    /// Exactly the 32 bytes at `bytes`, or the same padding and truncation as `init(uncheckedBytes:)`.
    package init(copying bytes: UnsafeRawBufferPointer) {
        withUnsafeMutableBytes { words in words.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes.prefix(Self.byteCount))) }
    }

    /// The digest's 32 bytes.
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Calls `body` with the digest's 32 bytes, without copying them.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try Swift.withUnsafeBytes(of: words, body)
    }

    @usableFromInline mutating func withUnsafeMutableBytes<Result>(_ body: (UnsafeMutableRawBufferPointer) throws -> Result) rethrows -> Result {
        try Swift.withUnsafeMutableBytes(of: &words, body)
    }

    /// Equal when all 32 bytes are.
    public static func == (lhs: Digest, rhs: Digest) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
    }

    /// Hashes the 32 bytes.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    /// The digest as 64 lowercase hexadecimal digits.
    public var hex: String { Hex.encode(bytes) }

    /// The 64 lowercase hex digits.
    public var description: String { hex }

    /// The first 12 hex digits, for messages people read.
    public var shortHex: String { String(hex.prefix(12)) + "…" }
}

/// Lowercase hexadecimal encoding, as used by FORMAT.md everywhere bytes are shown as text.
package enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Encodes `bytes` as lowercase hexadecimal.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var utf8: [UInt8] = []
        append(Array(bytes), to: &utf8)
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Appends the hex digits of `bytes` to `utf8`.
    static func append(_ bytes: some Collection<UInt8>, to utf8: inout [UInt8]) {
        // Written into a scratch buffer and appended once: appending byte by byte checks capacity
        // and uniqueness for every digit.
        let digits = digits
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count * 2) { scratch in
            for (index, byte) in bytes.enumerated() {
                scratch[2 * index] = digits[Int(byte >> 4)]
                scratch[2 * index + 1] = digits[Int(byte & 0x0F)]
            }
            utf8.append(contentsOf: scratch)
        }
    }

    /// Decodes hexadecimal text of even length, or returns nil.
    public static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = value(of: utf8[index]), let low = value(of: utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
