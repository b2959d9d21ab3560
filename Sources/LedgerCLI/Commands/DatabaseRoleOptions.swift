import TransferLedger

/// `--writer-role` and `--auditor-role`, shared by `init` and `copy`: the PostgreSQL roles a new
/// ledger's privileges are granted to (FORMAT.md §6.1).
enum DatabaseRoleOptions {
    /// The two options, for a command's spec.
    static let options = [
        OptionSpec("--writer-role", value: "ROLE", help: "PostgreSQL: the role services log in as members of; may only read and append."),
        OptionSpec("--auditor-role", value: "ROLE", help: "PostgreSQL: the role auditors log in as members of; may only read."),
    ]

    /// The usage fragment for both options.
    static let usage = "[--writer-role <role> --auditor-role <role>]"

    /// The roles given for the new ledger at `location`, or nil when neither option is. Both go
    /// together, and only for a PostgreSQL ledger: a file's access is its file permissions.
    static func parse(_ arguments: Arguments, for location: LedgerLocation, option: String = "--db") throws(CommandFailure) -> DatabaseRoles? {
        let (writer, auditor) = (arguments.value("--writer-role"), arguments.value("--auditor-role"))
        guard (writer == nil) == (auditor == nil) else {
            throw CommandFailure.usage("--writer-role and --auditor-role go together")
        }
        guard let writer, let auditor else { return nil }
        if case .file = location {
            throw CommandFailure.usage("--writer-role and --auditor-role apply to a PostgreSQL ledger only (\(option) is a file)")
        }
        return DatabaseRoles(writer: writer, auditor: auditor)
    }

    /// The line that says who may do what, after "created ledger …" or "copied …".
    static func summary(_ roles: DatabaseRoles) -> String {
        "\(roles.writer) may read and append, \(roles.auditor) may read"
    }
}
