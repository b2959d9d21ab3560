import LedgerFormat

/// A ledger that any number of tasks and threads share: `Sendable`, with `async` methods.
///
/// ```swift
/// let pool = try LedgerPool(path: "transfers.ledger", createIfMissing: true)
/// let receipt = try await pool.record(transfer)          // durable when it returns
/// for try await recorded in pool.transfers(matching: query) { … }
/// ```
///
/// Like GRDB's `DatabasePool`, it keeps one writer connection and a few read-only ones. A chain has one
/// tip, so its appends are sequential whoever makes them; every write therefore goes, in turn, through
/// the one writer, which keeps what a writer learns between appends (the Merkle tree's peaks, the
/// registry, the salts) and never waits for a lock held by a sibling connection. Reads (queries,
/// `check`, `verify`, counts) are lent a reader each and run in parallel with one another and with the
/// writer. Every connection runs its SQLite or libpq calls on a thread of its own, off Swift's
/// cooperative thread pool, which blocking I/O would otherwise stall.
///
/// A task cancelled before its call starts is refused with `CancellationError` and nothing is done;
/// a call that has started is not interrupted: a write commits (or fails) whole, and returns.
/// Other failures are `LedgerError`s, as in the synchronous API (`Ledger`), which stays for scripts and
/// tools. Other processes (and hosts, on PostgreSQL) may append to the same ledger meanwhile.
public final class LedgerPool: Sendable {
    /// Where the ledger lives.
    public let location: LedgerLocation
    /// Nil when the pool was opened read-only.
    private let writer: LedgerConnection?
    private let readers: ReaderPool

    /// The matches a `TransferSequence` reads per page, unless asked otherwise.
    public static let defaultPageSize = 256

    /// Opens the ledger at `location` (creating it first with `createIfMissing`) with one writer and
    /// `readers` read-only connections; `readOnly` opens no writer, and every write then fails.
    /// `logHandler` hears what every connection notices (`LedgerLogEvent`).
    public init(location: LedgerLocation, readers: Int = 4, createIfMissing: Bool = false, readOnly: Bool = false,
                referenceData: ReferenceData = .embedded, logHandler: LedgerLogHandler? = nil) throws(LedgerError) {
        guard readers > 0 else { throw .invalidRequest("a pool needs at least one reader, not \(readers)") }
        guard !(readOnly && createIfMissing) else { throw .invalidRequest("a read-only pool cannot create a ledger") }
        self.location = location
        if readOnly {
            writer = nil
        } else {
            // Opened before the readers, so that a ledger it creates is there for them to open.
            let ledger = createIfMissing ? try Ledger.openOrCreate(at: location, referenceData: referenceData)
                : try Ledger(location: location, referenceData: referenceData)
            ledger.logHandler = logHandler
            writer = LedgerConnection(ledger, label: "TransferLedger.writer")
        }
        var connections: [LedgerConnection] = []
        for index in 0..<readers {
            let ledger = try Ledger(location: location, readOnly: true, referenceData: referenceData)
            ledger.logHandler = logHandler
            connections.append(LedgerConnection(ledger, label: "TransferLedger.reader.\(index)"))
        }
        self.readers = ReaderPool(connections)
    }

    /// Opens the ledger at `path`: a file, or a `postgresql://` URI (`LedgerLocation(_:)`).
    public convenience init(path: String, readers: Int = 4, createIfMissing: Bool = false, readOnly: Bool = false,
                            referenceData: ReferenceData = .embedded, logHandler: LedgerLogHandler? = nil) throws(LedgerError) {
        try self.init(location: LedgerLocation(path), readers: readers, createIfMissing: createIfMissing, readOnly: readOnly,
                      referenceData: referenceData, logHandler: logHandler)
    }

    /// How many read-only connections serve reads at once.
    public var readerCount: Int { readers.count }

    /// How many reads are waiting for a reader connection (for tests).
    var readsWaiting: Int { readers.waitingCount }

    // MARK: Any call, on the right connection

    /// Runs `body` with the writer connection, after every write called before it: for what the
    /// methods below leave out (corrections, government access requests, checkpoints, region tables).
    /// `body` must not keep the `Ledger` it is given.
    public func write<T: Sendable>(_ body: @Sendable (Ledger) throws -> T) async throws -> T {
        guard let writer else { throw LedgerError.invalidRequest("\(location) was opened read-only in this pool") }
        return try await writer.run(body)
    }

    /// Runs `body` with a read-only connection of its own, in parallel with other reads and the writer.
    /// `body` must not keep the `Ledger` it is given.
    public func read<T: Sendable>(_ body: @Sendable (Ledger) throws -> T) async throws -> T {
        try await readers.read(body)
    }

    // MARK: Writes

    /// Records one transfer (`Ledger.record(_:)`) and returns its receipt once it is durably committed.
    @discardableResult
    public func record(_ transfer: Transfer) async throws -> Receipt {
        try await write { try $0.record(transfer) }
    }

    /// Records transfers as one transaction (`Ledger.record(contentsOf:progress:)`): all or none.
    @discardableResult
    public func record(contentsOf transfers: [Transfer], progress: ProgressHandler? = nil) async throws -> [Receipt] {
        try await write { try $0.record(contentsOf: transfers, progress: progress) }
    }

    /// Records registry facts as one transaction (`Ledger.register(_:)`).
    @discardableResult
    public func register(_ facts: [RegistryFact]) async throws -> [Receipt] {
        try await write { try $0.register(facts) }
    }

    /// Erases private documents and records the erasure, on the writer (`Ledger.erase(_:)`).
    public func erase(_ request: ErasureRequest) async throws -> ErasureOutcome {
        try await write { try $0.erase(request) }
    }

    // MARK: Reads

    /// Judges transfers without recording them (`Ledger.check(_:)`), against the registry as last committed.
    public func check(_ transfers: [Transfer]) async throws -> [PolicyVerdict] {
        try await read { try $0.check(transfers) }
    }

    /// Judges one transfer without recording it (`Ledger.check(_:)`).
    public func check(_ transfer: Transfer) async throws -> PolicyVerdict {
        try await read { try $0.check(transfer) }
    }

    /// The number of entries in the chain.
    public func entryCount() async throws -> UInt64 {
        try await read { try $0.entryCount() }
    }

    /// The entry at `seq`.
    public func entry(at seq: UInt64) async throws -> Entry {
        try await read { try $0.entry(at: seq) }
    }

    /// Re-checks every entry (`Ledger.verify(checkpoints:keys:policy:progress:)`) on a reader, while
    /// writes go on: the report covers the chain as it was when the check began.
    public func verify(checkpoints: [SignedNote] = [], keys: [NoteVerifierKey] = [], policy: Bool = false,
                       progress: ProgressHandler? = nil) async throws -> VerificationReport {
        try await read { try $0.verify(checkpoints: checkpoints, keys: keys, policy: policy, progress: progress) }
    }

    /// The transfers matching `query`, oldest first, streamed `pageSize` at a time (`TransferSequence`).
    public func transfers(matching query: TransferQuery, pageSize: Int = LedgerPool.defaultPageSize) -> TransferSequence {
        TransferSequence(readers: readers, query: query, pageSize: max(1, pageSize))
    }
}
