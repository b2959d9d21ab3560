import Foundation

/// The scratch directory of one run; every database the benchmark makes lives in it.
struct Scratch {
    let directory: String

    init(parent: String) {
        directory = (parent.hasSuffix("/") ? String(parent.dropLast()) : parent) + "/transferledger-bench-\(getpid())"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            fail("cannot create \(directory): \(error)")
        }
    }

    func path(_ name: String) -> String { directory + "/" + name }

    /// Removes a database and its WAL and shared-memory files.
    func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }

    func removeAll() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Copies a closed database file (no WAL) and flushes the copy, so its write-back does not
    /// disturb a timed phase.
    func copyDatabase(_ source: String, to destination: String) {
        // A read-only reader that closed last leaves the WAL behind; a writer's checkpoint folds it in
        // and its close removes it, so the copy is the whole database.
        if FileManager.default.fileExists(atPath: source + "-wal") {
            RawDatabase(path: source).execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        removeDatabase(destination)
        let input = open(source, O_RDONLY)
        let output = open(destination, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard input >= 0, output >= 0 else { fail("cannot copy \(source) to \(destination)") }
        defer { close(input); close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            let written = buffer.withUnsafeBytes { write(output, $0.baseAddress, count) }
            guard written == count else { fail("short write copying \(source)") }
        }
        fsync(output)
        if FileManager.default.fileExists(atPath: source + "-wal") { fail("\(source) still has a WAL after a checkpoint; is it open?") }
    }

    func fileSize(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }
}
