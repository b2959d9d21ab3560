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

        public var description: String { "\(path): \(reason)" }
    }

    /// Writes a new private key file readable by its owner only; never overwrites an existing file.
    public static func writePrivate(_ signer: NoteSigner, to path: String) throws(Failure) {
        let text: String
        do {
            text = try signer.privateKeyText() + "\n"
        } catch {
            throw Failure(path: path, reason: "\(error)")
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
            throw Failure(path: path, reason: "the private key is readable by other users (mode \(String(status.st_mode & 0o777, radix: 8))); run chmod 600 on it")
        }
        do {
            return try NoteSigner(parsing: text)
        } catch {
            throw Failure(path: path, reason: "not a private key: \(error)")
        }
    }

    /// Reads a public verifier key (`name+keyid+base64`).
    public static func readVerifier(_ path: String) throws(Failure) -> NoteVerifierKey {
        let text = try read(path)
        do {
            return try NoteVerifierKey(parsing: text)
        } catch {
            throw Failure(path: path, reason: "not a verifier key: \(error)")
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

    private static func write(_ text: String, to path: String, mode: mode_t) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard descriptor >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        // The umask may have narrowed the mode; set it exactly.
        fchmod(descriptor, mode)
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            throw Failure(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
