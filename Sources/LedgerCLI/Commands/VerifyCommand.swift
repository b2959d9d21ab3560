import Foundation
import TransferLedger

/// `ledger verify`: re-checks the whole chain read-only and reports every problem.
enum VerifyCommand {
    static let command = Command(
        name: "verify",
        abstract: "Verify every entry's hash, link, sequence, time and payload; read-only.",
        usage: "verify [--checkpoint <file> | --checkpoints <dir>] [--key <pubkey>] [--db <path>] [--json]",
        options: [
            .database, .quiet,
            OptionSpec("--checkpoint", value: "FILE", help: "A signed checkpoint the ledger must extend (repeatable); catches truncation and rewrites."),
            OptionSpec("--checkpoints", value: "DIR",
                       help: "Every signed checkpoint kept in DIR (as 'ledger checkpoint --out DIR/' writes them), each as --checkpoint; catches the latest batches vanishing with their recorded checkpoints."),
            OptionSpec("--key", value: "FILE", help: "A public key that checkpoints must be signed by (repeatable); also checks recorded checkpoints."),
            OptionSpec("--policy", help: "Also replay the verdict of every transfer, correction and government access request against the registry recorded before it and the region table it recorded, and run the derived compliance checks."),
            OptionSpec("--json", help: "Print the report as JSON."),
        ],
        discussion: "Opens the ledger read-only. Exits 0 when the ledger is intact, 1 when any problem is found, and 2 when it is intact but --policy found compliance findings.",
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 0)
        let paths = try arguments.allValues("--checkpoint") + arguments.allValues("--checkpoints").flatMap(checkpointFiles)
        let checkpoints = try paths.map { path throws in try KeyArguments.note(path) }
        let keys = try KeyArguments.verifiers(arguments.allValues("--key"))
        if !checkpoints.isEmpty, keys.isEmpty { throw CommandFailure.usage("--checkpoint needs --key: a checkpoint is trusted only with its signature") }
        let ledger = try Ledger(path: arguments.databasePath, readOnly: true)
        let report = try ProgressMeter.showing("verifying", arguments) { (progress) throws(LedgerError) in
            try ledger.verify(checkpoints: checkpoints, keys: keys, policy: arguments.has("--policy"), progress: progress)
        }
        if arguments.has("--json") {
            console.print(json(report, path: ledger.path).prettyText())
        } else {
            for problem in report.problems { console.printMessage(problem.description) }
            for finding in report.policyFindings { console.printMessage("finding: \(finding)") }
            let tip = report.tipHash.map { ", tip \($0.hex)" } ?? ""
            console.print(report.isIntact
                ? "intact: \(Count.text(report.entriesChecked)) entries verified\(tip)"
                : "INVALID: \(Count.text(report.problems.count)) problem(s) in \(Count.text(report.entriesChecked)) entries")
        }
        if !report.isIntact { return .tampered }
        return report.policyFindings.isEmpty ? .success : .findings
    }

    /// The checkpoint files in `directory`, by name; hidden files (an unfinished `.…partial-…` write) are
    /// not checkpoints. An empty directory is an error: an auditor relying on it would verify nothing.
    static func checkpointFiles(in directory: String) throws -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw CommandFailure(message: "--checkpoints \(directory): cannot read the directory", status: .noInput)
        }
        let files = names.filter { !$0.hasPrefix(".") }.sorted().map { directory + "/" + $0 }
        guard !files.isEmpty else { throw CommandFailure(message: "--checkpoints \(directory): no checkpoint files in it", status: .noInput) }
        return files
    }

    static func json(_ report: VerificationReport, path: String) -> JSONValue {
        var members: JSONObject = [
            "ledger": .string(path),
            "intact": .bool(report.isIntact),
            "entriesChecked": .integer(Int64(report.entriesChecked)),
            "problems": .array(report.problems.map { problem in
                var members: JSONObject = ["check": .string(problem.check.rawValue), "message": .string(problem.message)]
                members["seq"] = problem.seq.map { .integer(Int64($0)) }
                return .object(members)
            }),
        ]
        members["tipHash"] = report.tipHash.map { .string($0.hex) }
        if report.policyChecked {
            members["policyFindings"] = .array(report.policyFindings.map { finding in
                var members: JSONObject = ["check": .string(finding.check.rawValue), "message": .string(finding.message)]
                members["seq"] = finding.seq.map { .integer(Int64($0)) }
                return .object(members)
            })
        }
        return .object(members)
    }
}
