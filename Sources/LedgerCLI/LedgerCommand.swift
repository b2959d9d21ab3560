import TransferLedger
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `ledger`: the command-line face of TransferLedger. Parses arguments, calls the library, prints.
@main
enum LedgerCommand {
    static let abstract = "Record, verify and query GDPR personal-data transfers in a tamper-evident ledger."

    static let commands: [Command] = [
        InitCommand.command, RecordCommand.command, CheckCommand.command, CorrectCommand.command, GovAccessCommand.command,
        RegistryCommand.command,
        VerifyCommand.command, QueryCommand.command,
        ShowCommand.command, KeygenCommand.command, CheckpointCommand.command, ProveCommand.command,
        VerifyProofCommand.command, WitnessCommand.command, DemoCommand.command,
        ExportCommand.command, VerifyReportCommand.command, CopyCommand.command,
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
        if first == "help" {
            guard arguments.count > 1 else { console.print(help); return .success }
            guard let command = commands.first(where: { $0.name == arguments[1] }) else {
                console.printError("Error: unknown command '\(arguments[1])'")
                return .usage
            }
            console.print(command.help)
            return .success
        }
        guard let command = commands.first(where: { $0.name == first }) else {
            console.printError("Error: unknown command '\(first)'")
            console.printError("Usage: ledger <command> [options]")
            console.printError("  See 'ledger help' for more information.")
            return .usage
        }
        do {
            let parsed = try Arguments(Array(arguments.dropFirst()), options: command.options)
            if parsed.helpRequested {
                console.print(command.help)
                return .success
            }
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
        text += "\nSUBCOMMANDS:\n"
        text += commands.map { HelpText.row($0.name, $0.abstract) }.joined()
        text += HelpText.row("help", "Show help for a subcommand.")
        text += "\n  See 'ledger help <subcommand>' for detailed help."
        return text
    }
}
