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

    func flush() {
        fflush(file)
    }
}

/// Reads a whole file, or standard input for `-`.
enum InputFile {
    static func read(_ path: String) throws(CommandFailure) -> [UInt8] {
        let file: UnsafeMutablePointer<FILE>
        if path == "-" {
            file = stdin
        } else {
            guard let opened = fopen(path, "rb") else {
                throw CommandFailure(message: "cannot read \(path): \(String(cString: strerror(errno)))", status: .noInput)
            }
            file = opened
        }
        defer { if path != "-" { fclose(file) } }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
            if count < buffer.count {
                if ferror(file) != 0 { throw CommandFailure(message: "cannot read \(path)", status: .ioError) }
                break
            }
        }
        return bytes
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
