import Foundation
import Testing
import LedgerTestSupport
@testable import LedgerCLI

@Suite("Shell completions and the man page come from the parser's tables")
struct CompletionAndManPageTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func everyCommandAndOptionIsCompleted(shell: String) async throws {
        let session = try CLISession()
        defer { session.remove() }
        let result = try await session.run("completions", shell)
        #expect(result.status == 0, "\(result.stderr)")
        for command in LedgerCommand.commands {
            #expect(result.stdout.contains(command.name), "\(shell): no \(command.name)")
            for option in command.options {
                // fish names a long option without its dashes (`-l db`).
                let written = shell == "fish" ? "-l \(option.name.dropFirst(2))" : option.name
                #expect(result.stdout.contains(written), "\(shell): \(command.name) lacks \(option.name)")
            }
            for action in command.actions {
                #expect(result.stdout.contains(action), "\(shell): \(command.name) lacks its action \(action)")
            }
        }
    }

    @Test func theBashScriptParsesAndCompletes() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let result = try await session.run("completions", "bash")
        let script = session.write("ledger.bash", Array(result.stdout.utf8))
        #expect(try await Self.bash(["-n", script], in: session).status == 0)
        // Sourced and called as bash calls it: `ledger qu<TAB>`, `ledger query --dest<TAB>`, `ledger registry ad<TAB>`.
        let completion = try await Self.bash(["-c", """
            source \(script)
            COMP_WORDS=(ledger qu); COMP_CWORD=1; _ledger; echo "${COMPREPLY[@]}"
            COMP_WORDS=(ledger query --dest); COMP_CWORD=2; _ledger; echo "${COMPREPLY[@]}"
            COMP_WORDS=(ledger registry ad); COMP_CWORD=2; _ledger; echo "${COMPREPLY[@]}"
            COMP_WORDS=(ledger registry t); COMP_CWORD=2; _ledger; echo "${COMPREPLY[@]}"
            """], in: session)
        #expect(completion.output == "query\n--destination\nadd adopt\ntables\n", "\(completion.output)")
    }

    @Test func unknownShellIsAUsageError() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let result = try await session.run("completions", "bsh")
        #expect(result.status == 64)
        #expect(result.stderr.contains("did you mean 'bash'?"))
    }

    @Test func theManPageListsEveryCommandAndExitStatus() async throws {
        let session = try CLISession()
        defer { session.remove() }
        let result = try await session.run("man")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix(".TH LEDGER 1 "))
        for command in LedgerCommand.commands {
            #expect(result.stdout.contains(".SS \"ledger \(ManPage.escaped(command.name))"), "no section for \(command.name)")
        }
        let missing = LedgerProcess.documentedStatuses.filter { !result.stdout.contains(".B \($0)\n") }
        #expect(missing.isEmpty, "exit statuses missing: \(missing)")
        let nonASCII = result.stdout.unicodeScalars.filter { !$0.isASCII }
        #expect(nonASCII.isEmpty, "troff reads bytes: non-ASCII must be escaped")
    }

    /// Runs /bin/bash with `arguments` in the session's directory; its status and standard output.
    static func bash(_ arguments: [String], in session: CLISession) async throws -> (status: Int32, output: String) {
        let result = try await LedgerProcess.run(program: "/bin/bash", arguments, in: session.directory.path)
        return (result.status, result.stdout)
    }
}
