import Foundation
import Testing
@testable import LedgerFormat

/// The proof JSON format of FORMAT.md §17, end to end over the 8-leaf reference tree and the derived
/// signed checkpoint of the vector file.
@Suite struct MerkleProofJSONTests {
    let tree = MerkleTree()
    let store: NodeStore
    let signed: SignedNote
    let checkpoint: Checkpoint
    let logKey: NoteVerifierKey

    init() throws {
        store = NodeStore(leaves: MerkleVectors.shared.reference_tree.leaf_hashes.map(digest), tree: tree)
        let vector = SigningVectors.shared.checkpoint_vectors[2]
        signed = try SignedNote(parsing: try #require(vector.signed_checkpoint))
        logKey = try NoteVerifierKey(parsing: try #require(vector.log_key?.vkey))
        _ = try signed.open(using: [logKey])
        checkpoint = try Checkpoint(parsing: signed.text)
    }

    func inclusionProof(_ index: UInt64) throws -> InclusionProof {
        let path = try tree.inclusionProof(leafIndex: index, treeSize: 8) { try store.node($0, atSize: 8) }
        let leaf = try store.node(NodeID(level: 0, index: index), atSize: 8)
        return InclusionProof(leafIndex: index, treeSize: 8, leafHash: leaf, proof: path, checkpoint: signed.serialized,
                              entry: [0x01, 0x02])
    }

    func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func inclusionProofRoundTripsAndVerifies() throws {
        let proof = try inclusionProof(5)
        let text = try json(proof)
        #expect(text.contains(#""leafHash":"4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658""#))
        #expect(text.contains(#""type":"inclusion""#) && text.contains(#""entry":"AQI=""#))
        let decoded = try JSONDecoder().decode(InclusionProof.self, from: Data(text.utf8))
        #expect(decoded == proof)
        let carried = try Checkpoint(parsing: try SignedNote(parsing: decoded.checkpoint).text)
        try decoded.verify(against: carried)
    }

    @Test func inclusionProofProblemsAreNamed() throws {
        var proof = try inclusionProof(5)
        proof.proof[1].removeLast()
        #expect(throws: MerkleProofError.wrongHashLength(.proofElement(1), byteCount: 31)) { try proof.verify(against: checkpoint) }
        proof = try inclusionProof(5)
        proof.treeSize = 7
        #expect(throws: MerkleProofError.treeSizeMismatch(proof: 7, checkpoint: 8)) { try proof.verify(against: checkpoint) }
        proof = try inclusionProof(5)
        proof.leafIndex = 4
        #expect(throws: MerkleProofError.self) { try proof.verify(against: checkpoint) }
    }

    @Test func wrongTypeVersionOrHexIsADecodingError() throws {
        let text = try json(try inclusionProof(0))
        for broken in [
            text.replacingOccurrences(of: #""type":"inclusion""#, with: #""type":"consistency""#),
            text.replacingOccurrences(of: #""version":1"#, with: #""version":2"#),
            text.replacingOccurrences(of: #""leafHash":"6e"#, with: #""leafHash":"zz"#),
            text.replacingOccurrences(of: #""leafHash":"6e"#, with: #""leafHash":"6E"#),
        ] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(InclusionProof.self, from: Data(broken.utf8)) }
        }
    }

    @Test func proofIntegersMustBeWrittenAsIntegers() throws {
        let text = try json(try inclusionProof(0))
        #expect(ProofFile.nonIntegerMember(in: try JSONParser.parse(text)) == nil)
        for (member, broken) in [("treeSize", text.replacing(/"treeSize":([0-9]+)/) { #""treeSize":\#($0.output.1).0"# }),
                                 ("version", text.replacingOccurrences(of: #""version":1"#, with: #""version":1e0"#))] {
            try #require(broken != text)
            #expect(ProofFile.nonIntegerMember(in: try JSONParser.parse(broken)) == member)
        }
    }

    @Test func consistencyProofRoundTripsAndVerifies() throws {
        let vector = SigningVectors.shared.checkpoint_vectors[2]
        let signer = try NoteSigner(name: logKey.name, privateKey: Ed25519PrivateKey(seed: bytes(try #require(vector.log_key?.seed_hex))))
        let oldRoot = try tree.root(size: 6) { try store.node($0, atSize: 6) }
        let old = try Checkpoint(origin: logKey.name, size: 6, rootHash: oldRoot)
        let oldNote = try SignedNote(text: old.text, signatures: [try signer.sign(old.text)])
        let path = try tree.consistencyProof(oldSize: 6, newSize: 8) { try store.node($0, atSize: 8) }
        let proof = ConsistencyProof(oldSize: 6, newSize: 8, proof: path, oldCheckpoint: oldNote.serialized,
                                     newCheckpoint: signed.serialized)
        let decoded = try JSONDecoder().decode(ConsistencyProof.self, from: Data(try json(proof).utf8))
        #expect(decoded == proof)
        try decoded.verify(from: old, to: checkpoint)
        #expect(throws: MerkleProofError.self) { try decoded.verify(from: checkpoint, to: checkpoint) }
    }
}
