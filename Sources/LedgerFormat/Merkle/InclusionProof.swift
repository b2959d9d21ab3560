/// A portable inclusion proof, in the JSON form FORMAT.md §17 defines (`"type": "inclusion"`).
///
/// Hashes are kept as raw bytes exactly as decoded, so a proof file with a short or long hash reaches the
/// verifier and is reported as ``MerkleProofError/wrongHashLength(_:byteCount:)`` rather than lost in decoding.
/// The tree size and root are trusted only from the signed checkpoint, never from the proof itself.
public struct InclusionProof: Hashable, Sendable, Codable {
    /// The format version this library writes and reads.
    public static let version = 1

    /// The 0-based position of the entry in the ledger.
    public var leafIndex: UInt64

    /// The tree size the proof is for; must equal the checkpoint's size.
    public var treeSize: UInt64

    /// The entry hash, which is the Merkle leaf hash.
    public var leafHash: [UInt8]

    /// The audit path, from the leaf's sibling upward.
    public var proof: [[UInt8]]

    /// The signed checkpoint note (log signature and any cosignatures) whose root the proof leads to.
    public var checkpoint: String

    /// The entry's canonical bytes, when the proof discloses the entry, so a verifier can recompute its hash.
    public var entry: [UInt8]?

    /// Creates a proof value from its parts.
    public init(leafIndex: UInt64, treeSize: UInt64, leafHash: Digest, proof: [Digest], checkpoint: String, entry: [UInt8]? = nil) {
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.leafHash = leafHash.bytes
        self.proof = proof.map(\.bytes)
        self.checkpoint = checkpoint
        self.entry = entry
    }

    /// Checks the Merkle path against `checkpoint`, which the caller has parsed from a verified signed note.
    public func verify(against checkpoint: Checkpoint, tree: MerkleTree = MerkleTree()) throws(MerkleProofError) {
        guard treeSize == checkpoint.size else {
            throw .treeSizeMismatch(proof: treeSize, checkpoint: checkpoint.size)
        }
        try tree.verifyInclusion(leafIndex: leafIndex, treeSize: treeSize, leafHash: leafHash, proof: proof,
                                 root: checkpoint.rootHash.bytes)
    }

    private enum CodingKeys: String, CodingKey {
        case type, version, leafIndex, treeSize, leafHash, proof, checkpoint, entry
    }

    /// Decodes the JSON form, rejecting another type, another version, or malformed hex or base64.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try ProofCoding.expect(type: "inclusion", version: Self.version, in: container, typeKey: .type, versionKey: .version)
        leafIndex = try container.decode(UInt64.self, forKey: .leafIndex)
        treeSize = try container.decode(UInt64.self, forKey: .treeSize)
        leafHash = try ProofCoding.hex(container.decode(String.self, forKey: .leafHash), key: CodingKeys.leafHash, in: container)
        proof = try container.decode([String].self, forKey: .proof).map {
            try ProofCoding.hex($0, key: CodingKeys.proof, in: container)
        }
        checkpoint = try container.decode(String.self, forKey: .checkpoint)
        entry = try container.decodeIfPresent(String.self, forKey: .entry).map {
            try ProofCoding.base64($0, key: CodingKeys.entry, in: container)
        }
    }

    /// Encodes the JSON form, hashes as lowercase hex.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("inclusion", forKey: .type)
        try container.encode(Self.version, forKey: .version)
        try container.encode(leafIndex, forKey: .leafIndex)
        try container.encode(treeSize, forKey: .treeSize)
        try container.encode(Hex.encode(leafHash), forKey: .leafHash)
        try container.encode(proof.map { Hex.encode($0) }, forKey: .proof)
        try container.encode(checkpoint, forKey: .checkpoint)
        try container.encodeIfPresent(entry.map { Base64.encode($0) }, forKey: .entry)
    }
}

/// Shared decoding checks for the proof JSON types.
enum ProofCoding {
    static func expect<Key: CodingKey>(
        type: String, version: Int, in container: KeyedDecodingContainer<Key>, typeKey: Key, versionKey: Key
    ) throws {
        let found = try container.decode(String.self, forKey: typeKey)
        guard found == type else {
            throw DecodingError.dataCorruptedError(forKey: typeKey, in: container, debugDescription: "type is '\(found)', expected '\(type)'")
        }
        let foundVersion = try container.decode(Int.self, forKey: versionKey)
        guard foundVersion == version else {
            throw DecodingError.dataCorruptedError(forKey: versionKey, in: container,
                                                   debugDescription: "version \(foundVersion) is not supported, expected \(version)")
        }
    }

    /// Lowercase hexadecimal only (FORMAT.md §17): one spelling per hash.
    static func hex<Key: CodingKey>(_ text: String, key: Key, in container: KeyedDecodingContainer<Key>) throws -> [UInt8] {
        guard text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }), let bytes = Hex.decode(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "'\(text)' is not lowercase hexadecimal")
        }
        return bytes
    }

    static func base64<Key: CodingKey>(_ text: String, key: Key, in container: KeyedDecodingContainer<Key>) throws -> [UInt8] {
        guard let bytes = Base64.decode(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not canonical base64")
        }
        return bytes
    }
}

/// The checks of a proof file (FORMAT.md §17) that a `Decodable` cannot make, on its parsed JSON.
package enum ProofFile {
    /// The members that must be JSON integers, for each proof type.
    static let integerMembers = ["inclusion": ["version", "leafIndex", "treeSize"], "consistency": ["version", "oldSize", "newSize"]]

    /// The first member of a proof of `json`'s type that is present as a number but not written as an
    /// integer (`100.0`, `1e2`, or beyond 2^63), or nil. A JSON decoder reads `100.0` as 100; §17 does not.
    public static func nonIntegerMember(in json: JSONValue) -> String? {
        guard let members = json.objectValue, let type = members["type"]?.stringValue else { return nil }
        for name in integerMembers[type] ?? [] {
            if case .number? = members[name] { return name }
        }
        return nil
    }
}
