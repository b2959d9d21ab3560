import TransferLedger

/// `ledger export`: a signed report bundle for a supervisory authority, an auditor or a client.
enum ExportCommand {
    static let command = Command(
        name: "export",
        abstract: "Write a signed report bundle (report.json, transfers.csv, report.html, report.sig) for a period.",
        usage: "export --from <time> --to <time> --report-id <id> --addressee <text> --key <key> --out <dir> [filters] [--db <path>]",
        options: [
            .database,
            OptionSpec("--from", value: "TIME", help: "Period start on occurredAt, inclusive (RFC 3339 UTC, or a date YYYY-MM-DD)."),
            OptionSpec("--to", value: "TIME", help: "Period end, inclusive of TIME; a date includes the whole day."),
            OptionSpec("--exporter", value: "ENTITY", help: "Narrow to transfers from this entity."),
            OptionSpec("--importer", value: "ENTITY", help: "Narrow to transfers to this entity."),
            OptionSpec("--on-behalf-of", value: "CONTROLLER", help: "Narrow to a client controller's transfers (onBehalfOf)."),
            OptionSpec("--destination", value: "CODE", help: "Narrow to one destination."),
            OptionSpec("--region", value: "REGION", help: "Narrow to one destination region."),
            OptionSpec("--report-id", value: "ID", help: "The report's identifier."),
            OptionSpec("--addressee", value: "TEXT", help: "Who receives the report."),
            OptionSpec("--group", value: "TEXT", help: "A display name for the group (default: none); the header names the controller from the registry's group fact, which export requires."),
            OptionSpec("--key", value: "FILE", help: "The ledger's private key: signs report.sig and, when needed, a new checkpoint."),
            OptionSpec("--recorded-checkpoint", help: "Rest the evidence on the newest recorded checkpoint; never sign a new one."),
            OptionSpec("--checkpoint-after-period", help: "Rest the evidence on the first checkpoint recorded at or after the period's end: the report is as of then, and holds only what was recorded until then."),
            OptionSpec("--out", value: "DIR", help: "The bundle directory: must not exist, or be empty; built beside it and renamed into place whole."),
            .quiet,
        ],
        discussion: """
            Every entry from the period start to the checkpoint is in report.json with a range proof: what the \
            report covers in full, every other entry as a stub (kind, time, the header that places it outside \
            the period or filters, and its payload's digest; entries written before entry format 2 by hash \
            only in a narrowed report). Check a bundle with 'ledger verify-report'.
            """,
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 0)
        func required(_ name: String) throws(CommandFailure) -> String {
            guard let value = arguments.value(name) else { throw CommandFailure.usage("missing \(name)") }
            return value
        }
        let from = try QueryCommand.time(try required("--from"), option: "--from", endOfDay: false)
        let to = try QueryCommand.time(try required("--to"), option: "--to", endOfDay: true)
        try QueryCommand.checkPeriod(from: from, to: to, arguments)
        var request = ReportRequest(reportID: try required("--report-id"), addressee: try required("--addressee"),
                                    group: arguments.value("--group") ?? "", generatedAt: Timestamp.now(),
                                    periodStart: from, periodEnd: to)
        request.exporter = arguments.value("--exporter")
        request.importer = arguments.value("--importer")
        request.onBehalfOf = arguments.value("--on-behalf-of")
        request.destination = arguments.value("--destination")
        if let text = arguments.value("--region") {
            guard let region = Region(rawValue: text) else { throw CommandFailure.usage("--region '\(text)' is not one of \(Region.allCases.map(\.rawValue).joined(separator: ", "))") }
            request.region = region
        }
        let out = try required("--out")
        let signers = try KeyArguments.signers(arguments)
        guard signers.count == 1 else { throw CommandFailure.usage("give exactly one --key") }
        let choice: ReportCheckpointChoice
        switch (arguments.has("--recorded-checkpoint"), arguments.has("--checkpoint-after-period")) {
        case (true, true): throw CommandFailure.usage("give --recorded-checkpoint or --checkpoint-after-period, not both")
        case (true, false): choice = .newestRecorded
        case (false, true): choice = .firstAfterPeriod
        case (false, false): choice = .automatic
        }
        // Resting on a recorded checkpoint signs nothing new: the ledger is only read.
        let ledger = try Ledger(path: arguments.databasePath, readOnly: choice != .automatic)
        let export: ReportExport
        do {
            export = try ProgressMeter.showing("exporting", arguments) { (progress) throws(ReportExportError) in
                try ledger.exportReport(request, signer: signers[0], to: out, checkpoint: choice,
                                        progress: progress)
            }
        } catch .ledger(let error) {
            throw error
        } catch .bundle(let problem) {
            throw CommandFailure(message: "\(problem); nothing was written to \(out)", status: .ioError)
        } catch .output(let failure) {
            throw CommandFailure(output: failure)
        }
        console.print("wrote \(out): entries \(export.rangeStart)..<\(export.rangeEnd), \(Count.text(export.transfersInScope)) transfers in scope, \(Count.text(export.stubbed)) as stubs, \(Count.text(export.hashOnly)) by hash only")
        for name in ReportBundle.signedFiles { console.print("  \(name)  sha256 \(export.digests[name]?.hex ?? "")") }
        console.print("  \(ReportBundle.signatureFile)  signed by \(signers[0].name)")
        return .success
    }
}

/// `ledger verify-report`: checks a report bundle offline, with the ledger's public key only.
enum VerifyReportCommand {
    static let command = Command(
        name: "verify-report",
        abstract: "Check a report bundle offline: signatures, digests, every entry, the range proof and every figure.",
        usage: "verify-report <bundle-dir> --key <pubkey>",
        arguments: [("<bundle-dir>", "A directory written by 'ledger export'.")],
        options: [OptionSpec("--key", value: "FILE", help: "The ledger's public key."), .quiet],
        discussion: "Needs no database. Exits 0 when the bundle is valid and 1 when it is not, listing every problem.",
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 1)
        guard let directory = arguments.positionals.first else { throw CommandFailure.usage("missing <bundle-dir>") }
        let keys = try KeyArguments.requiredVerifiers(arguments)
        guard Environment.fileExists(directory) else {
            throw CommandFailure(message: "no report bundle at \(directory)", status: .noInput)
        }
        let result = ProgressMeter.showing("checking", arguments) { ReportVerifier.verify(bundle: directory, keys: keys, progress: $0) }
        guard result.isValid else {
            for problem in result.problems { console.printMessage("INVALID: \(problem)") }
            console.print("\(Count.text(result.problems.count)) problem(s) in report '\(result.reportID)'")
            return .tampered
        }
        console.print("valid: report '\(result.reportID)', \(Count.text(result.entries)) entries, \(Count.text(result.transfersInScope)) transfers in scope")
        return .success
    }
}
