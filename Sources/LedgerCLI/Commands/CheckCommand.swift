import TransferLedger

/// `ledger check`: judges transfers against the registry without recording them.
enum CheckCommand {
    static let command = Command(
        name: "check",
        abstract: "Judge NDJSON transfers against the registry and the law without recording anything.",
        usage: "check [<file>] [--db <path>]",
        arguments: [("<file>", "NDJSON input; '-' or absent reads standard input.")],
        options: [.database],
        discussion: "Prints one verdict per line (status and findings). Exits 2 when any transfer would be nonCompliant, so a service can gate a transfer before doing it.",
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        let input = try TransferInput(arguments, rejection: "rejected")
        let ledger = try Ledger(path: arguments.databasePath, readOnly: true)
        let verdicts = try input.attributingRejections { (transfers) throws(LedgerError) in try ledger.check(transfers) }
        for (verdict, line) in zip(verdicts, input.lines.map(\.line)) {
            guard case .object(var members) = verdict.jsonValue else { continue }
            members["line"] = .integer(Int64(line))
            console.print(JSONValue.object(members).canonicalText)
        }
        return verdicts.contains { $0.status == .nonCompliant } ? .findings : .success
    }
}
