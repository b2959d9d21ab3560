import TransferLedger

/// `ledger verify`: re-checks the whole chain read-only and reports every problem.
enum VerifyCommand {
    static let command = Command(
        name: "verify",
        abstract: "Verify every entry's hash, link, sequence, time and payload; read-only.",
        usage: "verify [--db <path>] [--json]",
        options: [.database, OptionSpec("--json", help: "Print the report as JSON.")],
        discussion: "Exits 0 when the ledger is intact and 1 when any problem is found.",
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 0)
        let ledger = try Ledger(path: arguments.databasePath, readOnly: true)
        let report = try ledger.verify()
        if arguments.has("--json") {
            console.print(json(report, path: ledger.path).prettyText())
        } else {
            for problem in report.problems { console.print(problem.description) }
            let tip = report.tipHash.map { ", tip \($0.hex)" } ?? ""
            console.print(report.isIntact
                ? "intact: \(report.entriesChecked) entries verified\(tip)"
                : "INVALID: \(report.problems.count) problem(s) in \(report.entriesChecked) entries")
        }
        return report.isIntact ? .success : .tampered
    }

    static func json(_ report: VerificationReport, path: String) -> JSONValue {
        var members: [String: JSONValue] = [
            "ledger": .string(path),
            "intact": .bool(report.isIntact),
            "entriesChecked": .integer(Int64(report.entriesChecked)),
            "problems": .array(report.problems.map { problem in
                var members: [String: JSONValue] = ["check": .string(problem.check.rawValue), "message": .string(problem.message)]
                members["seq"] = problem.seq.map { .integer(Int64($0)) }
                return .object(members)
            }),
        ]
        members["tipHash"] = report.tipHash.map { .string($0.hex) }
        return .object(members)
    }
}
