import TransferLedger

/// `ledger record`: appends NDJSON transfers as one all-or-nothing batch, one receipt per line out.
enum RecordCommand {
    static let command = Command(
        name: "record",
        abstract: "Record transfers read as NDJSON, one transfer per line, each judged by the policy engine.",
        usage: "record [<file>] [--db <path>]",
        arguments: [("<file>", "NDJSON input; '-' or absent reads standard input.")],
        options: [.database, .quiet],
        discussion: """
            The whole input is one transaction: if any line is malformed or reuses an idempotency key
            for different content, nothing is recorded and the error names the line. Each receipt is
            printed only after the batch is durably committed. A transfer that breaks a legal rule is
            still recorded, with its status and findings; the findings go to stderr and the exit status
            is 2 when any transfer is nonCompliant.
            """,
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try TransferInput.record(arguments, to: &console, decode: Transfer.init(jsonBytes:)) { (ledger, transfers) throws(LedgerError) in
            try ProgressMeter.showing("recording", arguments) { (progress) throws(LedgerError) in
                try ledger.record(contentsOf: transfers, progress: progress)
            }
        }
    }
}

/// The NDJSON records a command reads (a file, or standard input), with their line numbers, so that
/// a refusal names the line the caller can find rather than a batch position.
struct RecordInput<Record> {
    let lines: [(line: Int, record: Record)]
    let rejection: String

    init(_ arguments: Arguments, rejection: String, decode: ([UInt8]) throws(RecordError) -> Record) throws {
        try arguments.expectPositionals(atMost: 1)
        let input = try InputFile.read(arguments.positionals.first ?? "-")
        self.rejection = rejection
        do {
            lines = try NDJSON.records(in: input, decode: decode)
        } catch {
            throw CommandFailure(message: "\(rejection): \(error)", status: .rejected)
        }
    }

    /// The records, in input order.
    var records: [Record] { lines.map(\.record) }

    /// Runs `body` on the records, turning a rejected batch position into its input line.
    func attributingRejections<T>(_ body: ([Record]) throws(LedgerError) -> T) throws -> T {
        do {
            return try body(records)
        } catch {
            guard case .rejected(let error) = error, let position = error.record else { throw error }
            // `position` is the library's 1-based index into `records`, the array `lines` maps one to one.
            throw CommandFailure(message: "\(rejection): \(error.inRecord(lines[position - 1].line))", status: .rejected)
        }
    }

    /// The body of `record`, `correct` and `gov-access`: reads the records, appends them with `append`
    /// to the ledger at `--db` as one batch, prints the receipts (`printReceipts`).
    static func record(_ arguments: Arguments, to console: inout Console, decode: ([UInt8]) throws(RecordError) -> Record,
                       extra: (Record) -> JSONObject = { _ in [:] },
                       append: (Ledger, [Record]) throws(LedgerError) -> [Receipt]) throws -> ExitStatus {
        let input = try RecordInput(arguments, rejection: "rejected, nothing written", decode: decode)
        let ledger = try Ledger(path: arguments.databasePath)
        let receipts = try input.attributingRejections { (records) throws(LedgerError) in try append(ledger, records) }
        console.noteCommitted(receipts.count, to: arguments.databasePath)
        return input.printReceipts(receipts, to: &console, extra: extra)
    }

    /// Prints each receipt with `extra` members, and the findings of new entries on stderr; exit status
    /// 2 when any new entry is nonCompliant, as `ledger record` does.
    func printReceipts(_ receipts: [Receipt], to console: inout Console, extra: (Record) -> JSONObject = { _ in [:] }) -> ExitStatus {
        for (receipt, line) in zip(receipts, lines) {
            guard case .object(var members) = ReceiptOutput.json(receipt) else { continue }
            for (name, value) in extra(line.record) { members[name] = value }
            console.print(JSONValue.object(members).canonicalText)
            if let verdict = receipt.verdict, !receipt.duplicate {
                FindingsOutput.print(verdict, label: "entry \(receipt.seq) (line \(line.line))", to: &console)
            }
        }
        return receipts.contains { $0.verdict?.status == .nonCompliant && !$0.duplicate } ? .findings : .success
    }
}

/// The NDJSON transfers `record` and `check` read.
typealias TransferInput = RecordInput<Transfer>

extension RecordInput<Transfer> {
    init(_ arguments: Arguments, rejection: String) throws {
        try self.init(arguments, rejection: rejection, decode: Transfer.init(jsonBytes:))
    }
}

/// Receipts as JSON: what a service stores to prove where its transfer landed.
enum ReceiptOutput {
    static func json(_ receipt: Receipt) -> JSONValue {
        .object([
            "seq": .integer(Int64(receipt.seq)),
            "hash": .string(receipt.hash.hex),
            "recordedAt": .string(receipt.recordedAt.rfc3339),
            "idempotencyKey": .string(receipt.idempotencyKey),
            "status": .string(receipt.duplicate ? "duplicate" : "recorded"),
            "validation": .string(receipt.verdict?.status.rawValue ?? "none"),
            "rules": .array((receipt.verdict?.rules ?? []).map { .string($0.rawValue) }),
        ])
    }
}

/// Policy findings on stderr, one line each, so pipelines notice them.
enum FindingsOutput {
    static func print(_ verdict: PolicyVerdict, label: String, to console: inout Console) {
        for finding in verdict.findings {
            console.printError("\(label): \(finding.severity) \(finding.rule): \(finding.message)")
        }
    }
}
