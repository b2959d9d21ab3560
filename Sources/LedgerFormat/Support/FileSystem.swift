#if canImport(Glibc)
internal import Glibc
#endif

/// The few file-system facts the library needs, without Foundation.
package enum FileSystem {
    package static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Whether nobody can be writing the ledger at `path`, so a reader may open it immutable: its
    /// directory is not writable (read-only media, a read-only mount, or permissions), hence no writer
    /// can create the WAL it needs; and no WAL is there, so no writer has it open now, nor left
    /// committed pages outside the main file. A reader in a writable directory uses the WAL as usual.
    package static func isFrozen(_ path: String) -> Bool {
        guard !exists(path + "-wal") else { return false }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        return access(directory, W_OK) != 0
    }

    /// The names in the directory at `path`, without `.` and `..`; nil when it cannot be read.
    package static func names(in path: String) -> [String]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes a database file and its WAL and shared-memory companions.
    package static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }
}
