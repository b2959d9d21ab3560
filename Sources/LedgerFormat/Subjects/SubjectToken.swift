/// A pseudonymous link from a transfer to one data subject: HMAC-SHA-256 under the group's subject key
/// of a domain tag, the identifier's kind and its normalised form (FORMAT.md §4.7). It never holds
/// the identifier, and without the key it cannot be computed from a guessed one.
public struct SubjectToken: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The domain tag that separates these MACs from any other use of the key.
    static let domain = Array("transferledger/subject-token/v1".utf8)

    /// The token's 32 bytes.
    public let digest: Digest

    /// The token `digest` holds.
    public init(_ digest: Digest) {
        self.digest = digest
    }

    /// Parses 64 lowercase hex digits; nil for anything else.
    public init?(hex: String) {
        guard hex.utf8.count == 2 * Digest.byteCount, !hex.utf8.contains(where: { (0x41...0x46).contains($0) }),
              let digest = Digest(hex: hex) else { return nil }
        self.digest = digest
    }

    /// The token of `identifier` under `key`.
    public init(identifier: SubjectIdentifier, key: SubjectKey) {
        let message = Self.domain + [0x00] + Array(identifier.kind.rawValue.utf8) + [0x00] + identifier.normalised
        digest = HMACSHA256.authenticationCode(key: key.bytes, message: message)
    }

    /// 64 lowercase hex digits, as services send it.
    public var description: String { digest.hex }

    /// Byte order of the tokens, the order the link table's primary key keeps.
    public static func < (lhs: SubjectToken, rhs: SubjectToken) -> Bool {
        lhs.digest.bytes.lexicographicallyPrecedes(rhs.digest.bytes)
    }
}

/// One subject link as stored: the token and the random salt its commitment in the payload is made
/// with. The row lives outside the chain, so it can be erased; the commitment stays.
public struct SubjectLink: Hashable, Sendable {
    /// The domain tag of link commitments.
    static let domain = Array("transferledger/subject-link/v1".utf8)
    /// The salt's length in bytes.
    public static let saltByteCount = 16

    /// The subject's token.
    public let token: SubjectToken
    /// Random bytes that make the commitment unguessable even for someone who knows the token.
    public let salt: [UInt8]

    /// A link with the given token and salt.
    public init(token: SubjectToken, salt: [UInt8]) {
        self.token = token
        self.salt = salt
    }

    /// `SHA-256("transferledger/subject-link/v1" ‖ 0x00 ‖ salt ‖ token)`: what the payload lists.
    public func commitment(hasher: SHA256 = SHA256()) -> Digest {
        hasher.hash(Self.domain, [0x00], salt, token.digest.bytes)
    }
}
