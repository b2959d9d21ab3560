import Foundation

/// Runs the built `ledger` executable as a separate process, as services and auditors do.
public enum LedgerProcess {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    public struct NotFound: Error, CustomStringConvertible {
        public let searched: [String]
        public var description: String { "the ledger executable was not found; looked at \(searched.joined(separator: ", "))" }
    }

    /// The `ledger` binary SwiftPM built next to the test bundle; `LEDGER_BINARY` overrides the search.
    public static func executable() throws -> URL {
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["LEDGER_BINARY"] {
            candidates.append(URL(fileURLWithPath: override))
        }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(runner.deletingLastPathComponent().appendingPathComponent("ledger"))
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("ledger"))
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("ledger"))
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) {
            return found
        }
        throw NotFound(searched: candidates.map(\.path))
    }

    /// The documented exit statuses (README, "Exit statuses"); anything else, a signal included, is a bug.
    public static let documentedStatuses: Set<Int32> = [0, 1, 2, 64, 65, 66, 74]

    /// Runs `ledger arguments…` in `directory` with `input` on stdin, without blocking a thread while
    /// it runs. `LEDGER_DB` is removed from the inherited environment unless `environment` sets it.
    /// `standardOutput` sends stdout to that file (such as `/dev/full`) instead of capturing it;
    /// `launcher` runs the binary through a command (its last arguments are then the binary and
    /// `arguments`), for a resource limit or another user. With `watchdogSeconds`, coreutils `timeout`
    /// kills a run that hangs (status 137), so a test of hostile input fails instead of hanging the suite.
    public static func run(_ arguments: [String], input: [UInt8] = [], environment: [String: String] = [:],
                           standardOutput: String? = nil, launcher: [String] = [],
                           in directory: String, watchdogSeconds: Int? = nil) async throws -> Result {
        var variables = ProcessInfo.processInfo.environment
        variables["LEDGER_DB"] = nil
        for (name, value) in environment { variables[name] = value }
        return try await run(program: try executable().path, arguments, input: input, environment: variables,
                             standardOutput: standardOutput, launcher: launcher, in: directory, watchdogSeconds: watchdogSeconds)
    }

    /// Runs any `program` as `run(_:…)` runs `ledger`, with exactly `environment` (nil: this process's),
    /// without blocking a thread while it runs: a compiler, a nested package's executable.
    public static func run(program: String, _ arguments: [String], input: [UInt8] = [], environment: [String: String]? = nil,
                           standardOutput: String? = nil, launcher: [String] = [],
                           in directory: String, watchdogSeconds: Int? = nil) async throws -> Result {
        let id = UUID().uuidString
        let stdinPath = directory + "/.stdin-" + id
        let stdoutPath = directory + "/.stdout-" + id
        let stderrPath = directory + "/.stderr-" + id
        defer { for path in [stdinPath, stdoutPath, stderrPath] { try? FileManager.default.removeItem(atPath: path) } }
        _ = FileManager.default.createFile(atPath: stdinPath, contents: Data(input))
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)

        let watchdog = watchdogSeconds.map { ["/usr/bin/timeout", "-s", "KILL", String($0)] } ?? []
        let command = watchdog + launcher + [program] + arguments
        let status = try await Spawn.run(command[0], Array(command.dropFirst()), environment: environment ?? ProcessInfo.processInfo.environment,
                                         directory: directory, input: stdinPath, output: standardOutput ?? stdoutPath, errors: stderrPath)
        let stdout = FileManager.default.contents(atPath: stdoutPath) ?? Data()
        let stderr = FileManager.default.contents(atPath: stderrPath) ?? Data()
        return Result(status: status, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }
}
