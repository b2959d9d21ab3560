import Foundation
import LedgerTestSupport

/// A `ledger` process started in the background, to be interrupted (killed, or its database
/// connection terminated) while it works, then waited for.
final class RunningLedger {
    private let child: Spawn.Child
    private let stdoutPath: String
    private let stderrPath: String

    /// Starts `ledger arguments…` with `input` on stdin; its files live in `directory`.
    init(_ arguments: [String], input: [UInt8], in directory: TemporaryDirectory) throws {
        let id = UUID().uuidString
        let inputPath = directory.file("in-\(id)")
        stdoutPath = directory.file("out-\(id)")
        stderrPath = directory.file("err-\(id)")
        _ = FileManager.default.createFile(atPath: inputPath, contents: Data(input))
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        child = try Spawn.start(try LedgerProcess.executable().path, arguments, environment: ProcessInfo.processInfo.environment,
                                directory: directory.path, input: inputPath, output: stdoutPath, errors: stderrPath)
    }

    var isRunning: Bool { child.poll() == nil }

    /// Polls every 2 ms until `condition` holds (true) or the process ends first (false).
    func poll(until condition: () throws -> Bool) async throws -> Bool {
        while isRunning {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(2))
        }
        return false
    }

    /// Kills the process with SIGKILL after `delay`, unless it finished first.
    func kill(after delay: Duration) async throws {
        let deadline = ContinuousClock.now + delay
        _ = try await poll { ContinuousClock.now >= deadline }
        if isRunning { Foundation.kill(child.pid, SIGKILL) }
    }

    /// Waits for the end: the exit status (nil when killed by a signal) and what it printed.
    func finish() -> (status: Int32?, stdout: String, stderr: String) {
        let status = Spawn.exitStatus(child.wait())
        func read(_ path: String) -> String { String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }
        return (status, read(stdoutPath), read(stderrPath))
    }
}
