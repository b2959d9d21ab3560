import LedgerFormat
import LedgerStorage

/// A transfer ledger, in one SQLite file or a PostgreSQL database: the library's front door.
///
/// ```swift
/// let ledger = try Ledger(path: "transfers.ledger")
/// let receipt = try ledger.record(transfer)        // durable when it returns
/// let report = try Ledger(path: "transfers.ledger", readOnly: true).verify()
/// let group = try Ledger(location: .postgres("postgresql://ledger_writer@db.example/ledger"))
/// ```
///
/// A `Ledger` holds one connection and must be used from one thread at a time; open one per thread
/// or process, or share a `LedgerPool` between tasks (`Sendable`, async). Any number of processes (and, on PostgreSQL, hosts) may append to the same ledger at once.
public final class Ledger {
    /// Where the ledger lives.
    public let location: LedgerLocation
    /// The file's path, or the database's URI without its password.
    public var path: String { location.description }
    /// The region table in force until the chain adopts another (`adoptReferenceData`).
    public let referenceData: ReferenceData
    /// The policy engine over `referenceData`.
    package let engine: PolicyEngine
    /// The database underneath.
    let store: any LedgerStorage
    let hasher = SHA256()
    /// Decodes the transfers queries return, remembering the values that recur from row to row and
    /// from query to query (a ledger is used from one thread at a time, and so is its decoder).
    let transferDecoder = PayloadDecoder()
    /// The Merkle tree this connection's last append left, resumed by the next one.
    let treeCache = TreeCache()
    /// The salts of the transfers' private documents this connection appends (a correction, rare,
    /// draws its own when its payload is built).
    var salts = SaltPool()
    /// The registry as of `registryTip`, caught up with the ledger before every judgement.
    var registry: Registry
    var registryTip: UInt64?
    /// The region tables adopted in the chain, caught up with the ledger before every append.
    var versions: ReferenceDataVersions
    /// When this connection last found the chain's tip held by another writer (intake backends only):
    /// for a while after, its single appends go straight to the intake.
    var lastContention: Timestamp?
    /// Whether this connection's last single append was made alone, on the tip (intake backends only):
    /// only a writer that was alone then appends on the tip it left without reading it.
    var lastAppendWasAlone = false
    /// Hears what the ledger notices while it works (a transfer recorded although it breaks a rule,
    /// an append that met another writer); nil, the default, keeps it quiet.
    public var logHandler: LedgerLogHandler?

    /// Opens an existing ledger; `readOnly` guarantees it is never written (auditor commands).
    public convenience init(location: LedgerLocation, readOnly: Bool = false, referenceData: ReferenceData = .embedded) throws(LedgerError) {
        try self.init(location: location, readOnly: readOnly, creation: .never, referenceData: referenceData)
    }

    /// Opens an existing ledger at `path`: a file, or a `postgresql://` URI (`LedgerLocation(_:)`).
    public convenience init(path: String, readOnly: Bool = false, referenceData: ReferenceData = .embedded) throws(LedgerError) {
        try self.init(location: LedgerLocation(path), readOnly: readOnly, referenceData: referenceData)
    }

    /// The one initialiser: opens (or, as `creation` allows, creates) the storage at `location`.
    private init(location: LedgerLocation, readOnly: Bool, creation: StorageCreation, referenceData: ReferenceData) throws(LedgerError) {
        self.location = location
        self.referenceData = referenceData
        engine = PolicyEngine(referenceData: referenceData)
        versions = ReferenceDataVersions(base: engine)
        registry = Registry(referenceData: referenceData)
        store = try location.openStorage(readOnly: readOnly, creation: creation)
    }

    /// Creates a new, empty ledger; fails if a file is already there, or if the database already
    /// holds a ledger or anything else.
    /// On PostgreSQL, `roles` are granted their privileges as the ledger is created (they must exist);
    /// a file has no roles.
    public static func create(at location: LedgerLocation, referenceData: ReferenceData = .embedded,
                              roles: DatabaseRoles? = nil) throws(LedgerError) -> Ledger {
        guard case .file(let path) = location else {
            return try Ledger(location: location, readOnly: false, creation: .required(roles: roles), referenceData: referenceData)
        }
        guard roles == nil else { throw .invalidRequest("only a PostgreSQL ledger has roles to grant; a file's access is its file permissions") }
        guard !FileSystem.exists(path) else { throw .alreadyExists(path: path) }
        do {
            return try Ledger(location: location, readOnly: false, creation: .required(roles: nil), referenceData: referenceData)
        } catch {
            // Leave no empty or half-made file behind that later commands would take for a ledger.
            FileSystem.remove(path)
            throw error
        }
    }

    /// Creates a new, empty ledger at `path` (a file or a `postgresql://` URI).
    public static func create(at path: String, referenceData: ReferenceData = .embedded) throws(LedgerError) -> Ledger {
        try create(at: LedgerLocation(path), referenceData: referenceData)
    }

    /// Opens the ledger at `path`, creating it when there is none.
    public static func openOrCreate(at path: String, referenceData: ReferenceData = .embedded) throws(LedgerError) -> Ledger {
        try openOrCreate(at: LedgerLocation(path), referenceData: referenceData)
    }

