import TransferLedger

/// `ledger erase`: erases private documents or a data subject's links and records the erasure in the
/// chain (FORMAT.md §4.6, §4.7).
enum EraseCommand {
    static let command = Command(
        name: "erase",
        abstract: "Erase private documents (idempotency keys, logging services, notes) or a data subject's links, and record the erasure in the chain.",
        usage: "erase (--seq <n> [--seq <n> …] | --subject <identifier> --key <file> [--type <type>] [--seq <n> …] | --before <date> | --retention) --reason <reason> [--reference <text>] [--db <path>]",
        options: [
            .database,
            OptionSpec("--seq", value: "N", help: "Erase the private document of transfer or correction entry N; repeat for several."),
            OptionSpec("--subject", value: "ID", help: "Erase every stored link of this data subject (with --key), e.g. on an Art. 17 request."),
        ] + SubjectIdentifierOptions.options + [
            OptionSpec("--before", value: "DATE", help: "Erase the private documents of every transfer that occurred before DATE (YYYY-MM-DD, UTC)."),
            OptionSpec("--retention", help: "Erase as the registry's retention policy in force today says (reason retentionPeriod unless given)."),
            OptionSpec("--reason", value: "REASON", help: "Why: \(ErasureReason.allCases.map(\.rawValue).joined(separator: ", "))."),
            OptionSpec("--reference", value: "TEXT", help: "The request's reference (a ticket, a letter's number); never personal data."),
        ],
        discussion: """
            The documents (or links) are deleted and an erasure entry naming each by entry and digest is \
            appended, in one transaction. Entry hashes, Merkle roots, checkpoints and proofs stay valid, and \
            'ledger verify' accepts exactly what an erasure names. Prints the erasure's receipt as JSON: \
            "erased" lists the entries whose private documents went, "erasedLinks" those whose link to the \
            subject went. With --subject, the identifier is turned into its token with --key (as \
            'ledger subject-token' does) and each link of that token is named by its commitment, never by \
            the token; --seq may be added to erase those entries' private documents in the same entry. A \
            subject with no stored link is refused (exit 65) and nothing is written. With --before or \
            --retention, finding nothing left to erase appends nothing and exits 0.
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
        let seqs = { (kind: ErasureItemKind) in JSONValue.array(outcome.items.filter { $0.kind == kind }.map { .integer(Int64($0.seq)) }) }
        var members: JSONObject = [
            "erased": seqs(.privateDocument),
            "hash": .string(receipt.hash.hex),
            "reason": .string(request.reason.rawValue),
            "recordedAt": .string(receipt.recordedAt.rfc3339),
            "seq": .integer(Int64(receipt.seq)),
        ]
        members["before"] = outcome.before.map { .string($0.description) }
        if case .subject = request.selection { members["erasedLinks"] = seqs(.subjectLink) }
        console.print(JSONValue.object(members).canonicalText)
        return .success
    }

    /// The request the options describe; exactly one selection, and a reason unless by policy.
    private static func request(_ arguments: Arguments) throws -> ErasureRequest {
        let seqs = try arguments.allValues("--seq").map { text throws in try Arguments.number(text, named: "--seq", in: Arguments.positions) }
        let before = arguments.value("--before")
        let subject = arguments.value("--subject")
        // --seq may go with --subject: one request, one erasure entry.
        let selections = [!seqs.isEmpty || subject != nil, before != nil, arguments.has("--retention")].filter { $0 }.count
        guard selections == 1 else { throw CommandFailure.usage("give exactly one of --seq (or --subject), --before and --retention") }
        if subject == nil, arguments.value("--key") != nil || arguments.value("--type") != nil {
            throw CommandFailure.usage("--key and --type belong to --subject")
        }
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
        if let subject {
            selection = .subject(try SubjectIdentifierOptions.token(subject, arguments), entries: seqs)
        } else if let before {
            guard let day = Day(before) else { throw CommandFailure.usage("--before '\(before)' is not a date YYYY-MM-DD") }
            selection = .occurredBefore(day)
        } else {
            selection = seqs.isEmpty ? .retentionPolicy : .entries(seqs)
        }
        return ErasureRequest(selection, reason: reason, reference: arguments.value("--reference"))
    }
}
