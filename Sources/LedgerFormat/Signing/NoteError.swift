/// Why a signed note, a note key or a note signature was rejected, with enough detail to act on.
public enum NoteError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The note bytes are not valid UTF-8.
    case notUTF8

    /// The note contains a control character other than newline, at this byte offset.
    case controlCharacter(UInt8, offset: Int)

    /// The note does not end with a newline.
    case missingFinalNewline

    /// No blank line separates the text from the signatures.
    case missingSignatureSeparator

    /// The note has no signature lines.
    case noSignatures

    /// The note has more signature lines than the limit (100, as in Go's note package).
    case tooManySignatures(count: Int, limit: Int)

    /// Signature line `line` (1-based, counting signature lines only) is malformed; `reason` says how.
    case malformedSignatureLine(line: Int, reason: String)

    /// A key name is empty or contains a space or `+`.
    case invalidKeyName(String)

    /// A verifier key text (`name+id+base64`) is malformed; `reason` says how.
    case malformedVerifierKey(reason: String)

    /// A private key text (`PRIVATE+KEY+name+id+base64`) is malformed; `reason` says how (never the key).
    case malformedPrivateKey(reason: String)

    /// A key's signature type byte is not one this library implements (0x01 and 0x04).
    case unsupportedSignatureType(UInt8)

    /// A key text names a key ID that does not match its name and key material.
    case keyIDMismatch(name: String, stated: UInt32, computed: UInt32)

    /// Two configured verifier keys share both name and key ID, so signatures cannot be attributed.
    case ambiguousKey(name: String, keyID: UInt32)

    /// A signature from a known key (name and ID match) does not verify: the note was altered or forged.
    case invalidSignature(name: String, keyID: UInt32)

    /// No signature from any known key is present, so nothing vouches for the note.
    case noKnownSignature

    /// A cosignature timestamp exceeds 2^63 - 1, which tlog-cosignature forbids.
    case timestampOutOfRange(UInt64)

    /// Creating a key or a signature failed in libcrypto.
    case signing(SigningError)

    /// A one-line rendering for messages and logs.
    public var description: String {
        switch self {
        case .notUTF8: "note is not valid UTF-8"
        case let .controlCharacter(byte, offset):
            "note contains control character 0x\(Hex.encode([byte])) at byte \(offset)"
        case .missingFinalNewline: "note does not end with a newline"
        case .missingSignatureSeparator: "note has no blank line between text and signatures"
        case .noSignatures: "note has no signature lines"
        case let .tooManySignatures(count, limit): "note has \(count) signature lines, more than \(limit)"
        case let .malformedSignatureLine(line, reason): "signature line \(line): \(reason)"
        case .invalidKeyName(let name): "key name '\(name)' is empty or contains a space or '+'"
        case .malformedVerifierKey(let reason): "verifier key: \(reason)"
        case .malformedPrivateKey(let reason): "private key: \(reason)"
        case .unsupportedSignatureType(let type): "signature type 0x\(Hex.encode([type])) is not supported"
        case let .keyIDMismatch(name, stated, computed):
            "key \(name) states key ID \(NoteKeyID.hex(stated)) but its key material gives \(NoteKeyID.hex(computed))"
        case let .ambiguousKey(name, keyID): "two verifier keys are named \(name) with key ID \(NoteKeyID.hex(keyID))"
        case let .invalidSignature(name, keyID): "signature by \(name) (\(NoteKeyID.hex(keyID))) does not verify"
        case .noKnownSignature: "no signature from a known key"
        case .timestampOutOfRange(let value): "cosignature timestamp \(value) exceeds 2^63 - 1"
        case .signing(let error): error.description
        }
    }
}
