#if canImport(Glibc)
internal import Glibc
#endif

/// A directory published whole or not at all: its files are written into a temporary directory beside
/// the target, which is renamed into place once they are synced; a failure removes it.
package final class AtomicDirectory {
    /// The target path.
    let path: String
    /// Where the files go until `publish()`.
    let temporaryPath: String
    private var names: [String] = []
    private var published = false

    /// Creates the temporary directory, refusing a target that exists unless it is an empty directory
    /// (which `rename` then replaces); the message says why.
    package init(path: String) throws(AtomicFile.Failure) {
        self.path = path
        var status = stat()
        if stat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR, Self.isEmptyDirectory(path) else {
                throw AtomicFile.Failure(path: path, reason: "it already exists and is not an empty directory", targetExists: true)
            }
        }
        temporaryPath = AtomicFile.temporaryName(beside: path)
        guard mkdir(temporaryPath, 0o755) == 0 else {
            throw AtomicFile.Failure(path: path, reason: "cannot create a directory beside it: \(String(cString: strerror(errno)))", targetExists: false)
        }
    }

    deinit { if !published { discard() } }

    /// The path of `name` inside the temporary directory; `discard` removes it again.
    package func file(_ name: String) -> String {
        names.append(name)
        return temporaryPath + "/" + name
    }

    /// Renames the temporary directory to `path` and syncs both directories.
    package func publish() throws(AtomicFile.Failure) {
        guard AtomicFile.syncDirectory(of: temporaryPath + "/."), rename(temporaryPath, path) == 0 else {
            let exists = errno == ENOTEMPTY || errno == EEXIST
            throw AtomicFile.Failure(path: path, reason: exists ? "it already exists and is not an empty directory" : String(cString: strerror(errno)),
                                     targetExists: exists)
        }
        published = true
        guard AtomicFile.syncDirectory(of: path) else {
            throw AtomicFile.Failure(path: path, reason: "written, but its directory could not be synced: \(String(cString: strerror(errno)))", targetExists: false)
        }
    }

    /// Removes the files handed out by `file(_:)` and the temporary directory.
    func discard() {
        for name in names { unlink(temporaryPath + "/" + name) }
        rmdir(temporaryPath)
    }

    private static func isEmptyDirectory(_ path: String) -> Bool {
        FileSystem.names(in: path)?.isEmpty ?? false
    }
}

@available(*, unavailable)
extension AtomicDirectory: Sendable {}
