/// The outcome of checking every signature of a note against a set of known keys.
///
/// Per C2SP signed-note: a line is attributed by the pair (name, key ID); lines of unknown pairs are ignored,
/// a known pair must verify, and at least one known signature must verify.
public struct NoteVerification: Sendable {
    /// A signature that verified, with the key that checked it.
    public struct Verified: Hashable, Sendable {
        /// The key that checked the signature.
        public let key: NoteVerifierKey
        /// The cosignature time in seconds since 1970, for type 0x04 keys; nil for plain note signatures.
        public let timestamp: UInt64?
    }

    /// Whether a known log key (a plain Ed25519 note key, not a witness's cosignature key) signed the
    /// note: a checkpoint's size and root count only then (FORMAT.md §15).
    public var isSignedByLog: Bool {
        isValid && verified.contains { $0.key.type == .ed25519 }
    }

    /// Signatures by known keys that verified, in note order.
    public internal(set) var verified: [Verified] = []

    /// Signatures whose (name, key ID) pair matches no known key; ignored by design.
    public internal(set) var unknown: [NoteSignature] = []

    /// Signatures by known keys that failed to verify.
    public internal(set) var invalid: [NoteSignature] = []

    /// Every reason the note must be rejected, empty when it is trustworthy.
    public var problems: [NoteError] {
        var problems = invalid.map { NoteError.invalidSignature(name: $0.name, keyID: $0.keyID) }
        if verified.isEmpty && invalid.isEmpty { problems.append(.noKnownSignature) }
        return problems
    }

    /// Whether the note is trustworthy: no known signature failed and at least one verified.
    public var isValid: Bool { problems.isEmpty }
}

extension SignedNote {
    /// Checks every signature against `keys`; throws only if the key set itself is ambiguous.
    public func verify(using keys: [NoteVerifierKey]) throws(NoteError) -> NoteVerification {
        var byPair: [String: NoteVerifierKey] = [:]
        for key in keys {
            let pair = "\(key.name) \(key.keyID)"
            guard byPair[pair] == nil else { throw .ambiguousKey(name: key.name, keyID: key.keyID) }
            byPair[pair] = key
        }
        var result = NoteVerification()
        for signature in signatures {
            guard let key = byPair["\(signature.name) \(signature.keyID)"] else {
                result.unknown.append(signature)
                continue
            }
            if let timestamp = Self.check(signature, with: key, text: text) {
                result.verified.append(.init(key: key, timestamp: key.type == .ed25519Cosignature ? timestamp : nil))
            } else {
                result.invalid.append(signature)
            }
        }
        return result
    }

    /// Verifies the note like Go's `note.Open`: returns the verified signatures or throws the first problem.
    public func open(using keys: [NoteVerifierKey]) throws(NoteError) -> [NoteVerification.Verified] {
        let verification = try verify(using: keys)
        if let problem = verification.problems.first { throw problem }
        return verification.verified
    }

    /// Checks one signature; returns its timestamp (0 for plain signatures) when valid, nil when not.
    static func check(_ signature: NoteSignature, with key: NoteVerifierKey, text: String) -> UInt64? {
        switch key.type {
        case .ed25519:
            return key.publicKey.isValidSignature(signature.signature, for: Array(text.utf8)) ? 0 : nil
        case .ed25519Cosignature:
            let payload = signature.signature
            guard payload.count == 8 + Ed25519PublicKey.signatureByteCount else { return nil }
            let timestamp = payload.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard timestamp <= CheckpointCosigner.maximumTimestamp else { return nil }
            let message = CheckpointCosigner.signedMessage(text: text, timestamp: timestamp)
            return key.publicKey.isValidSignature(Array(payload.dropFirst(8)), for: message) ? timestamp : nil
        }
    }
}
