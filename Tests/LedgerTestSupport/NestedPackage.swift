import Foundation

/// A package nested in this repository (`Tests/AsyncClient`, say) that depends on TransferLedger by
/// path, built and run as another team's package would be: with its own manifest and language mode.
public struct NestedPackage: Sendable {
    /// The package's directory.
    public let directory: String
    /// Its build directory, under the root package's `.build` and kept between runs, so that only the
    /// first run compiles the library again.
    public let scratchPath: String

    /// The package at `relativePath` from the repository's root.
    public init(_ relativePath: String) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        directory = root.appendingPathComponent(relativePath).path
        scratchPath = root.appendingPathComponent(".build/nested/" + URL(fileURLWithPath: relativePath).lastPathComponent).path
    }

    /// `swift build` of the package in debug, with every warning an error (a warning in code already
    /// built is then still a failure, not just a line that an incremental build no longer prints).
    /// SwiftPM does not notice that a file of a path dependency was deleted ("missing inputs"): the
    /// kept build directory is then discarded and the build run again from scratch, once.
    public func build() async throws -> LedgerProcess.Result {
        let result = try await swiftBuild()
        guard result.status != 0, (result.stdout + result.stderr).contains("because of missing inputs") else { return result }
        try? FileManager.default.removeItem(atPath: scratchPath)
        return try await swiftBuild()
    }

    private func swiftBuild() async throws -> LedgerProcess.Result {
        try await LedgerProcess.run(program: "/usr/bin/env", ["swift", "build", "--package-path", directory, "--scratch-path", scratchPath,
                                                              "-Xswiftc", "-warnings-as-errors"],
                                    in: directory, watchdogSeconds: 1_200)
    }

    /// Runs the package's built executable `product` with `arguments`.
    public func run(_ product: String, _ arguments: [String], in workingDirectory: String) async throws -> LedgerProcess.Result {
        try await LedgerProcess.run(program: scratchPath + "/debug/" + product, arguments, in: workingDirectory, watchdogSeconds: 300)
    }
}
