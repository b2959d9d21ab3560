import Testing
@testable import LedgerFormat

@Suite struct SigningCheckpointTests {
    static let vectors = SigningVectors.shared.checkpoint_vectors

    @Test func c2spExampleParses() throws {
        let note = try SignedNote(parsing: try #require(Self.vectors[0].checkpoint))
        let checkpoint = try Checkpoint(parsing: note.text)
        #expect(checkpoint.origin == "example.com/behind-the-sofa")
        #expect(checkpoint.size == 20_852_163)
        #expect(checkpoint.text == note.text)
        #expect(note.signatures.map(\.name) == ["example.com/behind-the-sofa"])
    }

    @Test func goSumdbTreeNoteParses() throws {
        let text = try #require(Self.vectors[1].note_text)
        let checkpoint = try Checkpoint(parsing: text)
        #expect(checkpoint.origin == "go.sum database tree" && checkpoint.size == 123_456_789_012)
        // The root here is the sumdb record hash of "hello world", matching the hasher vector.
        #expect(checkpoint.rootHash == SHA256().leafHash(Array("hello world".utf8)))
        #expect(checkpoint.text == text)
    }

    /// The derived vector: a log-signed and witness-cosigned checkpoint over the 8-leaf reference tree.
    @Test func derivedCheckpointIsReproducedByteForByte() throws {
        let vector = Self.vectors[2]
        let logKey = try #require(vector.log_key), witnessKey = try #require(vector.witness_key)
        let log = try NoteSigner(name: logKey.name, privateKey: Ed25519PrivateKey(seed: bytes(logKey.seed_hex)))
        let witness = try CheckpointCosigner(name: witnessKey.name,
                                             privateKey: Ed25519PrivateKey(seed: bytes(witnessKey.seed_hex)))
        #expect(log.verifierKey.text == logKey.vkey && NoteKeyID.hex(log.verifierKey.keyID) == logKey.key_id)
        #expect(witness.verifierKey.text == witnessKey.vkey && NoteKeyID.hex(witness.verifierKey.keyID) == witnessKey.key_id)
        #expect(witness.verifierKey.publicKey.bytes == bytes(witnessKey.public_key))

        let root = try #require(Digest(hex: MerkleVectors.shared.reference_tree.root_by_tree_size["8"] ?? ""))
        let checkpoint = try Checkpoint(origin: logKey.name, size: 8, rootHash: root)
        #expect(checkpoint.text == vector.checkpoint_body)
        let timestamp = try #require(vector.cosignature_timestamp)
        #expect(CheckpointCosigner.signedMessage(text: checkpoint.text, timestamp: timestamp)
                == Array((vector.cosignature_signed_message ?? "").utf8))

        let signed = try SignedNote(text: checkpoint.text, signatures: [try log.sign(checkpoint.text)])
            .adding(try witness.cosign(checkpoint.text, timestamp: timestamp))
        #expect(signed.serialized == vector.signed_checkpoint)

        let parsed = try SignedNote(parsing: try #require(vector.signed_checkpoint))
        let result = try parsed.verify(using: [log.verifierKey, witness.verifierKey])
        #expect(result.isValid && result.verified.map(\.timestamp) == [nil, timestamp])
        #expect(try Checkpoint(parsing: parsed.text) == checkpoint)
    }

    @Test func tamperedCheckpointFailsBothSignatures() throws {
        let vector = Self.vectors[2]
        let logKey = try NoteVerifierKey(parsing: try #require(vector.log_key?.vkey))
        let witnessKey = try NoteVerifierKey(parsing: try #require(vector.witness_key?.vkey))
        let original = try SignedNote(parsing: try #require(vector.signed_checkpoint))
        let grown = original.text.replacingOccurrences(of: "\n8\n", with: "\n9\n")
        let tampered = try SignedNote(text: grown, signatures: original.signatures)
        let result = try tampered.verify(using: [logKey, witnessKey])
        #expect(!result.isValid && result.invalid.count == 2)

        // A cosignature whose timestamp was changed no longer verifies.
        var payload = original.signatures[1].signature
        payload[7] ^= 0x01
        let shifted = try SignedNote(text: original.text, signatures: [
            original.signatures[0], try NoteSignature(name: witnessKey.name, keyID: witnessKey.keyID, signature: payload),
        ])
        #expect(try shifted.verify(using: [logKey, witnessKey]).invalid.map(\.name) == [witnessKey.name])
        // The witness's key as a plain note key (type 0x01) has another key ID: the line becomes unknown.
        let asNoteKey = try NoteVerifierKey(name: witnessKey.name, type: .ed25519, publicKey: witnessKey.publicKey)
        #expect(try original.verify(using: [asNoteKey]).unknown.count == 2)
    }

    @Test func cosignatureTimestampsAboveInt64MaxAreRefused() throws {
        let witness = try CheckpointCosigner(name: "w.example", privateKey: Ed25519PrivateKey())
        #expect(throws: NoteError.timestampOutOfRange(1 << 63)) { try witness.cosign("o\n1\nAAAA\n", timestamp: 1 << 63) }
    }

    static let root = "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="

    @Test(arguments: [
        ("o\n8\n" + root, Checkpoint.ParseError.missingFinalNewline),
        ("o\n8\n", .tooFewLines(2)),
        ("\n8\n\(root)\n", .invalidOrigin),
        ("o\n08\n\(root)\n", .invalidSize("08")),
        ("o\n+8\n\(root)\n", .invalidSize("+8")),
        ("o\n\n\(root)\n", .invalidSize("")),
        ("o\n18446744073709551616\n\(root)\n", .invalidSize("18446744073709551616")),
        ("o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg\n", .invalidRootHash("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg")),
        ("o\n8\nAAAA\n", .invalidRootHash("AAAA")),
        ("o\n8\n\(root)\n\n", .invalidExtensionLine(number: 1)),
        ("o\n8\n\(root)\next\n\n", .invalidExtensionLine(number: 2)),
    ] as [(String, Checkpoint.ParseError)])
    func malformedCheckpointsAreRejected(_ text: String, _ error: Checkpoint.ParseError) {
        #expect(throws: error) { try Checkpoint(parsing: text) }
    }

    @Test func checkpointRoundTripsWithExtensionsAndSizeZero() throws {
        let empty = try Checkpoint(origin: "example.com/ledger/1", size: 0, rootHash: MerkleTree().emptyRoot)
        #expect(empty.text == "example.com/ledger/1\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n")
        #expect(try Checkpoint(parsing: empty.text) == empty)
        let extended = try Checkpoint(origin: "o", size: 18_446_744_073_709_551_615, rootHash: .zero, extensions: ["a b", "c"])
        #expect(try Checkpoint(parsing: extended.text) == extended)
    }
}
