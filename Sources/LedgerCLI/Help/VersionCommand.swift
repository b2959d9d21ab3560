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

/// `ledger completions bash|zsh|fish`: a completion script from the parser's own tables.
enum CompletionsCommand {
    static let command = Command(
        name: "completions",
        abstract: "Print a completion script for bash, zsh or fish.",
        usage: "completions <shell>",
        arguments: [("<shell>", "bash, zsh or fish.")],
        discussion: """
            For example: ledger completions bash > /etc/bash_completion.d/ledger, \
            ledger completions zsh > ~/.zfunc/_ledger, ledger completions fish > ~/.config/fish/completions/ledger.fish
            """,
        run: { arguments, console in
            try arguments.expectPositionals(atMost: 1)
            guard let name = arguments.positionals.first else { throw CommandFailure.usage("missing <shell>") }
            guard let shell = ShellCompletion(rawValue: name) else {
                throw CommandFailure.usage(Suggestion.message("unknown shell '\(name)' (bash, zsh or fish)", for: name,
                                                              among: ShellCompletion.allCases.map(\.rawValue)))
            }
            console.output.write(shell.script(for: LedgerCommand.commands))
            return .success
        })
}

/// `ledger man`: the man page in roff, from the same help text as `ledger help`.
enum ManCommand {
    static let command = Command(
        name: "man",
        abstract: "Print the ledger(1) man page in roff.",
        usage: "man",
        discussion: "For example: ledger man > ledger.1 && man ./ledger.1",
        run: { arguments, console in
            try arguments.expectPositionals(atMost: 0)
            console.output.write(ManPage.roff(for: LedgerCommand.commands))
            return .success
        })
}
