import TransferLedger

/// The documented exit statuses of `ledger` (README, "Exit statuses"); sysexits(3) values where one fits.
struct ExitStatus: Equatable {
    let rawValue: Int32

    /// Success; for `verify`, the ledger is intact.
    static let success = ExitStatus(rawValue: 0)
    /// `verify` found the ledger invalid or tampered.
    static let tampered = ExitStatus(rawValue: 1)
    /// Recorded or checked, but at least one transfer is `nonCompliant`; or `verify --policy` found
    /// compliance findings in an intact ledger.
    static let findings = ExitStatus(rawValue: 2)
    /// The command line is wrong (EX_USAGE).
    static let usage = ExitStatus(rawValue: 64)
    /// Input was rejected: a malformed record or a conflicting idempotency key (EX_DATAERR).
    static let rejected = ExitStatus(rawValue: 65)
    /// The ledger or an input file is missing, or is not a ledger (EX_NOINPUT).
    static let noInput = ExitStatus(rawValue: 66)
    /// Reading or writing failed underneath (EX_IOERR).
    static let ioError = ExitStatus(rawValue: 74)
}

/// A failure the CLI reports as one line on stderr with a given exit status.
struct CommandFailure: Error {
    let message: String
    let status: ExitStatus
    /// Whether to follow the message with the command's usage line.
    var showUsage = false

    static func usage(_ message: String) -> CommandFailure {
        CommandFailure(message: message, status: .usage, showUsage: true)
    }
}

extension CommandFailure {
    /// An output file or directory that could not be written: a usage error when it already exists
    /// (choose another path), an I/O error otherwise.
    init(output failure: AtomicFile.Failure) {
        self.init(message: failure.targetExists ? "\(failure.path) already exists; choose another path" : "\(failure)",
                  status: failure.targetExists ? .usage : .ioError)
    }
}