    /// Opens the ledger at `location`, creating it when there is none.
    public static func openOrCreate(at location: LedgerLocation, referenceData: ReferenceData = .embedded) throws(LedgerError) -> Ledger {
        try Ledger(location: location, readOnly: false, creation: .ifMissing(roles: nil), referenceData: referenceData)
    }

    /// Records one transfer and returns its receipt once it is durably committed.
    @discardableResult
    public func record(_ transfer: Transfer) throws(LedgerError) -> Receipt {
        let receipts = try record(contentsOf: [transfer])
        return receipts[0]
    }

    /// Records transfers as one transaction: all are recorded, or none is and the error names the first
    /// record (1-based) that was refused. `progress` hears the transfers appended every
    /// `OperationProgress.interval` and at the end (before the commit).
    @discardableResult
    public func record(contentsOf transfers: [Transfer], progress: ProgressHandler? = nil) throws(LedgerError) -> [Receipt] {
        // Inside the transaction: other processes may have added registry facts or tables, and the
        // table in force is the one at the append's own ledger time.
        let judge = { [unowned self] (ledgerTime: Timestamp) throws -> TransferJudge in
            try catchUpRegistry()
            return TransferJudge(engine: versions.inForce(at: ledgerTime), registry: registry)
        }
        let contentionBefore = lastContention
        let receipts = try wrap {
            // A single transfer on a server shares its commit with other writers' through the intake.
            if transfers.count == 1, let intake = store as? any IntakeStorage {
                return [try recordSingle(transfers[0], intake: intake, judge: judge)]
            }
            return try appendTransfers(transfers, judge: judge, progress: progress)
        }
        if let logHandler {
            log(receipts, contended: lastContention != contentionBefore, to: logHandler)
        }
        return receipts
    }

    /// Re-checks every entry from its stored bytes and returns a report of every problem found.
    ///
    /// Each of `checkpoints` must carry a valid signature by one of `keys`, and the ledger must extend
    /// it: the same root at its size, so truncation and consistent rewrites are caught. `keys` also
    /// check the signatures of the checkpoints recorded in the chain.
    /// With `policy`, every transfer's rules are replayed against the registry recorded before it and
    /// the recorded verdict compared, and the derived compliance checks run. `progress` hears the
    /// entries checked after every batch of `Verifier.batchSize`.
    public func verify(checkpoints: [SignedNote] = [], keys: [NoteVerifierKey] = [], policy: Bool = false,
                       progress: ProgressHandler? = nil) throws(LedgerError) -> VerificationReport {
        var verifier = Verifier(store: store, referenceData: referenceData, engine: engine)
        verifier.progress = progress
        verifier.keys = keys
        verifier.replaysPolicy = policy
        var signatureProblems: [VerificationReport.Problem] = []
        for note in checkpoints {
            do {
                guard try note.verify(using: keys).isSignedByLog else {
                    throw LedgerError.invalidCheckpoint("no valid signature by a given log key")
                }
                verifier.trusted.append(try Checkpoint(parsing: note.text))
            } catch {
                signatureProblems.append(.init(seq: nil, check: .checkpoint, message:
                    "checkpoint '\(note.text.prefix { $0 != "\n" })' is not trusted: \(error)"))
            }
        }
        var report = try wrap { try verifier.run() }
        report.problems.insert(contentsOf: signatureProblems, at: 0)
        return report
    }

    /// The entry at `seq`.
    public func entry(at seq: UInt64) throws(LedgerError) -> Entry {
        guard let entry = try wrap({ try store.entry(at: seq) }) else { throw .noSuchEntry(seq) }
        return entry
    }

    /// The number of entries in the chain.
    public func entryCount() throws(LedgerError) -> UInt64 {
        try wrap { try store.entryCount() }
    }

    /// Calls `body` with each transfer matching `query`, oldest first, without loading all of them;
    /// a superseded transfer carries the correction that superseded it (`supersededBy`).
    public func forEachTransfer(matching query: TransferQuery, _ body: (RecordedTransfer) throws -> Void) throws {
        do {
            try store.forEachRecordedTransfer(matching: query, decoder: transferDecoder) { try body($0) }
        } catch let error as any StorageErrorConvertible {
            throw LedgerError.storage(error.storageError)
        }
    }

    /// Every transfer matching `query`, oldest first.
    public func transfers(matching query: TransferQuery) throws(LedgerError) -> [RecordedTransfer] {
        var results: [RecordedTransfer] = []
        try wrap { try store.forEachRecordedTransfer(matching: query, decoder: transferDecoder) { results.append($0) } }
        return results
    }

    /// Runs `body`, turning storage failures into `LedgerError`s.
    func wrap<T>(_ body: () throws -> T) throws(LedgerError) -> T {
        do {
            return try body()
        } catch let error as LedgerError {
            throw error
        } catch let error as any StorageErrorConvertible {
            throw .storage(error.storageError)
        } catch let error as StorageError {
            throw .storage(error)
        } catch let error as RecordError {
            throw .rejected(error)
        } catch let error as MerkleProofError {
            throw .invalidRequest("\(error)")
        } catch {
            throw .storage(StorageError(.io, "\(error)"))
        }
    }
}

@available(*, unavailable)
extension Ledger: Sendable {}
