/// One signature line of a signed note: `— <name> <base64(key ID ‖ signature)>`.
public struct NoteSignature: Hashable, Sendable, CustomStringConvertible {
    /// The signer's key name.
    public let name: String

    /// The key ID, the first four bytes of the payload.
    public let keyID: UInt32

    /// The bytes after the key ID: an Ed25519 signature, or timestamp ‖ signature for a cosignature.
    public let signature: [UInt8]

    /// The line prefix: U+2014 EM DASH and a space.
    static let prefix = "\u{2014} "

    /// Creates a signature line; throws if the name is not a valid key name.
    public init(name: String, keyID: UInt32, signature: [UInt8]) throws(NoteError) {
        guard NoteKeyID.isValidName(name) else { throw .invalidKeyName(name) }
        self.name = name
        self.keyID = keyID
        self.signature = signature
    }

    /// Parses one signature line without its newline; `number` is used only in error messages.
    package init(parsingLine line: Substring, number: Int) throws(NoteError) {
        guard line.hasPrefix(Self.prefix) else {
            throw .malformedSignatureLine(line: number, reason: "does not start with '— '")
        }
        let rest = line.dropFirst(Self.prefix.count)
        let parts = rest.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw .malformedSignatureLine(line: number, reason: "expected a key name and a signature separated by one space")
        }
        guard NoteKeyID.isValidName(String(parts[0])) else {
            throw .malformedSignatureLine(line: number, reason: "invalid key name '\(parts[0])'")
        }
        guard let payload = Base64.decode(parts[1]) else {
            throw .malformedSignatureLine(line: number, reason: "signature is not canonical base64")
        }
        // Four bytes of key ID and at least one byte of signature, as the Go note package requires.
        guard payload.count >= 5 else {
            throw .malformedSignatureLine(line: number, reason: "signature has \(payload.count) bytes, fewer than 5")
        }
        self.name = String(parts[0])
        self.keyID = payload.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
        self.signature = Array(payload.dropFirst(4))
    }

    /// The signature line, including its final newline.
    public var line: String {
        "\(Self.prefix)\(name) \(Base64.encode(NoteKeyID.bigEndianBytes(keyID) + signature))\n"
    }

    /// A one-line rendering for messages and logs.
    public var description: String { "\(name) (\(NoteKeyID.hex(keyID)))" }
}
