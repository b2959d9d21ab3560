import TransferLedger

/// `ledger registry add|list|show`: the group registry the policy engine judges by, kept in the chain.
enum RegistryCommand {
    static let command = Command(
        name: "registry",
        abstract: "Add registry facts (entities, BCRs, memberships, agreements, TIAs, …), list or show them; adopt region tables.",
        usage: "registry add [<file>] | registry list [--kind <kind>] | registry show <id> | registry adopt <file> --effective <date> | registry tables [--db <path>]",
        arguments: [
            ("add [<file>]", "Record NDJSON facts, one per line with a \"kind\" member; all or nothing."),
            ("list", "One line per fact: seq, kind, id, revision, validity."),
            ("show <id>", "Every recorded version of one fact, as JSON."),
            ("adopt <file>", "Adopt a region table (format of Schema/regions.json) from --effective on."),
            ("tables", "The region tables adopted in the chain: seq, version, effective day."),
        ],
        options: [
            .database, .wide, OptionSpec("--kind", value: "KIND", help: "With list: only facts of KIND (\(RegistryFact.kinds.joined(separator: ", ")))."),
            OptionSpec("--effective", value: "DATE", help: "With adopt: the first UTC day (YYYY-MM-DD) the table judges appends."),
        ],
        actions: ["add", "list", "show", "adopt", "tables"],
        discussion: "Corrections are new facts with the next revision; nothing is ever edited. A fact that contradicts the registry is refused and nothing is written.",
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        guard let action = arguments.positionals.first else { throw CommandFailure.usage("missing action: add, list, show, adopt or tables") }
        switch action {
        case "add": return try add(arguments, &console)
        case "list": return try list(arguments, &console)
        case "show": return try show(arguments, &console)
        case "adopt": return try adopt(arguments, &console)
        case "tables": return try tables(arguments, &console)
        default: throw CommandFailure.usage("unknown action '\(action)': use add, list, show, adopt or tables")
        }
    }

    static func add(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 2)
        let input = try InputFile.read(arguments.positionals.count > 1 ? arguments.positionals[1] : "-")
        var facts: [RegistryFact] = []
        var lineNumbers: [Int] = []
        for (index, line) in input.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
            let json: JSONValue
            do {
                json = try JSONParser.parse(Array(line))
            } catch {
                throw CommandFailure(message: "rejected, nothing written: record \(index + 1): \(error)", status: .rejected)
            }
            do {
                facts.append(try RegistryFact(line: json))
                lineNumbers.append(index + 1)
            } catch {
                throw CommandFailure(message: "rejected, nothing written: \(error.inRecord(index + 1))", status: .rejected)
            }
        }
        let ledger = try Ledger(path: arguments.databasePath)
        let receipts: [Receipt]
        do {
            receipts = try ledger.register(facts)
        } catch {
            guard case .rejected(let rejection) = error, let position = rejection.record else { throw error }
            // `position` is the library's 1-based index into `facts`, which `lineNumbers` parallels.
            throw CommandFailure(message: "rejected, nothing written: \(rejection.inRecord(lineNumbers[position - 1]))", status: .rejected)
        }
        console.noteCommitted(receipts.count, to: arguments.databasePath)
        for (receipt, fact) in zip(receipts, facts) {
            console.print(JSONValue.object([
                "seq": .integer(Int64(receipt.seq)), "hash": .string(receipt.hash.hex), "recordedAt": .string(receipt.recordedAt.rfc3339),
                "kind": .string(fact.kind), "id": .string(fact.id), "revision": .integer(Int64(fact.revision)),
            ]).canonicalText)
        }
        return .success
    }

    static func list(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 1)
        let kind = arguments.value("--kind")
        let facts = try Ledger(path: arguments.databasePath, readOnly: true).registryFacts().filter { kind == nil || $0.fact.kind == kind }
        console.printTable(
            header: ["seq", "kind", "id", "revision", "valid", "label"],
            rows: facts.map { [String($0.seq), $0.fact.kind, $0.fact.id, String($0.fact.revision), "\($0.fact.validity)", $0.fact.label] })
        console.print("\(Count.text(facts.count)) fact(s)")
        return .success
    }

    static func show(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 2)
        guard arguments.positionals.count == 2 else { throw CommandFailure.usage("missing <id>") }
        let id = arguments.positionals[1]
        let versions = try Ledger(path: arguments.databasePath, readOnly: true).registryFacts().filter { $0.fact.id == id }
        guard !versions.isEmpty else { throw CommandFailure(message: "no registry fact has id '\(id)'", status: .noInput) }
        console.print(JSONValue.array(versions.map { version in
            .object(["seq": .integer(Int64(version.seq)), "kind": .string(version.fact.kind), "fact": version.fact.jsonValue])
        }).prettyText())
        return .success
    }

    static func adopt(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 2)
        guard arguments.positionals.count == 2 else { throw CommandFailure.usage("missing <file>: the region table to adopt") }
        guard let text = arguments.value("--effective") else { throw CommandFailure.usage("missing --effective <date>") }
        guard let effective = Day(text) else { throw CommandFailure.usage("--effective '\(text)' is not a date YYYY-MM-DD") }
        let path = arguments.positionals[1]
        let table: JSONValue
        do {
            table = try NDJSON.json(try InputFile.read(path))
        } catch let error as RecordError {
            throw CommandFailure(message: "rejected, nothing written: \(path): \(error)", status: .rejected)
        }
        let receipt: Receipt
        do {
            receipt = try Ledger(path: arguments.databasePath).adoptReferenceData(table, effectiveFrom: effective)
        } catch {
            guard case .rejected(let rejection) = error else { throw error }
            throw CommandFailure(message: "rejected, nothing written: \(path): \(rejection)", status: .rejected)
        }
        console.print(JSONValue.object([
            "seq": .integer(Int64(receipt.seq)), "hash": .string(receipt.hash.hex), "recordedAt": .string(receipt.recordedAt.rfc3339),
            "version": .string(receipt.idempotencyKey), "effectiveFrom": .string(effective.description),
        ]).canonicalText)
        return .success
    }

    static func tables(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 1)
        let ledger = try Ledger(path: arguments.databasePath, readOnly: true)
        let adoptions = try ledger.referenceDataAdoptions()
        console.printTable(
            header: ["seq", "version", "effective"],
            rows: [["-", ledger.referenceData.versionHex, "built in"]] + adoptions.map { [String($0.seq), $0.version, $0.effectiveFrom.description] })
        console.print("\(Count.text(adoptions.count)) adopted table(s)")
        return .success
    }
}
