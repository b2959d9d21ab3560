import TransferLedger

/// Where `ledger checkpoint --out` keeps the signed note: one file, or a directory (a trailing slash,
/// or an existing directory) collecting every checkpoint under a name by tree size.
///
/// Prepared before the checkpoint is recorded: an existing file, a missing directory or a full disk is
/// reported while nothing has been written yet.
struct CheckpointOutput {
    /// A note needs well under a kilobyte; reserving more makes sure the write cannot run out of space.
    static let reservedBytes = 16_384

    private let file: AtomicFile
    private let directory: String?

    init(_ path: String) throws {
        if path.hasSuffix("/") || Environment.isDirectory(path) {
            let directory = path.hasSuffix("/") ? String(path.dropLast()) : path
            guard Environment.isDirectory(directory) else {
                throw CommandFailure(message: "--out \(path): no such directory; create it first", status: .noInput)
            }
            self.directory = directory
            file = try AtomicFile(path: directory + "/checkpoint.pending", reserving: Self.reservedBytes)
        } else {
            directory = nil
            file = try AtomicFile(path: path, reserving: Self.reservedBytes)
        }
    }

    /// The names for the checkpoint of `size` in a checkpoint directory, in order of preference: a
    /// suffixed one only when a checkpoint of the same size (from another ledger) is already there.
    static func names(size: UInt64, in directory: String) -> [String] {
        (0..<100).map { directory + "/checkpoint-\(size)" + ($0 > 0 ? "-\($0)" : "") + ".txt" }
    }

    /// Writes `note`, of tree size `size`, and returns the path it was written to.
    func write(_ note: SignedNote, size: UInt64) throws(AtomicFile.Failure) -> String {
        try file.commit(Array(note.serialized.utf8), as: directory.map { Self.names(size: size, in: $0) } ?? [])
        return file.path
    }
}
