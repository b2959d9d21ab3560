#if canImport(Glibc)
internal import Glibc
#endif

/// Key files on disk: private keys are created with mode 0600 and refused when others can read them.
public enum KeyFile {
    /// Why a key file could not be written or read.
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// The file concerned.
        public let path: String
        /// What is wrong.
        public let reason: String
        /// Which kind of failure: the CLI maps each to its own exit status.
        public let kind: Kind

        /// What failed, so a caller can tell bad input from an I/O fault.
        public enum Kind: Sendable {
            /// The file is missing or cannot be read.
            case cannotRead
            /// The file was read but does not hold a key of the expected form, or is readable by others.
            case malformed
            /// A new key file could not be written (disk full, directory not writable).
            case cannotWrite
            /// A new key file was not written because one exists at the path.
            case exists
        }

        /// A failure of `kind` about `path`.
        public init(path: String, reason: String, kind: Kind = .cannotRead) {
            self.path = path
            self.reason = reason
            self.kind = kind
        }

        /// `path: reason`, for a one-line error.
        public var description: String { "\(path): \(reason)" }
    }

    /// Writes a new private key file readable by its owner only; never overwrites an existing file.
    public static func writePrivate(_ signer: NoteSigner, to path: String) throws(Failure) {
        let text: String
        do {
            text = try signer.privateKeyText() + "\n"
        } catch {
            throw Failure(path: path, reason: "\(error)", kind: .malformed)
        }
        try write(text, to: path, mode: 0o600)
    }

    /// Writes a new public (verifier) key file; never overwrites an existing file.
    public static func writePublic(_ key: NoteVerifierKey, to path: String) throws(Failure) {
        try write(key.text + "\n", to: path, mode: 0o644)
    }

    /// Reads a private key, refusing a file that its group or others may read.
    public static func readSigner(_ path: String) throws(Failure) -> NoteSigner {
        // Read first: that refuses a FIFO or device before its mode could be judged as a key's.
        let text = try read(path)
        var status = stat()
        guard stat(path, &status) == 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        guard status.st_mode & 0o077 == 0 else {
            throw Failure(path: path, reason: "the private key is readable by other users (mode \(String(status.st_mode & 0o777, radix: 8))); run chmod 600 on it", kind: .malformed)
        }
        do {
            return try NoteSigner(parsing: text)
        } catch {
            throw Failure(path: path, reason: "not a private key: \(error)", kind: .malformed)
        }
    }

    /// Reads a public verifier key (`name+keyid+base64`).
    public static func readVerifier(_ path: String) throws(Failure) -> NoteVerifierKey {
        let text = try read(path)
        do {
            return try NoteVerifierKey(parsing: text)
        } catch {
            throw Failure(path: path, reason: "not a verifier key: \(error)", kind: .malformed)
        }
    }

    /// A file's text without its final line break.
    static func read(_ path: String) throws(Failure) -> String {
        var bytes: [UInt8]
        do {
            bytes = try RegularFile.read(path)
        } catch {
            throw Failure(path: path, reason: error.reason)
        }
        defer { Ed25519PrivateKey.cleanse(&bytes) }
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    /// Writes through `AtomicFile`: a full disk or a crash leaves no empty or partial key behind to
    /// block the next attempt.
    private static func write(_ text: String, to path: String, mode: UInt32) throws(Failure) {
        do {
            try AtomicFile.write(Array(text.utf8), to: path, permissions: mode)
        } catch {
            throw Failure(path: path, reason: error.reason, kind: error.targetExists ? .exists : .cannotWrite)
        }
    }
}
