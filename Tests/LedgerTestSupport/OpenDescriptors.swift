import Foundation

/// The descriptors this process holds open, as `/proc/self/fd` lists them (Linux): to find the ones a
/// released ledger should have closed, and to see what a test run keeps open.
public enum OpenDescriptors {
    /// What each open descriptor refers to: a path, or `socket:[…]`, `pipe:[…]`, `anon_inode:…`.
    public static func targets() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        // A descriptor closed between the listing and the readlink (the listing's own) has no target.
        return names.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0) }
    }

    /// The open descriptors on files in `directory` or below it; other tests running meanwhile never
    /// open a file in a test's own scratch directory, so this is exact while the count is not.
    public static func files(under directory: String) -> [String] {
        targets().filter { $0.hasPrefix(directory + "/") }
    }
}
