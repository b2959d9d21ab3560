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
