import LedgerFormat
import LedgerStorage

/// Why a ledger operation failed. Nothing was written when any of these is thrown.
///
/// `Ledger`'s methods throw it typed, so a `do` block of ledger calls only can `catch .rejected(let e)`.
/// Beside any other throwing call the caught error is `any Error`: name the type, as in
/// `catch LedgerError.rejected(let e)` or `catch let error as LedgerError` and a `switch`.
public enum LedgerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file does not exist, or cannot be opened.
    case cannotOpen(path: String, reason: String)
    /// The file exists but is not a TransferLedger database.
    case notALedger(path: String, reason: String)
    /// The file was written by a newer TransferLedger whose format this build cannot read.
    case newerFormat(path: String, version: Int64, supported: Int64)
    /// The file has an older format and was opened read-only, so it could not be migrated.
    case olderFormat(path: String, version: Int64, current: Int64)
    /// A request the ledger cannot answer as asked, such as a proof between sizes in the wrong order.
    case invalidRequest(String)
    /// `init` was asked to create a ledger where one already exists.
    case alreadyExists(path: String)
    /// A record broke a structural rule; the batch was refused as a whole.
    case rejected(RecordError)
    /// There is no entry with this sequence number.
    case noSuchEntry(UInt64)
    /// No signed checkpoint fits the request (none recorded yet, or none of that size).
    case noCheckpoint(String)
    /// A checkpoint, key or proof given to the ledger is malformed or does not verify.
    case invalidCheckpoint(String)
    /// The database failed underneath (disk full, lock held for too long, damaged data, …).
    case storage(StorageError)
    /// A stored entry the operation needed does not decode: the ledger is damaged (`verify` lists all).
    case damaged(seq: UInt64, reason: String)
    /// A ledger to be copied failed verification; the problem names the first entry and check.
    case failsVerification(VerificationReport.Problem)

    /// The one-line message the CLI prints after `Error:`.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open ledger \(path): \(reason)"
        case .notALedger(let path, let reason): "\(path) is not a TransferLedger database: \(reason)"
        case .newerFormat(let path, let version, let supported):
            "\(path) has ledger format version \(version); this build reads versions up to \(supported)"
        case .olderFormat(let path, let version, let current):
            "\(path) has ledger format version \(version); open it once with a writing command (such as 'ledger checkpoint') to migrate it to version \(current) before verifying it read-only"
        case .invalidRequest(let reason): reason
        case .alreadyExists(let path): "a ledger already exists at \(path)"
        case .rejected(let error): "rejected, nothing written: \(error)"
        case .noSuchEntry(let seq): "there is no entry \(seq) in this ledger"
        case .noCheckpoint(let reason): reason
        case .invalidCheckpoint(let reason): reason
        case .damaged(let seq, let reason):
            "the ledger is damaged: stored entry \(seq) does not decode: \(reason); 'ledger verify' lists every problem"
        case .storage(let error): "\(error)"
        case .failsVerification(let problem):
            "the ledger does not verify, nothing was copied: \(problem); 'ledger verify' lists every problem"
        }
    }
}
