/// The body of a C2SP tlog-checkpoint: origin, tree size, root hash and optional extension lines.
///
/// Text form, each line ending in a newline: the origin; the size in ASCII decimal without leading zeros;
/// the root as padded standard base64 of 32 bytes; then zero or more non-empty extension lines. A signed
/// checkpoint is a ``SignedNote`` whose text is this body.
public struct Checkpoint: Hashable, Sendable, CustomStringConvertible {
    /// Why checkpoint text was rejected.
    public enum ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The text does not end with a newline.
        case missingFinalNewline
        /// Fewer than the three required lines.
        case tooFewLines(Int)
        /// The origin line is empty or contains a control character.
        case invalidOrigin
        /// The size line is not a decimal number without leading zeros that fits 64 bits.
        case invalidSize(String)
        /// The root line is not canonical base64 of exactly 32 bytes.
        case invalidRootHash(String)
        /// Extension line `number` (1-based) is empty or contains a control character.
        case invalidExtensionLine(number: Int)

        /// A one-line rendering for messages and logs.
        public var description: String {
            switch self {
            case .missingFinalNewline: "checkpoint does not end with a newline"
            case .tooFewLines(let count): "checkpoint has \(count) lines, needs origin, size and root hash"
            case .invalidOrigin: "checkpoint origin line is empty or contains a control character"
            case .invalidSize(let line): "checkpoint size '\(line)' is not a decimal number without leading zeros"
            case .invalidRootHash(let line): "checkpoint root '\(line)' is not base64 of 32 bytes"
            case .invalidExtensionLine(let number): "checkpoint extension line \(number) is empty or contains a control character"
            }
        }
    }

    /// The log's identity, unique per ledger and epoch; also the log key's name.
    public let origin: String

    /// The number of leaves in the tree.
    public let size: UInt64

    /// The RFC 9162 root of the first `size` leaves.
    public let rootHash: Digest

    /// Opaque extension lines, in order; this ledger writes none.
    public let extensions: [String]

    /// Assembles a checkpoint; throws if a line would not survive a round trip through the text form.
    public init(origin: String, size: UInt64, rootHash: Digest, extensions: [String] = []) throws(ParseError) {
        guard Self.isValidLine(origin) else { throw .invalidOrigin }
        for (number, line) in extensions.enumerated() where !Self.isValidLine(line) {
            throw .invalidExtensionLine(number: number + 1)
        }
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.extensions = extensions
    }

    /// Parses the checkpoint body, for example a verified ``SignedNote/text``.
    public init(parsing text: String) throws(ParseError) {
        guard text.hasSuffix("\n") else { throw .missingFinalNewline }
        let lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
            .map { String(decoding: $0, as: UTF8.self) }
        guard lines.count >= 3 else { throw .tooFewLines(lines.count) }
        guard let size = Self.parseSize(lines[1]) else { throw .invalidSize(lines[1]) }
        guard let bytes = Base64.decode(lines[2]), let root = Digest(bytes: bytes) else {
            throw .invalidRootHash(lines[2])
        }
        try self.init(origin: lines[0], size: size, rootHash: root, extensions: Array(lines.dropFirst(3)))
    }

    /// The checkpoint body text, each line ending in a newline.
    public var text: String {
        ([origin, String(size), Base64.encode(rootHash.bytes)] + extensions).map { $0 + "\n" }.joined()
    }

    /// A one-line rendering for messages and logs.
    public var description: String { "\(origin) @ \(size): \(rootHash.shortHex)" }

    /// Digits only, no sign, no leading zero except "0" itself, no overflow.
    static func parseSize(_ line: String) -> UInt64? {
        let digits = Array(line.utf8)
        guard !digits.isEmpty, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        guard digits.count == 1 || digits[0] != 0x30 else { return nil }
        return UInt64(line)
    }

    /// Non-empty, and free of newlines and other control characters.
    static func isValidLine(_ line: String) -> Bool {
        !line.isEmpty && line.utf8.allSatisfy { $0 >= 0x20 }
    }
}
