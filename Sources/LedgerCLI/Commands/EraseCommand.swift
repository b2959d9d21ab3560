import TransferLedger

/// `ledger erase`: erases private documents and records the erasure in the chain (FORMAT.md §4.6).
enum EraseCommand {
    static let command = Command(
        name: "erase",
        abstract: "Erase private documents (idempotency keys, logging services, notes) and record the erasure in the chain.",
        usage: "erase (--seq <n> [--seq <n> …] | --before <date> | --retention) --reason <reason> [--reference <text>] [--db <path>]",
        options: [
            .database,
            OptionSpec("--seq", value: "N", help: "Erase the private document of transfer or correction entry N; repeat for several."),
            OptionSpec("--before", value: "DATE", help: "Erase the private documents of every transfer that occurred before DATE (YYYY-MM-DD, UTC)."),
            OptionSpec("--retention", help: "Erase as the registry's retention policy in force today says (reason retentionPeriod unless given)."),
            OptionSpec("--reason", value: "REASON", help: "Why: \(ErasureReason.allCases.map(\.rawValue).joined(separator: ", "))."),
            OptionSpec("--reference", value: "TEXT", help: "The request's reference (a ticket, a letter's number); never personal data."),
        ],
        discussion: """
            The documents are deleted and an erasure entry naming each by entry and digest is appended, in one \
            transaction. Entry hashes, Merkle roots, checkpoints and proofs stay valid, and 'ledger verify' \
            accepts exactly the documents an erasure names. Prints the erasure's receipt as JSON. With --before \
            or --retention, finding nothing left to erase appends nothing and exits 0.
            """,
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 0)
        let request = try request(arguments)
        let outcome = try Ledger(path: arguments.databasePath).erase(request)
        if let notice = outcome.notice { console.printError("Note: \(notice)") }
        guard let receipt = outcome.receipt else {
            console.printError("nothing to erase: no private document of a transfer that occurred before \(outcome.before.map(String.init(describing:)) ?? "the cutoff") is still stored")
            return .success
        }
        var members: JSONObject = [
            "erased": .array(outcome.items.map { .integer(Int64($0.seq)) }),
            "hash": .string(receipt.hash.hex),
            "reason": .string(request.reason.rawValue),
            "recordedAt": .string(receipt.recordedAt.rfc3339),
            "seq": .integer(Int64(receipt.seq)),
        ]
        members["before"] = outcome.before.map { .string($0.description) }
        console.print(JSONValue.object(members).canonicalText)
        return .success
    }

    /// The request the options describe; exactly one selection, and a reason unless by policy.
    private static func request(_ arguments: Arguments) throws -> ErasureRequest {
        let seqs = try arguments.allValues("--seq").map { text throws in try Arguments.number(text, named: "--seq", in: Arguments.positions) }
        let before = arguments.value("--before")
        let selections = [!seqs.isEmpty, before != nil, arguments.has("--retention")].filter { $0 }.count
        guard selections == 1 else { throw CommandFailure.usage("give exactly one of --seq, --before and --retention") }
        let reason: ErasureReason
        if let text = arguments.value("--reason") {
            guard let known = ErasureReason(rawValue: text) else {
                throw CommandFailure.usage("--reason '\(text)' is not one of \(ErasureReason.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            reason = known
        } else if arguments.has("--retention") {
            reason = .retentionPeriod
        } else {
            throw CommandFailure.usage("missing --reason: \(ErasureReason.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let selection: ErasureRequest.Selection
        if let before {
            guard let day = Day(before) else { throw CommandFailure.usage("--before '\(before)' is not a date YYYY-MM-DD") }
            selection = .occurredBefore(day)
        } else {
            selection = seqs.isEmpty ? .retentionPolicy : .entries(seqs)
        }
        return ErasureRequest(selection, reason: reason, reference: arguments.value("--reference"))
    }
}
