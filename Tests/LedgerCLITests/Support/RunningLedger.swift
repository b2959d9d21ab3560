import Foundation
import LedgerTestSupport

/// A `ledger` process started in the background, to be interrupted (killed, or its database
/// connection terminated) while it works, then waited for.
final class RunningLedger {
    let process = Process()
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
        process.executableURL = try LedgerProcess.executable()
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        process.standardInput = FileHandle(forReadingAtPath: inputPath)
        process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        try ProcessLaunch.run(process)
    }

    var isRunning: Bool { process.isRunning }

    /// Polls every 2 ms until `condition` holds (true) or the process ends first (false).
    func poll(until condition: () throws -> Bool) async throws -> Bool {
        while process.isRunning {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(2))
        }
        return false
    }

    /// Kills the process with SIGKILL after `delay`, unless it finished first.
    func kill(after delay: Duration) async throws {
        let deadline = ContinuousClock.now + delay
        _ = try await poll { ContinuousClock.now >= deadline }
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    /// Waits for the end: the exit status (nil when killed by a signal) and what it printed.
    func finish() -> (status: Int32?, stdout: String, stderr: String) {
        process.waitUntilExit()
        let killed = process.terminationReason == .uncaughtSignal
        func read(_ path: String) -> String { String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }
        return (killed ? nil : process.terminationStatus, read(stdoutPath), read(stderrPath))
    }
}
