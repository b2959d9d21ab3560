import TransferLedger

/// `ledger record`: appends NDJSON transfers as one all-or-nothing batch, one receipt per line out.
enum RecordCommand {
    static let command = Command(
        name: "record",
        abstract: "Record transfers read as NDJSON, one transfer per line, each judged by the policy engine.",
        usage: "record [<file>] [--db <path>]",
        arguments: [("<file>", "NDJSON input; '-' or absent reads standard input.")],
        options: [.database],
        discussion: """
            The whole input is one transaction: if any line is malformed or reuses an idempotency key
            for different content, nothing is recorded and the error names the line. Each receipt is
            printed only after the batch is durably committed. A transfer that breaks a legal rule is
            still recorded, with its status and findings; the findings go to stderr and the exit status
            is 2 when any transfer is nonCompliant.
            """,
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        let input = try TransferInput(arguments, rejection: "rejected, nothing written")
        let ledger = try Ledger(path: arguments.databasePath)
        let receipts = try input.attributingRejections { (transfers) throws(LedgerError) in try ledger.record(contentsOf: transfers) }
        let lines = input.lines
        for (receipt, line) in zip(receipts, lines.map(\.line)) {
            console.print(ReceiptOutput.json(receipt).canonicalText)
            if let verdict = receipt.verdict, !receipt.duplicate {
                FindingsOutput.print(verdict, label: "entry \(receipt.seq) (line \(line))", to: &console)
            }
        }
        return receipts.contains { $0.verdict?.status == .nonCompliant && !$0.duplicate } ? .findings : .success
    }
}

/// The NDJSON transfers a command reads (a file, or standard input), with their line numbers, so that
/// a refusal names the line the caller can find rather than a batch position.
struct TransferInput {
    let lines: [(line: Int, transfer: Transfer)]
    let rejection: String

    init(_ arguments: Arguments, rejection: String) throws {
        try arguments.expectPositionals(atMost: 1)
        let input = try InputFile.read(arguments.positionals.first ?? "-")
        self.rejection = rejection
        do {
            lines = try NDJSON.transfers(in: input)
        } catch {
            throw CommandFailure(message: "\(rejection): \(error)", status: .rejected)
        }
    }

    /// Runs `body` on the transfers, turning a rejected batch position into its input line.
    func attributingRejections<T>(_ body: ([Transfer]) throws(LedgerError) -> T) throws -> T {
        do {
            return try body(lines.map(\.transfer))
        } catch {
            guard case .rejected(let error) = error, let position = error.record else { throw error }
            throw CommandFailure(message: "\(rejection): \(error.inRecord(lines[position - 1].line))", status: .rejected)
        }
    }
}

/// Receipts as JSON: what a service stores to prove where its transfer landed.
enum ReceiptOutput {
    static func json(_ receipt: Receipt) -> JSONValue {
        .object([
            "seq": .integer(Int64(receipt.seq)),
            "hash": .string(receipt.hash.hex),
            "recordedAt": .string(receipt.recordedAt),
            "idempotencyKey": .string(receipt.idempotencyKey),
            "status": .string(receipt.duplicate ? "duplicate" : "recorded"),
            "validation": .string(receipt.verdict?.status.rawValue ?? "none"),
            "rules": .array((receipt.verdict?.rules ?? []).map(JSONValue.string)),
        ])
    }
}

/// Policy findings on stderr, one line each, so pipelines notice them.
enum FindingsOutput {
    static func print(_ verdict: StoredVerdict, label: String, to console: inout Console) {
        for finding in verdict.findings {
            console.printError("\(label): \(finding.severity) \(finding.rule): \(finding.message)")
        }
    }
}
