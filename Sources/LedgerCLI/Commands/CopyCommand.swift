import TransferLedger

/// `ledger copy --from A --to B`: copies a whole ledger between files and PostgreSQL databases.
enum CopyCommand {
    static let command = Command(
        name: "copy",
        abstract: "Copy a whole ledger, verified, into a new file or an empty PostgreSQL database.",
        usage: "copy --from <path|uri> --to <path|uri> \(DatabaseRoleOptions.usage)",
        options: [
            OptionSpec("--from", value: "PATH", help: "The ledger to copy: a file or a postgresql:// URI; opened read-only."),
            OptionSpec("--to", value: "PATH", help: "A file that does not exist yet, or a postgresql:// URI of an empty database (or of a ledger without entries)."),
            .quiet,
        ] + DatabaseRoleOptions.options,
        discussion: """
            Verifies the source in full, then copies every entry byte for byte, with its index rows and Merkle nodes, in \
            one transaction on the target: both ledgers then have the same tip and roots, so a checkpoint signed on one \
            verifies against the other. The first problem stops the copy (exit 65) and leaves the target empty. \
            On a PostgreSQL target, --writer-role and --auditor-role grant the new ledger's privileges as 'ledger init' does.
            """,
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 0)
        guard let from = arguments.value("--from") else { throw CommandFailure.usage("missing --from") }
        guard let to = arguments.value("--to") else { throw CommandFailure.usage("missing --to") }
        let (source, target) = (LedgerLocation(from), LedgerLocation(to))
        let roles = try DatabaseRoleOptions.parse(arguments, for: target, option: "--to")
        let summary = try ProgressMeter.showing("verifying the source", arguments) { (progress) throws(LedgerError) in
            try Ledger.copy(from: source, to: target, roles: roles, progress: progress)
        }
        console.print("copied \(Count.text(summary.entries)) entries from \(source) to \(target)")
        if let roles { console.print(DatabaseRoleOptions.summary(roles)) }
        if let tip = summary.tipHash { console.print("tip \(tip.hex)") }
        console.print("root \(summary.root.hex)")
        return .success
    }
}
