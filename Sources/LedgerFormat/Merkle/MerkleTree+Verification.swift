/// RFC 9162 §2.1.3.2 and §2.1.4.2 proof verification, strict about sizes, hash lengths and proof lengths.
///
/// Left and right are derived from the (index, size) or (old, new) pair the caller trusts, never from the
/// proof, and the exact proof length is computed before any hashing, as transparency-dev/merkle does.
/// The byte-array forms exist so that hashes parsed from an untrusted proof file reach the length check.
extension MerkleTree {
    /// Checks that `leafHash` is leaf `leafIndex` of the tree of `treeSize` leaves whose root is `root`.
    public func verifyInclusion(
        leafIndex: UInt64,
        treeSize: UInt64,
        leafHash: [UInt8],
        proof: [[UInt8]],
        root: [UInt8]
    ) throws(MerkleProofError) {
        guard leafIndex < treeSize else { throw .leafIndexOutOfRange(leafIndex: leafIndex, treeSize: treeSize) }
        let leaf = try Self.digest(leafHash, .leafHash)
        let expectedRoot = try Self.digest(root, .root)
        let path = try Self.digests(proof)
        try verifyInclusion(leafIndex: leafIndex, treeSize: treeSize, leafHash: leaf, proof: path, root: expectedRoot)
    }

    /// Checks that `leafHash` is leaf `leafIndex` of the tree of `treeSize` leaves whose root is `root`.
    public func verifyInclusion(
        leafIndex: UInt64,
        treeSize: UInt64,
        leafHash: Digest,
        proof: [Digest],
        root: Digest
    ) throws(MerkleProofError) {
        guard let expected = Self.inclusionProofLength(leafIndex: leafIndex, treeSize: treeSize) else {
            throw .leafIndexOutOfRange(leafIndex: leafIndex, treeSize: treeSize)
        }
        guard proof.count == expected else { throw .wrongProofLength(expected: expected, actual: proof.count) }
        let computed = climb(index: leafIndex, last: treeSize - 1, from: leafHash, proof: proof[...]).new
        guard computed == root else { throw .rootMismatch(expected: root, computed: computed) }
    }

    /// Checks that the tree of `oldSize` leaves with root `oldRoot` is a prefix of the one with `newRoot`.
    ///
    /// Policy: `oldSize` 0 is rejected; equal sizes require an empty proof and identical roots.
    public func verifyConsistency(
        oldSize: UInt64,
        newSize: UInt64,
        oldRoot: [UInt8],
        newRoot: [UInt8],
        proof: [[UInt8]]
    ) throws(MerkleProofError) {
        try Self.checkConsistencySizes(oldSize: oldSize, newSize: newSize)
        let old = try Self.digest(oldRoot, .oldRoot)
        let new = try Self.digest(newRoot, .newRoot)
        let path = try Self.digests(proof)
        try verifyConsistency(oldSize: oldSize, newSize: newSize, oldRoot: old, newRoot: new, proof: path)
    }

    /// Checks that the tree of `oldSize` leaves with root `oldRoot` is a prefix of the one with `newRoot`.
    ///
    /// Policy: `oldSize` 0 is rejected; equal sizes require an empty proof and identical roots.
    public func verifyConsistency(
        oldSize: UInt64,
        newSize: UInt64,
        oldRoot: Digest,
        newRoot: Digest,
        proof: [Digest]
    ) throws(MerkleProofError) {
        try Self.checkConsistencySizes(oldSize: oldSize, newSize: newSize)
        let expected = Self.consistencyProofLength(oldSize: oldSize, newSize: newSize) ?? 0
        guard proof.count == expected else { throw .wrongProofLength(expected: expected, actual: proof.count) }
        guard oldSize < newSize else {
            guard oldRoot == newRoot else {
                throw .equalSizesWithDifferentRoots(size: oldSize, oldRoot: oldRoot, newRoot: newRoot)
            }
            return
        }
        // Start from the old tree's last peak: sent as proof[0], or the old root itself when the old tree
        // is perfect (RFC 9162 has the verifier prepend it).
        let level = UInt64(oldSize.trailingZeroBitCount)
        let seed = Bits.isPowerOfTwo(oldSize) ? oldRoot : proof[0]
        let rest = Bits.isPowerOfTwo(oldSize) ? proof[...] : proof.dropFirst()
        let roots = climb(index: (oldSize - 1) >> level, last: (newSize - 1) >> level, from: seed, proof: rest)
        guard roots.old == oldRoot else { throw .oldRootMismatch(expected: oldRoot, computed: roots.old) }
        guard roots.new == newRoot else { throw .newRootMismatch(expected: newRoot, computed: roots.new) }
    }

    // MARK: Internals

    /// Folds `proof` into `seed` for the node at `index` of a level whose rightmost node is `last`.
    ///
    /// `new` is the root of the tree the path leads to; `old` folds only the left siblings, which rebuilds
    /// the root of the tree that ends with this node (the old tree, for consistency proofs). The caller has
    /// already checked the proof length, so the loop needs no "too long" or "too short" tests.
    func climb(index: UInt64, last: UInt64, from seed: Digest, proof: ArraySlice<Digest>) -> (old: Digest, new: Digest) {
        var position = index
        var edge = last
        var old = seed
        var new = seed
        for sibling in proof {
            if position & 1 == 1 || position == edge {
                // The sibling is on the left, in both trees.
                old = hasher.nodeHash(sibling, old)
                new = hasher.nodeHash(sibling, new)
                // On the right edge, skip the levels where this node is promoted without a sibling.
                if position & 1 == 0 {
                    while position & 1 == 0 && position != 0 {
                        position >>= 1
                        edge >>= 1
                    }
                }
            } else {
                // The sibling is on the right: it exists only in the bigger tree.
                new = hasher.nodeHash(new, sibling)
            }
            position >>= 1
            edge >>= 1
        }
        return (old, new)
    }

    /// Wraps `bytes` as a digest, or throws naming the field that is not 32 bytes.
    static func digest(_ bytes: [UInt8], _ field: MerkleProofError.HashField) throws(MerkleProofError) -> Digest {
        guard let digest = Digest(bytes: bytes) else { throw .wrongHashLength(field, byteCount: bytes.count) }
        return digest
    }

    /// Wraps every proof element, or throws naming the first one that is not 32 bytes.
    static func digests(_ proof: [[UInt8]]) throws(MerkleProofError) -> [Digest] {
        var digests: [Digest] = []
        digests.reserveCapacity(proof.count)
        for (position, element) in proof.enumerated() {
            digests.append(try digest(element, .proofElement(position)))
        }
        return digests
    }
}
