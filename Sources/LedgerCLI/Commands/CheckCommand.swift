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
        try arguments.expectPositionals(atMost: 1)
        let input = try InputFile.read(arguments.positionals.first ?? "-")
        let lines: [(line: Int, transfer: Transfer)]
        do {
            lines = try NDJSON.transfers(in: input)
        } catch {
            throw CommandFailure(message: "rejected: \(error)", status: .rejected)
        }
        let ledger = try Ledger(path: arguments.databasePath, readOnly: true)
        let verdicts: [PolicyVerdict]
        do {
            verdicts = try ledger.check(lines.map(\.transfer))
        } catch {
            guard case .rejected(let rejection) = error, let position = rejection.record else { throw error }
            throw CommandFailure(message: "rejected: \(rejection.inRecord(lines[position - 1].line))", status: .rejected)
        }
        for (verdict, line) in zip(verdicts, lines.map(\.line)) {
            guard case .object(var members) = verdict.jsonValue else { continue }
            members["line"] = .integer(Int64(line))
            console.print(JSONValue.object(members).canonicalText)
        }
        return verdicts.contains { $0.status == .nonCompliant } ? .findings : .success
    }
}
