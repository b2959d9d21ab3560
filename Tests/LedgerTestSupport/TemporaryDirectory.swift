import Foundation

/// A fresh directory under the system's temporary directory, unique per test; `remove()` deletes it.
///
/// A struct with an explicit `remove()` (called from `defer`) rather than a class with `deinit`, so the
/// directory cannot vanish while a test still uses a path inside it.
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init() throws {
        path = FileManager.default.temporaryDirectory.path + "/transferledger-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> String {
        path + "/" + name
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
