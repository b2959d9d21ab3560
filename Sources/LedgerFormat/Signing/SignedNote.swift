/// A C2SP signed note: text ending in a newline, a blank line, then one or more signature lines.
///
/// The text may itself contain blank lines; the last blank line separates it from the signatures. The
/// whole note must be UTF-8 without control characters other than newline. Parsing checks structure
/// only; ``verify(using:)`` decides whether the note is trustworthy.
public struct SignedNote: Hashable, Sendable {
    /// The signed text, including its final newline but not the separating blank line.
    public let text: String

    /// The signature lines in note order.
    public let signatures: [NoteSignature]

    /// The most signature lines accepted (Go's limit; C2SP requires at least 16).
    public static let maximumSignatures = 100

    /// Assembles a note from text and signatures, checking the same rules as parsing.
    public init(text: String, signatures: [NoteSignature]) throws(NoteError) {
        try Self.checkText(Array(text.utf8))
        guard !signatures.isEmpty else { throw .noSignatures }
        guard signatures.count <= Self.maximumSignatures else {
            throw .tooManySignatures(count: signatures.count, limit: Self.maximumSignatures)
        }
        self.text = text
        self.signatures = signatures
    }

    /// Parses a signed note from its text.
    public init(parsing note: String) throws(NoteError) {
        try self.init(parsing: Array(note.utf8))
    }

    /// Parses a signed note from bytes, as read from a file or the network.
    public init(parsing bytes: [UInt8]) throws(NoteError) {
        guard String(validating: bytes, as: UTF8.self) != nil else { throw .notUTF8 }
        try Self.checkCharacters(bytes)
        guard bytes.last == 0x0A else { throw .missingFinalNewline }
        guard let split = Self.lastBlankLine(in: bytes) else { throw .missingSignatureSeparator }
        let textBytes = bytes[...split]
        let signatureBytes = bytes[(split + 2)...]
        guard !signatureBytes.isEmpty else { throw .noSignatures }
        // The block ends with a newline, so splitting leaves one empty piece at the end; drop it.
        let lines = signatureBytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        guard lines.count <= Self.maximumSignatures else {
            throw .tooManySignatures(count: lines.count, limit: Self.maximumSignatures)
        }
        var signatures: [NoteSignature] = []
        for (number, line) in lines.enumerated() {
            let text = String(decoding: line, as: UTF8.self)
            signatures.append(try NoteSignature(parsingLine: text[...], number: number + 1))
        }
        self.text = String(decoding: textBytes, as: UTF8.self)
        self.signatures = signatures
    }

    /// The note as text: the note text, a blank line, and every signature line.
    public var serialized: String {
        text + "\n" + signatures.map(\.line).joined()
    }

    /// The same note with `signature` appended, as a witness adds its cosignature.
    public func adding(_ signature: NoteSignature) throws(NoteError) -> SignedNote {
        try SignedNote(text: text, signatures: signatures + [signature])
    }

    // MARK: Internals

    /// Checks a note text on its own: control characters and the final newline.
    static func checkText(_ bytes: [UInt8]) throws(NoteError) {
        try checkCharacters(bytes)
        guard bytes.last == 0x0A else { throw .missingFinalNewline }
    }

    /// Rejects ASCII control characters other than newline.
    static func checkCharacters(_ bytes: [UInt8]) throws(NoteError) {
        if let offset = bytes.firstIndex(where: { $0 < 0x20 && $0 != 0x0A }) {
            throw .controlCharacter(bytes[offset], offset: offset)
        }
    }

    /// The index of the first newline of the last "\n\n" in `bytes`.
    static func lastBlankLine(in bytes: [UInt8]) -> Int? {
        var index = bytes.count - 2
        while index >= 0 {
            if bytes[index] == 0x0A && bytes[index + 1] == 0x0A { return index }
            index -= 1
        }
        return nil
    }
}
