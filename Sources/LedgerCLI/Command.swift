import TransferLedger

/// A subcommand: its help text and what it runs.
struct Command: Sendable {
    let name: String
    let abstract: String
    /// The usage line after `ledger`, e.g. `record [<file>] [--db <path>]`.
    let usage: String
    var arguments: [(name: String, help: String)] = []
    var options: [OptionSpec] = []
    /// The words the first positional argument must be, for a command with actions (`registry add`):
    /// completions offer them.
    var actions: [String] = []
    var discussion: String? = nil
    let run: @Sendable (Arguments, inout Console) throws -> ExitStatus

    /// Help in the shape of swift-argument-parser: OVERVIEW, USAGE, ARGUMENTS, OPTIONS.
    var help: String {
        var text = "OVERVIEW: \(abstract)\n"
        if let discussion { text += "\n" + discussion + "\n" }
        text += "\nUSAGE: ledger \(usage)\n"
        if !arguments.isEmpty {
            text += "\nARGUMENTS:\n" + arguments.map { HelpText.row($0.name, $0.help) }.joined()
        }
        text += "\nOPTIONS:\n"
        text += options.map { HelpText.row($0.name + ($0.value.map { " <\($0.lowercased())>" } ?? ""), $0.help) }.joined()
        text += HelpText.row("-h, --help", "Show help information.")
        return text
    }
}

/// Two-column help rows with the label column 26 characters wide, as swift-argument-parser prints.
enum HelpText {
    static let labelWidth = 26

    static func row(_ label: String, _ help: String) -> String {
        let indented = "  " + label
        if indented.count < labelWidth {
            return indented + String(repeating: " ", count: labelWidth - indented.count) + help + "\n"
        }
        return indented + "\n" + String(repeating: " ", count: labelWidth) + help + "\n"
    }
}

/// Where a command writes: results to stdout, diagnostics to stderr.
struct Console {
    var output = StandardStream.output
    var errors = StandardStream.error
    /// What a command already wrote to the ledger, said on stderr if standard output then fails, so the
    /// caller knows a retry is safe and what it returns.
    var committed: String?
    /// `--wide`: tables keep every character even on a narrow terminal.
    var wide = false

    /// A table on stdout: cut to the terminal's width on a terminal (unless `wide`), whole in a pipe.
    mutating func printTable(header: [String], rows: [[String]]) {
        output.write(Table.render(header: header, rows: rows, width: wide ? nil : output.columns))
    }

    /// Throws once a write to stdout has failed, so a long listing stops at the first lost line
    /// (`main` then reports the failure).
    func checkOutput() throws(CommandFailure) {
        if output.failed { throw CommandFailure(message: "cannot write standard output", status: .ioError) }
    }

    mutating func print(_ line: String = "") {
        output.write(line + "\n")
    }

    /// One diagnostic line on stderr; every byte the input put into it is escaped (`MessageText`), so
    /// it stays one line and cannot drive the terminal.
    mutating func printError(_ line: String) {
        errors.write(MessageText.escaped(line) + "\n")
    }

    /// A message line on stdout (a verifier's problem), escaped as `printError` does.
    mutating func printMessage(_ line: String) {
        print(MessageText.escaped(line))
    }

    /// Notes that `count` entries were committed to `path`: if stdout fails, the caller learns the batch
    /// is in the ledger and that sending it again returns the receipts as duplicates.
    mutating func noteCommitted(_ count: Int, to path: String) {
        committed = "Note: the batch of \(count) record(s) was committed to \(path); recording the same input again returns their receipts as 'duplicate'"
    }
}
