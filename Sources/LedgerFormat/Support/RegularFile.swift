#if canImport(Glibc)
internal import Glibc
#endif

/// Reading the files people name (keys, proofs, checkpoints, NDJSON, report bundles): regular files
/// only, and never more than a stated size, so a FIFO, a device or `/dev/zero` neither blocks nor
/// streams forever.
package enum RegularFile {
    /// The most a small file (a key, a signed note, a proof file) may hold: far above any real one
    /// (a proof of a 2^64-entry tree is 64 hashes), far below what would strain memory.
    public static let smallFileLimit = 1 << 20

    /// Why a file could not be read.
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// What went wrong, for the exit status a caller chooses.
        public enum Kind: Sendable {
            /// Nothing is there.
            case missing
            /// There, but not openable (permissions, a loop of links).
            case cannotOpen
            /// A directory, FIFO, socket or device: refused before reading a byte.
            case notRegular
            /// Longer than the limit the caller set.
            case tooLarge
            /// `read` failed part-way.
            case readFailed
        }

        /// The file concerned.
        public let path: String
        /// The kind of failure.
        public let kind: Kind
        /// What is wrong, in words.
        public let reason: String

        public var description: String { "\(path): \(reason)" }
    }

    /// The whole file at `path`, refusing anything but a regular file of at most `limit` bytes.
    public static func read(_ path: String, atMost limit: Int = smallFileLimit) throws(Failure) -> [UInt8] {
        let descriptor = try open(path)
        defer { close(descriptor) }
        return try readAll(descriptor, path: path, atMost: limit)
    }

    /// Everything on standard input, which may be a pipe or terminal, up to `limit` bytes.
    public static func readStandardInput(atMost limit: Int = .max) throws(Failure) -> [UInt8] {
        try readAll(STDIN_FILENO, path: "standard input", atMost: limit)
    }

    /// Opens `path` for reading when it is a regular file (after following links).
    ///
    /// O_NONBLOCK because opening a FIFO for reading otherwise waits for a writer; the file type is
    /// then checked on the open descriptor, so the file checked is the one read.
    package static func open(_ path: String) throws(Failure) -> Int32 {
        let descriptor = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw Failure(path: path, kind: errno == ENOENT ? .missing : .cannotOpen, reason: String(cString: strerror(errno)))
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw Failure(path: path, kind: .notRegular, reason: "is not a regular file (a directory, FIFO or device cannot be read here)")
        }
        // Back to blocking reads: a regular file's never block, and the flag must not leak to a FILE stream.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return descriptor
    }

    /// Whether `path` names something other than a regular file (a FIFO, a device, a directory);
    /// false when nothing is there. Uses `stat`, so nothing is opened and nothing can block.
    package static func isSpecial(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT != S_IFREG
    }

    /// Reads `descriptor` to its end, failing once more than `limit` bytes arrive.
    private static func readAll(_ descriptor: Int32, path: String, atMost limit: Int) throws(Failure) -> [UInt8] {
        // One buffer read into in place: a key's bytes are then in one array the caller can cleanse.
        var bytes = [UInt8](repeating: 0, count: 4_096)
        var count = 0
        while true {
            if count == bytes.count {
                guard count <= limit else { break }
                bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, 1 << 24)))
            }
            let got = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress.map { $0 + count }, buffer.count - count)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, kind: .readFailed, reason: String(cString: strerror(errno)))
            }
            if got == 0 { break }
            count += got
        }
        guard count <= limit else {
            throw Failure(path: path, kind: .tooLarge, reason: "is larger than \(limit) bytes")
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }
}
