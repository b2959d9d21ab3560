#if canImport(Glibc)
internal import Glibc
#endif

/// The group's secret for subject tokens: 32 random bytes kept outside the ledger, so that nobody who
/// reads the ledger can test a guessed address against its tokens (FORMAT.md §4.7).
public struct SubjectKey: Sendable {
    /// The key's length in bytes.
    public static let byteCount = 32
    /// The key file's text before the key's hex digits.
    static let prefix = "transferledger-subject-key/v1 "

    let bytes: [UInt8]

    /// A key with these 32 bytes; nil for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = bytes
    }

    /// A new random key.
    public static func generate() -> SubjectKey {
        SubjectKey(uncheckedBytes: SecureRandom.bytes(byteCount))
    }

    private init(uncheckedBytes: [UInt8]) {
        bytes = uncheckedBytes
    }

    /// The key file's text: one line, `transferledger-subject-key/v1 ` and 64 hex digits.
    public var fileText: String { Self.prefix + Hex.encode(bytes) + "\n" }

    /// Writes a new key file readable by its owner only (0600); never overwrites an existing file.
    public func write(to path: String) throws(KeyFile.Failure) {
        do {
            try AtomicFile.write(Array(fileText.utf8), to: path, permissions: 0o600)
        } catch {
            throw KeyFile.Failure(path: path, reason: error.reason, kind: error.targetExists ? .exists : .cannotWrite)
        }
    }

    /// Reads a key file, refusing one that its group or others may read, as private signing keys are.
    public static func read(_ path: String) throws(KeyFile.Failure) -> SubjectKey {
        let text = try KeyFile.read(path)
        var status = stat()
        guard stat(path, &status) == 0 else { throw KeyFile.Failure(path: path, reason: String(cString: strerror(errno))) }
        guard status.st_mode & 0o077 == 0 else {
            throw KeyFile.Failure(path: path, reason: "the subject key is readable by other users (mode \(String(status.st_mode & 0o777, radix: 8))); run chmod 600 on it", kind: .malformed)
        }
        guard text.hasPrefix(prefix), let bytes = Hex.decode(String(text.dropFirst(prefix.count))), let key = SubjectKey(bytes: bytes) else {
            throw KeyFile.Failure(path: path, reason: "not a subject key: expected '\(prefix)' and 64 hex digits", kind: .malformed)
        }
        return key
    }
}
