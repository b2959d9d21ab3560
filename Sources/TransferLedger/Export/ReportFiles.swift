import LedgerFormat

#if canImport(Glibc)
internal import Glibc
#endif

/// A bundle file being written: buffered, and hashed as it goes so `report.sig` needs no second read.
final class ReportOutputFile {
    let name: String
    private let file: UnsafeMutablePointer<FILE>
    private let digest = SHA256Stream()
    private var failed = false

    /// Creates `name` in the bundle's temporary directory, which removes it again unless published.
    init(_ bundle: AtomicDirectory, name: String) throws(ReportProblem) {
        self.name = name
        // "x": the temporary directory is new; a file already there is not ours to replace.
        guard let file = fopen(bundle.file(name), "wxb") else {
            throw ReportProblem(file: name, message: "cannot create: \(String(cString: strerror(errno)))")
        }
        self.file = file
        setvbuf(file, nil, _IOFBF, 1 << 16)
    }

    deinit { fclose(file) }

    /// Appends `bytes`.
    func write(_ bytes: [UInt8]) {
        digest.update(bytes)
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        if written != bytes.count { failed = true }
    }

    /// Flushes and syncs the file and returns its SHA-256.
    func finish() throws(ReportProblem) -> Digest {
        guard !failed, fflush(file) == 0, fsync(fileno(file)) == 0 else {
            throw ReportProblem(file: name, message: "cannot write: \(String(cString: strerror(errno)))")
        }
        return digest.finish()
    }
}

/// A bundle file being read: by lines or by exact byte counts, hashed as it goes.
final class ReportInputFile {
    let name: String
    private let file: UnsafeMutablePointer<FILE>
    private let digest = SHA256Stream()
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var start = 0
    private var end = 0

    /// Opens `directory/name` when it is a regular file; a FIFO or device (a link to `/dev/zero`)
    /// would block or never end.
    init(directory: String, name: String) throws(ReportProblem) {
        let descriptor: Int32
        do {
            descriptor = try RegularFile.open(ReportBundle.path(directory, name))
        } catch {
            throw ReportProblem(file: name, message: error.kind == .missing ? "is missing" : error.reason)
        }
        guard let file = fdopen(descriptor, "rb") else {
            close(descriptor)
            throw ReportProblem(file: name, message: String(cString: strerror(errno)))
        }
        self.name = name
        self.file = file
    }

    deinit { fclose(file) }

    private func refill() -> Bool {
        guard start == end else { return true }
        end = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        start = 0
        if end > 0 { digest.update(buffer[0..<end]) }
        return end > 0
    }

    /// The next line including its newline (the last may lack one), or nil at the end of the file;
    /// a line longer than `ReportBundle.maximumLineLength` is refused, so memory stays bounded.
    func line() throws(ReportProblem) -> [UInt8]? {
        var line: [UInt8] = []
        while refill() {
            guard line.count <= ReportBundle.maximumLineLength else {
                throw ReportProblem(file: name, message: "has a line longer than \(ReportBundle.maximumLineLength) bytes")
            }
            if let newline = newlineInBuffer() {
                line.append(contentsOf: buffer[start...newline])
                start = newline + 1
                return line
            }
            line.append(contentsOf: buffer[start..<end])
            start = end
        }
        return line.isEmpty ? nil : line
    }

    /// The index of the first line feed in the unread part of the buffer. memchr, not a loop over
    /// bytes: a report line may be 64 MiB long, and a debug build walks a slice byte by byte slowly.
    private func newlineInBuffer() -> Int? {
        buffer.withUnsafeBytes { bytes -> Int? in
            guard let base = bytes.baseAddress, let found = memchr(base + start, 0x0A, end - start) else { return nil }
            return base.distance(to: UnsafeRawPointer(found))
        }
    }

    /// Up to `count` next bytes; fewer only at the end of the file.
    func bytes(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        while bytes.count < count, refill() {
            let take = min(count - bytes.count, end - start)
            bytes.append(contentsOf: buffer[start..<(start + take)])
            start += take
        }
        return bytes
    }

    /// Reads the rest of the file, so the digest covers all of it, and returns the SHA-256.
    func finish() -> (digest: Digest, trailingBytes: Int) {
        var trailing = end - start
        start = end
        while refill() {
            trailing += end - start
            start = end
        }
        return (digest.finish(), trailing)
    }
}

@available(*, unavailable)
extension ReportOutputFile: Sendable {}

@available(*, unavailable)
extension ReportInputFile: Sendable {}
