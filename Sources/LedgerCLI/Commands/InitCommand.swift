import TransferLedger

/// `ledger init`: creates an empty ledger: a file, or the tables of a PostgreSQL database.
enum InitCommand {
    static let command = Command(
        name: "init",
        abstract: "Create a new, empty ledger.",
        usage: "init [--db <path|postgresql://…>] \(DatabaseRoleOptions.usage)",
        options: [.database] + DatabaseRoleOptions.options,
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 0)
        let location = LedgerLocation(arguments.databasePath)
        if let roles = try DatabaseRoleOptions.parse(arguments, for: location) {
            let ledger = try Ledger.create(at: location, roles: roles)
            console.print("created ledger \(ledger.path); \(DatabaseRoleOptions.summary(roles))")
        } else {
            console.print("created ledger \(try Ledger.create(at: arguments.databasePath).path)")
        }
        return .success
    }
}
