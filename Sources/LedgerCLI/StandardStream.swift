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
        // After a failed write the stream's error flag stays set: writing on would only fail again.
        guard ferror(file) == 0 else { return }
        if fputs(string, file) < 0 { errorNumber = errno }
    }

    /// The cause of the first failed write, kept because later calls overwrite `errno`.
    private var errorNumber: Int32 = 0

    /// Whether a write to the stream has failed (a full disk, a closed pipe, /dev/full).
    var failed: Bool { ferror(file) != 0 }

    /// Flushes and closes the stream; the reason when any write to it failed, else nil.
    func close() -> String? {
        var cause = errorNumber
        var failed = fflush(file) != 0 || ferror(file) != 0
        if failed, cause == 0 { cause = errno }
        if fclose(file) != 0 {
            failed = true
            if cause == 0 { cause = errno }
        }
        return failed ? String(cString: strerror(cause == 0 ? EIO : cause)) : nil
    }

    /// Whether the stream is a terminal (tables) rather than a pipe or file (machine formats).
    var isTerminal: Bool { isatty(fileno(file)) != 0 }

    /// The terminal's width when the stream is on one (see `Terminal.columns`), else nil.
    var columns: Int? { Terminal.columns(of: fileno(file)) }

    func flush() {
        fflush(file)
    }
}

/// Reads the files commands are given: only regular files (or standard input for `-`), and small
/// ones (keys, notes, proofs) only up to `RegularFile.smallFileLimit`.
enum InputFile {
    /// The whole of `path`, or standard input for `-`, up to `limit` bytes.
    static func read(_ path: String, atMost limit: Int = .max) throws(CommandFailure) -> [UInt8] {
        if path == "-", isatty(STDIN_FILENO) != 0 {
            // Without this a person who forgot the file sees a command that seems to hang.
            var errors = StandardStream.error
            errors.write("Reading NDJSON from standard input (one record per line); end it with Ctrl-D.\n")
            errors.flush()
        }
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

    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }
}
