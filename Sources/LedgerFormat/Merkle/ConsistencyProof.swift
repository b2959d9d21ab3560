/// A portable consistency proof, in the JSON form FORMAT.md §17 defines (`"type": "consistency"`).
///
/// Both sizes and roots are trusted only from the two signed checkpoints carried with the proof.
public struct ConsistencyProof: Hashable, Sendable, Codable {
    /// The format version this library writes and reads.
    public static let version = 1

    /// The size of the older tree; must equal the old checkpoint's size.
    public var oldSize: UInt64

    /// The size of the newer tree; must equal the new checkpoint's size.
    public var newSize: UInt64

    /// The RFC 9162 consistency proof hashes.
    public var proof: [[UInt8]]

    /// The signed checkpoint note of the older tree.
    public var oldCheckpoint: String

    /// The signed checkpoint note of the newer tree.
    public var newCheckpoint: String

    /// Creates a proof value from its parts.
    public init(oldSize: UInt64, newSize: UInt64, proof: [Digest], oldCheckpoint: String, newCheckpoint: String) {
        self.oldSize = oldSize
        self.newSize = newSize
        self.proof = proof.map(\.bytes)
        self.oldCheckpoint = oldCheckpoint
        self.newCheckpoint = newCheckpoint
    }

    /// Checks the proof between two checkpoints the caller has parsed from verified signed notes.
    public func verify(from old: Checkpoint, to new: Checkpoint, tree: MerkleTree = MerkleTree()) throws(MerkleProofError) {
        guard oldSize == old.size else { throw .treeSizeMismatch(proof: oldSize, checkpoint: old.size) }
        guard newSize == new.size else { throw .treeSizeMismatch(proof: newSize, checkpoint: new.size) }
        try tree.verifyConsistency(oldSize: oldSize, newSize: newSize, oldRoot: old.rootHash.bytes,
                                   newRoot: new.rootHash.bytes, proof: proof)
    }

    private enum CodingKeys: String, CodingKey {
        case type, version, oldSize, newSize, proof, oldCheckpoint, newCheckpoint
    }

    /// Decodes the JSON form, rejecting another type, another version, or malformed hex or base64.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try ProofCoding.expect(type: "consistency", version: Self.version, in: container, typeKey: .type, versionKey: .version)
        oldSize = try container.decode(UInt64.self, forKey: .oldSize)
        newSize = try container.decode(UInt64.self, forKey: .newSize)
        proof = try container.decode([String].self, forKey: .proof).map {
            try ProofCoding.hex($0, key: CodingKeys.proof, in: container)
        }
        oldCheckpoint = try container.decode(String.self, forKey: .oldCheckpoint)
        newCheckpoint = try container.decode(String.self, forKey: .newCheckpoint)
    }

    /// Encodes the JSON form, hashes as lowercase hex.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("consistency", forKey: .type)
        try container.encode(Self.version, forKey: .version)
        try container.encode(oldSize, forKey: .oldSize)
        try container.encode(newSize, forKey: .newSize)
        try container.encode(proof.map { Hex.encode($0) }, forKey: .proof)
        try container.encode(oldCheckpoint, forKey: .oldCheckpoint)
        try container.encode(newCheckpoint, forKey: .newCheckpoint)
    }
}
