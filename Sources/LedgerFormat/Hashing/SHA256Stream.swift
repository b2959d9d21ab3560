/// SHA-256 over bytes that arrive in pieces, for files too large to hold (report bundles).
package final class SHA256Stream {
    private let hasher = SHA256()

    /// Starts hashing an empty message.
    public init() {
        hasher.begin()
    }

    /// Adds `bytes` to the message.
    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes(hasher.update)
    }

    /// Adds `bytes` to the message.
    public func update(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes(hasher.update)
    }

    /// The digest of everything added so far; the stream then starts over with an empty message.
    public func finish() -> Digest {
        defer { hasher.begin() }
        return hasher.end()
    }
}

@available(*, unavailable)
extension SHA256Stream: Sendable {}
