#if canImport(Glibc)
internal import Glibc
#endif

/// A file published whole or not at all: written to a temporary file beside its target, synced, moved
/// into place, and the directory synced; a failure at any step leaves no file behind.
///
/// Create it before the work whose result it holds (such as recording a checkpoint): that checks the
/// target and the directory up front, and `reserving` claims the disk space, so a full disk or an
/// existing file is found before anything else is written.
public final class AtomicFile {
    /// Why a file could not be written; nothing is left at `path` or beside it.
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// The target file.
        public let path: String
        /// What went wrong.
        public let reason: String
        /// Whether the failure is that the target already exists (a caller's choice, not an I/O fault).
        public let targetExists: Bool

        /// `cannot write path: reason`, for a one-line error.
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// The target path; `commit(_:as:)` may name another in the same directory.
    package private(set) var path: String
    private let temporaryPath: String
    private let replacing: Bool
    private var descriptor: Int32

    /// Creates the temporary file for `path` with `permissions`, refusing an existing target unless
    /// `replacing`, and reserves `reserving` bytes of disk.
    package init(path: String, permissions: UInt32 = 0o644, replacing: Bool = false, reserving: Int = 0) throws(Failure) {
        self.path = path
        self.replacing = replacing
        if !replacing, FileSystem.exists(path) {
            throw Failure(path: path, reason: "the file already exists", targetExists: true)
        }
        let (temporaryPath, descriptor) = try Self.createTemporary(beside: path, permissions: permissions)
        self.temporaryPath = temporaryPath
        self.descriptor = descriptor
        if reserving > 0 {
            // posix_fallocate returns the error number rather than setting errno.
            let code = posix_fallocate(descriptor, 0, off_t(reserving))
            if code != 0 {
                discard()
                throw Failure(path: path, reason: String(cString: strerror(code)), targetExists: false)
            }
        }
    }

    deinit { discard() }

    /// Writes `bytes` as the whole file and publishes it at `path`; or, when `candidates` are given
    /// (names known only once the content is, in the same directory as `path`), at the first of them
    /// that does not exist yet.
    package func commit(_ bytes: [UInt8], as candidates: [String] = []) throws(Failure) {
        guard descriptor >= 0 else { throw failure("the file was already published or discarded") }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                buffer.baseAddress.map { pwrite(descriptor, $0 + offset, buffer.count - offset, off_t(offset)) } ?? 0
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw failingAndDiscarding(written == 0 ? "nothing written" : String(cString: strerror(errno))) }
            offset += written
        }
        // Drop what `reserving` claimed beyond the content, then make the content durable before it appears.
        guard ftruncate(descriptor, off_t(bytes.count)) == 0, fsync(descriptor) == 0 else {
            throw failingAndDiscarding(String(cString: strerror(errno)))
        }
        close(descriptor)
        descriptor = -1
        try publish(candidates.isEmpty ? [path] : candidates)
    }

    /// Removes the temporary file; nothing is published. Safe to call more than once.
    package func discard() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(temporaryPath)
    }

    /// Writes `bytes` to `path` atomically in one call.
    package static func write(_ bytes: [UInt8], to path: String, permissions: UInt32 = 0o644, replacing: Bool = false) throws(Failure) {
        try AtomicFile(path: path, permissions: permissions, replacing: replacing).commit(bytes)
    }

    /// Moves the synced temporary file to the first free name of `candidates`: `link` never replaces
    /// an existing file, so a file created there meanwhile is kept; `rename` when replacing is asked for.
    private func publish(_ candidates: [String]) throws(Failure) {
        if replacing {
            guard rename(temporaryPath, path) == 0 else { throw unlinkingTemporary(String(cString: strerror(errno)), exists: false) }
        } else {
            var published = false
            for candidate in candidates where !published {
                path = candidate
                if link(temporaryPath, candidate) == 0 {
                    published = true
                } else if errno != EEXIST {
                    throw unlinkingTemporary(String(cString: strerror(errno)), exists: false)
                }
            }
            guard published else { throw unlinkingTemporary("the file already exists", exists: true) }
            unlink(temporaryPath)
        }
        guard Self.syncDirectory(of: path) else {
            throw Failure(path: path, reason: "written, but its directory could not be synced: \(String(cString: strerror(errno)))", targetExists: false)
        }
    }

    private func failure(_ reason: String) -> Failure {
        Failure(path: path, reason: reason, targetExists: false)
    }

    private func failingAndDiscarding(_ reason: String) -> Failure {
        discard()
        return failure(reason)
    }

    private func unlinkingTemporary(_ reason: String, exists: Bool) -> Failure {
        unlink(temporaryPath)
        return Failure(path: path, reason: exists ? "the file already exists" : reason, targetExists: exists)
    }

    /// Creates `.NAME.partial-RANDOM` in the target's directory, so the final move stays in one file system.
    private static func createTemporary(beside path: String, permissions: UInt32) throws(Failure) -> (String, Int32) {
        for _ in 0..<8 {
            let candidate = temporaryName(beside: path)
            let descriptor = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(permissions))
            if descriptor >= 0 {
                // The umask may have narrowed the mode; set it exactly (a key file must be 0600, no wider).
                fchmod(descriptor, mode_t(permissions))
                return (candidate, descriptor)
            }
            guard errno == EEXIST else { throw Failure(path: path, reason: String(cString: strerror(errno)), targetExists: false) }
        }
        throw Failure(path: path, reason: "no free temporary name beside it", targetExists: false)
    }

    /// A fresh hidden name beside `path`, for a temporary file or directory.
    static func temporaryName(beside path: String) -> String {
        let (directory, name) = split(path)
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        return (directory.isEmpty ? "" : directory + "/") + "." + name + ".partial-" + suffix
    }

    /// The directory part (empty for the working directory) and the last component of `path`.
    static func split(_ path: String) -> (directory: String, name: String) {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return ("", String(trimmed)) }
        let directory = trimmed[..<slash]
        return (directory.isEmpty ? "/" : String(directory), String(trimmed[trimmed.index(after: slash)...]))
    }

    /// Syncs the directory holding `path`, so a new name in it survives a crash.
    static func syncDirectory(of path: String) -> Bool {
        let directory = split(path).directory
        let descriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return fsync(descriptor) == 0
    }
}

@available(*, unavailable)
extension AtomicFile: Sendable {}
