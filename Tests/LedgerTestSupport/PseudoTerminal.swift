import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `ledger` on a pseudo-terminal (`openpty`) of a given width, as a person at a
/// terminal runs it: standard input, output and error are all the terminal, so `isatty` holds and
/// `TIOCGWINSZ` reports `columns`.
public enum PseudoTerminal {
    public struct Result: Sendable {
        public let status: Int32
        /// Everything the terminal showed (stdout, stderr and the echo of `input`), as written: the
        /// terminal turns each "\n" into "\r\n".
        public let screen: String

        /// The lines of `screen`, split at "\r\n" (not at a bare "\r", which redraws a line).
        public var lines: [String] {
            screen.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `ledger arguments…` in `directory` on a new terminal `columns` wide, typing `input` into it
    /// (end it with "\u{04}", Ctrl-D, for end of file). `COLUMNS` and `LEDGER_DB` are not inherited.
    public static func run(_ arguments: [String], columns: Int = 80, input: [UInt8] = [],
                           environment: [String: String] = [:], in directory: String) async throws -> Result {
        var primary: Int32 = -1
        var secondary: Int32 = -1
        var size = winsize(ws_row: 24, ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&primary, &secondary, nil, nil, &size) == 0 else {
            throw Failure(description: "openpty failed: \(String(cString: strerror(errno)))")
        }
        var variables = ProcessInfo.processInfo.environment
        variables["LEDGER_DB"] = nil
        variables["COLUMNS"] = nil
        variables["NO_COLOR"] = nil
        for (name, value) in environment { variables[name] = value }
        let child: Spawn.Child
        do {
            child = try Spawn.start(try LedgerProcess.executable().path, arguments, environment: variables, directory: directory,
                                    standard: [secondary, secondary, secondary])
        } catch {
            close(primary)
            close(secondary)
            throw error
        }
        // Only the child holds the terminal now: once it exits, reading the primary side ends (EIO).
        close(secondary)
        let typed = input
        let descriptor = primary
        let (status, screen): (Int32, [UInt8]) = await withCheckedContinuation { continuation in
            // A thread of its own: the reads block, and the test's cooperative threads are few.
            Thread {
                if !typed.isEmpty { _ = typed.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } }
                var screen: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                    if count > 0 { screen += buffer[..<count]; continue }
                    if count < 0, errno == EINTR { continue }
                    break
                }
                close(descriptor)
                let raw = child.wait()
                continuation.resume(returning: (Spawn.terminationStatus(raw), screen))
            }.start()
        }
        return Result(status: status, screen: String(decoding: screen, as: UTF8.self))
    }
}
