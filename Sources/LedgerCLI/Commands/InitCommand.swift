import TransferLedger

/// `ledger init`: creates an empty ledger: a file, or the tables of a PostgreSQL database.
enum InitCommand {
    static let command = Command(
        name: "init",
        abstract: "Create a new, empty ledger.",
        usage: "init [--db <path|postgresql://…>] [--writer-role <role> --auditor-role <role>]",
        options: [
            .database,
            OptionSpec("--writer-role", value: "ROLE", help: "PostgreSQL: the role services log in as members of; may only read and append."),
            OptionSpec("--auditor-role", value: "ROLE", help: "PostgreSQL: the role auditors log in as members of; may only read."),
        ],
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 0)
        let roles = (writer: arguments.value("--writer-role"), auditor: arguments.value("--auditor-role"))
        guard (roles.writer == nil) == (roles.auditor == nil) else {
            throw CommandFailure.usage("--writer-role and --auditor-role go together")
        }
        if roles.writer != nil, case .file = LedgerLocation(arguments.databasePath) {
            throw CommandFailure.usage("--writer-role and --auditor-role apply to a PostgreSQL ledger only")
        }
        if let writer = roles.writer, let auditor = roles.auditor {
            let ledger = try Ledger.create(at: LedgerLocation(arguments.databasePath), roles: DatabaseRoles(writer: writer, auditor: auditor))
            console.print("created ledger \(ledger.path); \(writer) may read and append, \(auditor) may read")
        } else {
            console.print("created ledger \(try Ledger.create(at: arguments.databasePath).path)")
        }
        return .success
    }
}
