import Foundation

/// The man page, `ledger(1)` in roff, built from the same help tables as `ledger help`: every
/// subcommand with its usage, description, arguments and options, then the exit statuses.
enum ManPage {
    static func roff(for commands: [Command]) -> String {
        var text = """
            .TH LEDGER 1 "" "\(escaped(VersionCommand.line))" "User Commands"
            .SH NAME
            ledger \\- \(escaped(LedgerCommand.abstract))
            .SH SYNOPSIS
            .B ledger
            \\fIsubcommand\\fR [\\fIoptions\\fR]
            .br
            .B ledger
            \\fB\\-\\-version\\fR | \\fB\\-\\-help\\fR
            .SH COMMANDS

            """
        for command in commands {
            text += ".SS \"\(escaped("ledger " + command.usage).replacingQuotes)\"\n\(escaped(command.abstract))\n"
            if let discussion = command.discussion { text += ".PP\n\(escaped(discussion))\n" }
            for argument in command.arguments { text += ".TP\n.I \(escaped(argument.name))\n\(escaped(argument.help))\n" }
            for option in ShellCompletion.options(of: command) {
                text += ".TP\n.B \(escaped(option.name))" + (option.value.map { " \\fI\($0.lowercased())\\fR" } ?? "") + "\n\(escaped(option.help))\n"
            }
        }
        text += """
            .SH EXIT STATUS
            .TP
            .B 0
            Success; for verify, the ledger is intact.
            .TP
            .B 1
            verify or verify\\-report found the ledger or bundle invalid.
            .TP
            .B 2
            A transfer is nonCompliant, or verify \\-\\-policy found compliance findings.
            .TP
            .B 64
            The command line is wrong (EX_USAGE).
            .TP
            .B 65
            Input was rejected (EX_DATAERR).
            .TP
            .B 66
            The ledger or an input file is missing, or is not a ledger (EX_NOINPUT).
            .TP
            .B 74
            Reading or writing failed underneath (EX_IOERR).
            .SH ENVIRONMENT
            .TP
            .B LEDGER_DB
            The ledger when \\-\\-db is not given.
            .TP
            .B COLUMNS
            The terminal width tables fit when the terminal does not report one.

            """
        return text
    }

    /// `text` safe as roff: backslashes and hyphens escaped, other than ASCII as `\[uXXXX]` (troff reads
    /// bytes, not UTF-8), and no line starting with a control character.
    static func escaped(_ text: String) -> String {
        let plain = text.replacingOccurrences(of: "\\", with: "\\e").replacingOccurrences(of: "-", with: "\\-")
        return plain.unicodeScalars.map { $0.isASCII ? String($0) : "\\[u" + hex($0.value) + "]" }.joined()
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") || $0.hasPrefix("'") ? "\\&" + $0 : String($0) }
            .joined(separator: "\n")
    }

    /// At least four upper-case hexadecimal digits, as `\[uXXXX]` wants.
    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

private extension String {
    /// A double quote inside a quoted macro argument is written twice.
    var replacingQuotes: String { replacingOccurrences(of: "\"", with: "\"\"") }
}
