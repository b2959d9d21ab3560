/// Why a Merkle proof could not be generated or did not verify.
public enum MerkleProofError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A hash that the verifier was handed, named so the message can point at it.
    public enum HashField: Hashable, Sendable, CustomStringConvertible {
        /// The leaf hash of an inclusion proof.
        case leafHash
        /// The root an inclusion proof is checked against.
        case root
        /// The older root of a consistency proof.
        case oldRoot
        /// The newer root of a consistency proof.
        case newRoot
        /// The proof element at this position, counting from 0.
        case proofElement(Int)

        /// A one-line rendering for messages and logs.
        public var description: String {
            switch self {
            case .leafHash: "leaf hash"
            case .root: "root"
            case .oldRoot: "old root"
            case .newRoot: "new root"
            case .proofElement(let position): "proof[\(position)]"
            }
        }
    }

    /// The leaf index is not below the tree size, so the leaf is not in the tree (every index fails at size 0).
    case leafIndexOutOfRange(leafIndex: UInt64, treeSize: UInt64)

    /// A consistency proof was asked for from the empty tree, which this library defines as an error.
    case consistencyFromEmptyTree(newSize: UInt64)

    /// The old tree of a consistency proof is larger than the new one.
    case oldSizeExceedsNewSize(oldSize: UInt64, newSize: UInt64)

    /// A hash is not exactly 32 bytes long.
    case wrongHashLength(HashField, byteCount: Int)

    /// The proof has a different number of hashes than (index, size) or (old, new) require.
    case wrongProofLength(expected: Int, actual: Int)

    /// A proof file states a tree size that differs from the size in the checkpoint it carries.
    case treeSizeMismatch(proof: UInt64, checkpoint: UInt64)

    /// The root recomputed from an inclusion proof differs from the expected root.
    case rootMismatch(expected: Digest, computed: Digest)

    /// The old root recomputed from a consistency proof differs from the expected old root.
    case oldRootMismatch(expected: Digest, computed: Digest)

    /// The new root recomputed from a consistency proof differs from the expected new root.
    case newRootMismatch(expected: Digest, computed: Digest)

    /// Old and new size are equal but the two roots differ, so the trees are not the same.
    case equalSizesWithDifferentRoots(size: UInt64, oldRoot: Digest, newRoot: Digest)

    /// A one-line rendering for messages and logs.
    public var description: String {
        switch self {
        case let .leafIndexOutOfRange(leafIndex, treeSize):
            "leaf index \(leafIndex) is not below tree size \(treeSize)"
        case let .consistencyFromEmptyTree(newSize):
            "consistency proof from tree size 0 to \(newSize) is not defined (the empty tree is a prefix of every tree)"
        case let .oldSizeExceedsNewSize(oldSize, newSize):
            "old tree size \(oldSize) exceeds new tree size \(newSize)"
        case let .wrongHashLength(field, byteCount):
            "\(field) is \(byteCount) bytes long, not 32"
        case let .wrongProofLength(expected, actual):
            "proof has \(actual) hashes, expected exactly \(expected)"
        case let .treeSizeMismatch(proof, checkpoint):
            "proof is for tree size \(proof) but the checkpoint has size \(checkpoint)"
        case let .rootMismatch(expected, computed):
            "proof leads to root \(computed.hex), expected \(expected.hex)"
        case let .oldRootMismatch(expected, computed):
            "proof leads to old root \(computed.hex), expected \(expected.hex)"
        case let .newRootMismatch(expected, computed):
            "proof leads to new root \(computed.hex), expected \(expected.hex)"
        case let .equalSizesWithDifferentRoots(size, oldRoot, newRoot):
            "both trees have size \(size) but roots differ (old \(oldRoot.hex), new \(newRoot.hex))"
        }
    }
}
