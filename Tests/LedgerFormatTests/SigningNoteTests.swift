import Foundation
import Testing
@testable import LedgerFormat

/// The signed-note and checkpoint groups of `Vectors/merkle-vectors.json`.
struct SigningVectors: Decodable, Sendable {
    struct Note: Decodable, Sendable, CustomStringConvertible {
        let key_name: String, vkey: String, key_id: String, note_text: String, signature_line: String
        let skey: String?, signed_note: String?
        var description: String { key_name }
    }
    struct NoteGroup: Decodable, Sendable { let vectors: [Note] }
    struct Key: Decodable, Sendable { let name: String, seed_hex: String, public_key: String, key_id: String, vkey: String }
    struct CheckpointVector: Decodable, Sendable {
        let desc: String
        let checkpoint: String?, note_text: String?
        let log_key: Key?, witness_key: Key?
        let checkpoint_body: String?, cosignature_timestamp: UInt64?, cosignature_signed_message: String?
        let signed_checkpoint: String?
    }
    let signed_note_vectors: NoteGroup
    let checkpoint_vectors: [CheckpointVector]

    static let shared: SigningVectors = {
        do {
            return try JSONDecoder().decode(SigningVectors.self, from: Data(contentsOf: MerkleVectors.url))
        } catch {
            fatalError("cannot load vectors: \(error)")
        }
    }()
}

@Suite struct SigningNoteTests {
    static let notes = SigningVectors.shared.signed_note_vectors.vectors
    static var peter: SigningVectors.Note { notes[0] }
    static var enoch: SigningVectors.Note { notes[1] }

