import TransferLedger

/// `ledger init`: creates an empty ledger file.
enum InitCommand {
    static let command = Command(
        name: "init",
        abstract: "Create a new, empty ledger.",
        usage: "init [--db <path>]",
        options: [.database],
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 0)
        let ledger = try Ledger.create(at: arguments.databasePath)
        console.print("created ledger \(ledger.path)")
        return .success
    }
}
