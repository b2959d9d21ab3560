import TransferLedger

/// `ledger subject-key generate`: the group's secret for subject tokens (FORMAT.md §4.7).
enum SubjectKeyCommand {
    static let command = Command(
        name: "subject-key",
        abstract: "Create the secret key subject tokens are derived with (keep it outside the ledger).",
        usage: "subject-key generate --out <file>",
        arguments: [("generate", "Write a new random key to FILE (mode 0600); an existing file is never replaced.")],
        options: [OptionSpec("--out", value: "FILE", help: "The key file to create.")],
        actions: ["generate"],
        discussion: "Services derive subject tokens with this key (`ledger subject-token`, or `SubjectToken` in Swift); without it no one can tell whose a token is. Keep it like a signing key: out of the ledger, out of backups of the ledger.",
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 1)
        guard arguments.positionals.first == "generate" else { throw CommandFailure.usage("expected 'subject-key generate --out FILE'") }
        guard let path = arguments.value("--out") else { throw CommandFailure.usage("missing --out (the key file to create)") }
        try SubjectKey.generate().write(to: path)
        console.print("subject key: \(path) (mode 0600; keep it secret and outside the ledger)")
        return .success
    }
}

/// `ledger subject-token`: the token a service sends for one data subject, for callers in any language.
enum SubjectTokenCommand {
    static let command = Command(
        name: "subject-token",
        abstract: "Print the subject token of an identifier (an e-mail address or an employee number).",
        usage: "subject-token --key <file> [--type email|employee] <identifier>",
        arguments: [("identifier", "The data subject's identifier; it is normalised as FORMAT.md §4.7 says and never stored.")],
        options: SubjectIdentifierOptions.options,
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 1)
        guard let text = arguments.positionals.first else { throw CommandFailure.usage("missing the identifier") }
        console.print(try SubjectIdentifierOptions.token(text, arguments).description)
        return .success
    }
}

/// The options that turn an identifier into a token: `--key` and `--type`.
enum SubjectIdentifierOptions {
    static let options = [
        OptionSpec("--key", value: "FILE", help: "The subject key file (from 'ledger subject-key generate')."),
        OptionSpec("--type", value: "TYPE", help: "email (default) or employee."),
    ]

    static func token(_ text: String, _ arguments: Arguments) throws -> SubjectToken {
        guard let path = arguments.value("--key") else { throw CommandFailure.usage("missing --key (the subject key file)") }
        let name = arguments.value("--type") ?? SubjectIdentifier.Kind.email.rawValue
        guard let kind = SubjectIdentifier.Kind(rawValue: name) else {
            throw CommandFailure.usage("--type '\(name)' is not one of \(QueryCommand.codes(SubjectIdentifier.Kind.self))")
        }
        let identifier: SubjectIdentifier
        do {
            identifier = try SubjectIdentifier(text, kind: kind)
        } catch {
            // Never echo the identifier: the message names the rule only.
            throw CommandFailure.usage("the identifier is not a valid \(kind.rawValue) identifier: \(error.message)")
        }
        return SubjectToken(identifier: identifier, key: try SubjectKey.read(path))
    }
}

/// `ledger subject-report`: the answer to a data subject's access request about transfers.
enum SubjectReportCommand {
    static let command = Command(
        name: "subject-report",
        abstract: "Answer a data subject's access request: recipients, countries, safeguards, purposes, data (Art. 15(1)(c), 15(2)).",
        usage: "subject-report (--exporter <entity> --subject-category <category> | --subject <identifier> --key <file> [--type <type>]) [--from <time>] [--to <time>] [--format html|json] [--output <file>] [--db <path>]",
        options: [
            OptionSpec("--exporter", value: "ENTITY", help: "Category answer: the exporting entity (the controller asked)."),
            OptionSpec("--subject-category", value: "CATEGORY", help: "Category answer: employee, customerIndividual, … (Schema/transfer.schema.json)."),
            OptionSpec("--subject", value: "ID", help: "Subject answer: the person's identifier, turned into a token with --key and looked up."),
        ] + SubjectIdentifierOptions.options + [
            OptionSpec("--from", value: "TIME", help: "Occurred at or after TIME (RFC 3339 UTC, or a date YYYY-MM-DD)."),
            OptionSpec("--to", value: "TIME", help: "Occurred at or before TIME; a date includes the whole day."),
            OptionSpec("--format", value: "FORMAT", help: "json (default) or html (one self-contained page, printable to A4)."),
            OptionSpec("--output", value: "FILE", help: "Write the answer to FILE (never replaced) instead of standard output."),
            OptionSpec.database,
        ],
        discussion: "Read-only. Every transfer counts in its latest corrected version. The answer names recipients by their registered legal names and never holds other persons, idempotency keys, logging services, notes or subject tokens.",
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 0)
        let from = try arguments.value("--from").map { text throws in try QueryCommand.time(text, option: "--from", endOfDay: false) }
        let before = try arguments.value("--to").map { text throws in try QueryCommand.time(text, option: "--to", endOfDay: true) }
        try QueryCommand.checkPeriod(from: from, to: before, arguments)
        let to = before.map { Timestamp(microseconds: $0.microseconds - 1) }
        let format = arguments.value("--format") ?? "json"
        guard ["json", "html"].contains(format) else { throw CommandFailure.usage("--format '\(format)' is not one of json, html") }
        if let output = arguments.value("--output"), Environment.fileExists(output) {
            throw CommandFailure(message: "\(output) already exists; choose another --output", status: .usage)
        }
        let report: SubjectAccessReport
        switch (arguments.value("--subject"), arguments.value("--exporter"), arguments.value("--subject-category")) {
        case (let subject?, nil, nil):
            let token = try SubjectIdentifierOptions.token(subject, arguments)
            report = try Ledger(path: arguments.databasePath, readOnly: true).subjectReport(tokens: [token], from: from, to: to)
            if report.disclosures.isEmpty {
                console.printError("no transfer linked to this identifier is recorded for the period: none was recorded with its token, or its links were erased ('ledger erase --subject')")
            }
        case (nil, let exporter?, let name?):
            guard arguments.value("--key") == nil, arguments.value("--type") == nil else {
                throw CommandFailure.usage("--key and --type belong to --subject, not to a category answer")
            }
            guard let category = SubjectCategory(rawValue: name) else {
                throw CommandFailure.usage("--subject-category '\(name)' is not one of \(QueryCommand.codes(SubjectCategory.self))")
            }
            report = try Ledger(path: arguments.databasePath, readOnly: true).subjectReport(exporter: exporter, subjectCategory: category, from: from, to: to)
        default:
            throw CommandFailure.usage("give either --exporter and --subject-category (a category answer) or --subject with --key (one person's answer)")
        }
        let bytes = format == "html" ? Array(SubjectAccessHTML.render(report).utf8) : report.json
        if let output = arguments.value("--output") {
            try AtomicFile.write(bytes, to: output, permissions: 0o600)
            console.print("\(format) answer: \(output) (\(report.disclosures.count) disclosure line(s))")
        } else {
            console.output.write(String(decoding: bytes, as: UTF8.self))
        }
        return .success
    }
}
