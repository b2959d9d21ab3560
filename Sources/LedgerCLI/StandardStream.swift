import TransferLedger
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Buffered output to stdout or stderr through the C library, so long exports stream quickly.
struct StandardStream: TextOutputStream {
    private let file: UnsafeMutablePointer<FILE>

    static var output: StandardStream { StandardStream(file: stdout) }
    static var error: StandardStream { StandardStream(file: stderr) }

    mutating func write(_ string: String) {
        fputs(string, file)
    }

    /// Whether the stream is a terminal (tables) rather than a pipe or file (machine formats).
    var isTerminal: Bool { isatty(fileno(file)) != 0 }

    func flush() {
        fflush(file)
    }
}

/// Reads the files commands are given: only regular files (or standard input for `-`), and small
/// ones (keys, notes, proofs) only up to `RegularFile.smallFileLimit`.
enum InputFile {
    /// The whole of `path`, or standard input for `-`, up to `limit` bytes.
    static func read(_ path: String, atMost limit: Int = .max) throws(CommandFailure) -> [UInt8] {
        do {
            return path == "-" ? try RegularFile.readStandardInput(atMost: limit) : try RegularFile.read(path, atMost: limit)
        } catch {
            let status: ExitStatus = switch error.kind {
            case .missing, .cannotOpen, .notRegular: .noInput
            case .tooLarge: .rejected
            case .readFailed: .ioError
            }
            throw CommandFailure(message: "cannot read \(error)", status: status)
        }
    }

    /// A key, signed note or proof file: small by nature, so anything larger is refused unread.
    static func readSmall(_ path: String) throws(CommandFailure) -> [UInt8] {
        try read(path, atMost: RegularFile.smallFileLimit)
    }
}

/// Process environment and file facts the commands need.
enum Environment {
    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    static func fileExists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    static func remove(_ path: String) {
        unlink(path)
    }
}

/// Writes whole files the commands produce (checkpoints, reports); refuses to overwrite.
enum OutputFile {
    static func write(_ text: String, to path: String) throws(CommandFailure) {
        guard let file = fopen(path, "wx") else {
            throw CommandFailure(message: "cannot write \(path): \(String(cString: strerror(errno)))", status: .ioError)
        }
        defer { fclose(file) }
        guard fputs(text, file) >= 0 else { throw CommandFailure(message: "cannot write \(path)", status: .ioError) }
    }
}
