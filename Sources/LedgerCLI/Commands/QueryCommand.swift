import TransferLedger

/// `ledger query`: transfers matching filters, as a table or streamed as JSON, NDJSON or CSV; or, with
/// `--group-by`, one line per group with its transfer count and subject range.
enum QueryCommand {
    static let command = Command(
        name: "query",
        abstract: "List the transfers that match every given filter, oldest first.",
        usage: "query [<filters>] [--group-by <key>] [--format <format>] [--limit <n>] [--db <path>]",
        options: [
            .database, .wide,
            OptionSpec("--from", value: "TIME", help: "Occurred at or after TIME (RFC 3339 UTC, or a date YYYY-MM-DD)."),
            OptionSpec("--to", value: "TIME", help: "Occurred at or before TIME; a date includes the whole day."),
            OptionSpec("--exporter", value: "ENTITY", help: "Exported by ENTITY."),
            OptionSpec("--importer", value: "ENTITY", help: "Imported by ENTITY."),
            OptionSpec("--party", value: "ENTITY", help: "ENTITY on either side."),
            OptionSpec("--role", value: "ROLE", help: "Either party in ROLE (\(codes(PartyRole.self)))."),
            OptionSpec("--destination", value: "CODE", help: "Destination ISO 3166-1 code or INT-… organisation."),
            OptionSpec("--region", value: "REGION", help: "Destination region at the time (\(codes(Region.self)))."),
            OptionSpec("--mechanism", value: "MECHANISM", help: "Transfer mechanism, e.g. sccCommission."),
            OptionSpec("--family", value: "FAMILY", help: "Mechanism family (\(codes(MechanismFamily.self)))."),
            OptionSpec("--data-category", value: "CATEGORY", help: "Includes data CATEGORY, e.g. financial."),
            OptionSpec("--status", value: "STATUS", help: "Recorded policy status (\(codes(ValidationStatus.self)))."),
            OptionSpec("--rule", value: "RULE", help: "Transfers with a finding under RULE, e.g. R7."),
            OptionSpec("--special", help: "Only transfers that include Art. 9 special categories."),
            OptionSpec("--not-superseded", help: "Leave out transfers a correction superseded (`ledger show` on the correction gives the current version)."),
            OptionSpec("--no-special", help: "Only transfers without special categories."),
            OptionSpec("--format", value: "FORMAT", help: "table, json, ndjson or csv (default: table on a terminal, else ndjson)."),
            OptionSpec("--limit", value: "N", help: "Stop after N transfers (default: every match)."),
            OptionSpec("--group-by", value: "KEY",
                       help: "Count matches per \(codes(AggregationKey.self)), with summed subject bands as a range; an unknown band makes the range open-ended."),
        ],
        run: run)

    static func codes<Code: CaseIterable & RawRepresentable<String>>(_: Code.Type) -> String {
        Code.allCases.map(\.rawValue).joined(separator: ", ")
    }

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 0)
        let query = try query(from: arguments)
        let groupKey: AggregationKey? = try code(arguments, "--group-by")
        if groupKey != nil && query.limit != nil {
            // A group total over the first N matches would look like a total over all of them.
            throw CommandFailure.usage("--limit does not combine with --group-by")
        }
        let format: TransferFormat
        if let name = arguments.value("--format") {
            guard let parsed = TransferFormat(rawValue: name) else {
                throw CommandFailure.usage("--format '\(name)' is not one of \(codes(TransferFormat.self))")
            }
            format = parsed
        } else {
            format = console.output.isTerminal ? .table : .ndjson
        }
        let ledger = try Ledger(path: arguments.databasePath, readOnly: true)
        if let key = groupKey {
            GroupWriter.write(try ledger.aggregate(matching: query, by: key), format: format, to: &console)
            return .success
        }
        var writer = TransferWriter(format: format)
        try ledger.forEachTransfer(matching: query) { transfer in
            try console.checkOutput()
            writer.write(transfer, to: &console)
        }
        writer.finish(to: &console)
        return .success
    }

    static func query(from arguments: Arguments) throws(CommandFailure) -> TransferQuery {
        var query = TransferQuery()
        if let text = arguments.value("--from") { query.occurredFrom = try time(text, option: "--from", endOfDay: false) }
        if let text = arguments.value("--to") { query.occurredBefore = try time(text, option: "--to", endOfDay: true) }
        try checkPeriod(from: query.occurredFrom, to: query.occurredBefore, arguments)
        query.exporter = arguments.value("--exporter")
        query.importer = arguments.value("--importer")
        query.party = arguments.value("--party")
        query.destination = arguments.value("--destination")
        query.role = try code(arguments, "--role")
        query.region = try code(arguments, "--region")
        query.mechanism = try code(arguments, "--mechanism")
        query.family = try code(arguments, "--family")
        if let mechanism = query.mechanism, let family = query.family, mechanism.family != family {
            // No transfer can match both: say so rather than answer with nothing.
            throw .usage("--mechanism '\(mechanism.rawValue)' is in family \(mechanism.family.rawValue), not --family '\(family.rawValue)'")
        }
        query.dataCategory = try code(arguments, "--data-category")
        query.status = try code(arguments, "--status")
        query.rule = arguments.value("--rule")
        if arguments.has("--special") && arguments.has("--no-special") {
            throw .usage("--special and --no-special exclude each other")
        }
        if arguments.has("--special") { query.specialCategories = true }
        if arguments.has("--not-superseded") { query.excludingSuperseded = true }
        if arguments.has("--no-special") { query.specialCategories = false }
        query.limit = try arguments.number("--limit", in: 0...Int.max)
        return query
    }

    static func code<Code: CaseIterable & RawRepresentable<String>>(_ arguments: Arguments, _ option: String) throws(CommandFailure) -> Code? {
        guard let text = arguments.value(option) else { return nil }
        guard let code = Code(rawValue: text) else {
            throw .usage("\(option) '\(text)' is not one of \(codes(Code.self))")
        }
        return code
    }

    /// A period that ends before it starts holds nothing: a usage error naming both options, not an
    /// empty answer that reads like "no transfers". `to` is the exclusive end `time` returns.
    static func checkPeriod(from: Timestamp?, to: Timestamp?, _ arguments: Arguments) throws(CommandFailure) {
        guard let from, let to, from >= to else { return }
        throw .usage("--from '\(arguments.value("--from") ?? "")' is later than --to '\(arguments.value("--to") ?? "")'")
    }

    /// A bound of the period: `--from` is inclusive; `--to` is inclusive of its instant, or its whole day.
    static func time(_ text: String, option: String, endOfDay: Bool) throws(CommandFailure) -> Timestamp {
        let isDate = text.count == 10
        guard let instant = try? Timestamp(rfc3339: isDate ? text + "T00:00:00Z" : text) else {
            throw .usage("\(option) '\(text)' is not an RFC 3339 UTC time or a date YYYY-MM-DD")
        }
        guard endOfDay else { return instant }
        // The bound is exclusive: one microsecond, or one day, after TIME. Past the last instant RFC 3339
        // can write it could be neither compared with recorded times nor written into a report.
        let end = Timestamp(microseconds: instant.microseconds + (isDate ? 86_400_000_000 : 1))
        guard end.isRepresentable else {
            throw .usage("\(option) '\(text)' is out of range: a period ends by \(Timestamp.latest) (the last date is 9999-12-30)")
        }
        return end
    }
}
