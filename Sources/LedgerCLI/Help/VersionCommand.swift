import TransferLedger

/// `ledger version` (and `--version`, `-V`): the tool's release and the entry format it writes, so a
/// bug report or an auditor's note says which ledger format a binary produces.
enum VersionCommand {
    /// The release of the `ledger` tool.
    static let release = "0.1.0"

    /// `ledger 0.1.0 (entry format version 1)`, the format taken from the encoder itself.
    static var line: String { "ledger \(release) (entry format version \(EntryEncoding.version))" }

    static let command = Command(
        name: "version",
        abstract: "Show the version of ledger and of the entry format it writes.",
        usage: "version",
        run: { arguments, console in
            try arguments.expectPositionals(atMost: 0)
            console.print(line)
            return .success
        })
}

/// `ledger help [<subcommand>]`: the overview, or one subcommand's help (`ledger help help` included).
enum HelpCommand {
    static let command = Command(
        name: "help",
        abstract: "Show help for a subcommand.",
        usage: "help [<subcommand>]",
        arguments: [("<subcommand>", "The subcommand to describe (default: the overview).")],
        run: { arguments, console in
            try arguments.expectPositionals(atMost: 1)
            guard let name = arguments.positionals.first else { console.print(LedgerCommand.help); return .success }
            console.print(try LedgerCommand.command(named: name).help)
            return .success
        })
}
