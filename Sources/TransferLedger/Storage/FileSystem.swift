#if canImport(Glibc)
internal import Glibc
#endif

/// The few file-system facts the library needs, without Foundation.
enum FileSystem {
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Removes a database file and its WAL and shared-memory companions.
    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }
}