    @Test(arguments: notes)
    func vectorKeyAndSignatureVerify(_ vector: SigningVectors.Note) throws {
        let key = try NoteVerifierKey(parsing: vector.vkey)
        #expect(key.name == vector.key_name)
        #expect(NoteKeyID.hex(key.keyID) == vector.key_id)
        #expect(key.text == vector.vkey)
        let note = try SignedNote(parsing: vector.note_text + "\n" + vector.signature_line + "\n")
        #expect(note.text == vector.note_text)
        let verified = try note.open(using: [key])
        #expect(verified.map(\.key) == [key])
        if let signed = vector.signed_note { #expect(note.serialized == signed) }
    }

    @Test func peterNeumannPrivateKeyReproducesSignature() throws {
        let signer = try NoteSigner(parsing: try #require(Self.peter.skey))
        #expect(signer.verifierKey.text == Self.peter.vkey)
        #expect(try signer.privateKeyText() == Self.peter.skey)
        let signature = try signer.sign(Self.peter.note_text)
        #expect(signature.line == Self.peter.signature_line + "\n")
        let note = try SignedNote(text: Self.peter.note_text, signatures: [signature])
        #expect(note.serialized == Self.peter.signed_note)
    }

    @Test func unknownSignaturesAreIgnoredButCounted() throws {
        let text = Self.peter.note_text + "\n" + Self.peter.signature_line + "\n" + Self.enoch.signature_line + "\n"
        let note = try SignedNote(parsing: text)
        #expect(note.signatures.count == 2)
        let result = try note.verify(using: [try NoteVerifierKey(parsing: Self.peter.vkey)])
        #expect(result.isValid && result.verified.count == 1 && result.unknown.count == 1)
        // A key that differs only in its ID is a different key: the line is unknown, not invalid.
        let enochKey = try NoteVerifierKey(parsing: Self.enoch.vkey)
        let noPeter = try note.verify(using: [enochKey])
        #expect(noPeter.isValid && noPeter.unknown.map(\.name) == ["PeterNeumann"])
        #expect(throws: NoteError.noKnownSignature) { try note.open(using: []) }
    }

    @Test func tamperedTextOrSignatureIsRejected() throws {
        let key = try NoteVerifierKey(parsing: Self.peter.vkey)
        let tamperedText = Self.peter.note_text.replacingOccurrences(of: "answer", with: "Answer")
        let note = try SignedNote(parsing: tamperedText + "\n" + Self.peter.signature_line + "\n")
        #expect(throws: NoteError.invalidSignature(name: key.name, keyID: key.keyID)) { try note.open(using: [key]) }

        let original = try SignedNote(parsing: try #require(Self.peter.signed_note))
        var bytes = original.signatures[0].signature
        bytes[0] ^= 0x80
        let forged = try SignedNote(text: original.text, signatures: [
            try NoteSignature(name: key.name, keyID: key.keyID, signature: bytes),
        ])
        let result = try forged.verify(using: [key])
        #expect(!result.isValid && result.problems == [.invalidSignature(name: key.name, keyID: key.keyID)])
    }

    @Test func wrongKeyWithSameNameAndIDIsInvalidNotUnknown() throws {
        // Same name, same stated ID is impossible with a different key, so build the line by hand.
        let other = try NoteSigner(name: "PeterNeumann", privateKey: Ed25519PrivateKey())
        let peter = try NoteVerifierKey(parsing: Self.peter.vkey)
        let line = try other.sign(Self.peter.note_text)
        let note = try SignedNote(text: Self.peter.note_text, signatures: [
            try NoteSignature(name: line.name, keyID: peter.keyID, signature: line.signature),
        ])
        #expect(throws: NoteError.invalidSignature(name: peter.name, keyID: peter.keyID)) { try note.open(using: [peter]) }
    }

    @Test func ambiguousKeysAreRefused() throws {
        let key = try NoteVerifierKey(parsing: Self.peter.vkey)
        let note = try SignedNote(parsing: try #require(Self.peter.signed_note))
        #expect(throws: NoteError.ambiguousKey(name: key.name, keyID: key.keyID)) { try note.verify(using: [key, key]) }
    }

    static let text = "If you think cryptography is the answer to your problem,\n"
    static let sig = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"

    /// The malformed cases of Go's note tests, plus strictness this library adds.
    @Test(arguments: [
        (text, NoteError.missingSignatureSeparator),
        (text + "\n", .noSignatures),
        (text + "\n" + sig.dropLast(), .missingFinalNewline),
        ("\u{01}" + text + "\n" + sig, .controlCharacter(0x01, offset: 0)),
        (text + "\r\n" + sig, .controlCharacter(0x0D, offset: text.utf8.count)),
        (text + "\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
         .malformedSignatureLine(line: 1, reason: "expected a key name and a signature separated by one space")),
        (text + "\n" + sig + "Unexpected line.\n", .malformedSignatureLine(line: 2, reason: "does not start with '— '")),
        (text + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM\n",
         .malformedSignatureLine(line: 1, reason: "signature is not canonical base64")),
        (text + "\n— PeterNeumann AAAA\n", .malformedSignatureLine(line: 1, reason: "signature has 3 bytes, fewer than 5")),
        (text + "\n" + String(repeating: sig, count: 101), .tooManySignatures(count: 101, limit: 100)),
    ] as [(String, NoteError)])
    func malformedNotesAreRejected(_ note: String, _ error: NoteError) {
        #expect(throws: error) { try SignedNote(parsing: note) }
    }

    @Test func invalidUTF8IsRejected() {
        #expect(throws: NoteError.notUTF8) { try SignedNote(parsing: [0xFF, 0x0A, 0x0A]) }
    }

    @Test func sixteenSignaturesAreAccepted() throws {
        let note = try SignedNote(parsing: Self.text + "\n" + String(repeating: Self.sig, count: 16))
        #expect(note.signatures.count == 16)
    }

    @Test func textWithBlankLinesRoundTrips() throws {
        let signer = try NoteSigner(name: "example.com/ledger", privateKey: Ed25519PrivateKey())
        let text = "first\n\nthird\n\n"
        let note = try SignedNote(text: text, signatures: [try signer.sign(text)])
        let parsed = try SignedNote(parsing: note.serialized)
        #expect(parsed == note)
        #expect(try parsed.open(using: [signer.verifierKey]).count == 1)
    }

    @Test(arguments: [
        "PeterNeumann+c74f20a3", "PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a3+ApqxzQcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T",
        "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    ])
    func malformedVerifierKeysAreRejected(_ text: String) {
        #expect(throws: NoteError.self) { try NoteVerifierKey(parsing: text) }
    }

    @Test func malformedPrivateKeysAreRejected() throws {
        let skey = try #require(Self.peter.skey)
        #expect(throws: NoteError.self) { try NoteSigner(parsing: String(skey.dropFirst(8))) }
        #expect(throws: NoteError.self) { try NoteSigner(parsing: skey.replacingOccurrences(of: "c74f20a3", with: "c74f20a4")) }
        #expect(throws: NoteError.self) { try NoteSigner(parsing: String(skey.dropLast(4))) }
    }
}
