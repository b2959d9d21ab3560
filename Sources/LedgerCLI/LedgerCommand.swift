import TransferLedger
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `ledger`: the command-line face of TransferLedger. Parses arguments, calls the library, prints.
@main
enum LedgerCommand {
    static let abstract = "Record, verify and query GDPR personal-data transfers in a tamper-evident ledger."

    static let commands: [Command] = [
        InitCommand.command, RecordCommand.command, CheckCommand.command, CorrectCommand.command, GovAccessCommand.command, EraseCommand.command,
        RegistryCommand.command,
        VerifyCommand.command, QueryCommand.command,
        ShowCommand.command, KeygenCommand.command, CheckpointCommand.command, ProveCommand.command,
        VerifyProofCommand.command, WitnessCommand.command, DemoCommand.command,
        ExportCommand.command, VerifyReportCommand.command, CopyCommand.command,
        SubjectReportCommand.command, SubjectKeyCommand.command, SubjectTokenCommand.command,
        VersionCommand.command, CompletionsCommand.command, ManCommand.command, HelpCommand.command,
    ]

    static func main() {
        var console = Console()
        var status = run(Array(CommandLine.arguments.dropFirst()), console: &console)
        // Every byte of a result counts: a receipt or report lost to a full disk is a failure (74).
        if let reason = console.output.close() {
            console.printError("Error: cannot write standard output: \(reason)")
            if let committed = console.committed { console.printError(committed) }
            status = .ioError
        }
        console.errors.flush()
        exit(status.rawValue)
    }

    static func run(_ arguments: [String], console: inout Console) -> ExitStatus {
        guard let first = arguments.first, !["-h", "--help"].contains(first) else {
            console.print(help)
            return .success
        }
        if ["-V", "--version"].contains(first) {
            console.print(VersionCommand.line)
            return .success
        }
        let command: Command
        do {
            command = try self.command(named: first)
        } catch {
            console.printError("Error: \(error.message)")
            console.printError("Usage: ledger <command> [options]")
            console.printError("  See 'ledger help' for more information.")
            return error.status
        }
        do {
            let parsed = try Arguments(Array(arguments.dropFirst()), options: command.options)
            if parsed.helpRequested {
                console.print(command.help)
                return .success
            }
            console.wide = parsed.has("--wide")
            return try command.run(parsed, &console)
        } catch let failure as CommandFailure {
            // A failed stdout is reported once, by `main`, with its cause.
            if console.output.failed { return .ioError }
            console.printError("Error: \(failure.message)")
            if failure.showUsage {
                console.printError("Usage: ledger \(command.usage)")
                console.printError("  See 'ledger help \(command.name)' for more information.")
            }
            return failure.status
        } catch let error as LedgerError {
            console.printError("Error: \(error)")
            return status(for: error)
        } catch let error as KeyFile.Failure {
            console.printError("Error: \(error)")
            return status(for: error)
        } catch let error as AtomicFile.Failure {
            let failure = CommandFailure(output: error)
            console.printError("Error: \(failure.message)")
            return failure.status
        } catch let error as NoteError {
            console.printError("Error: \(error)")
            return .rejected
        } catch {
            console.printError("Error: \(error)")
            return .ioError
        }
    }

    /// The subcommand called `name`; an unknown name is a usage error that suggests the closest one.
    static func command(named name: String) throws(CommandFailure) -> Command {
        guard let command = commands.first(where: { $0.name == name }) else {
            throw CommandFailure(message: Suggestion.message("unknown command '\(name)'", for: name, among: commands.map(\.name)),
                                 status: .usage)
        }
        return command
    }

    /// The one place a library error becomes an exit status.
    static func status(for error: LedgerError) -> ExitStatus {
        switch error {
        case .cannotOpen, .notALedger, .newerFormat, .olderFormat, .noSuchEntry, .noCheckpoint: .noInput
        case .invalidRequest: .usage
        case .invalidCheckpoint: .rejected
        case .alreadyExists: .usage
        case .rejected, .failsVerification: .rejected
        case .storage, .damaged: .ioError
        }
    }

    /// A key file's failure: a malformed key is rejected input (65) as the README says, a missing
    /// one cannot be opened (66), a key that could not be written is an I/O error (74).
    static func status(for error: KeyFile.Failure) -> ExitStatus {
        switch error.kind {
        case .cannotRead: .noInput
        case .malformed: .rejected
        case .cannotWrite: .ioError
        case .exists: .usage
        }
    }

    static var help: String {
        var text = "OVERVIEW: \(abstract)\n\nUSAGE: ledger <subcommand> [options]\n\nOPTIONS:\n"
        text += HelpText.row("-h, --help", "Show help information.")
        text += HelpText.row("-V, --version", "Show the version.")
        text += "\nSUBCOMMANDS:\n"
        text += commands.map { HelpText.row($0.name, $0.abstract) }.joined()
        text += "\n  See 'ledger help <subcommand>' for detailed help."
        return text
    }
}
