import LedgerSample
import TransferLedger

/// `ledger demo`: builds a sample ledger for a fictional group, verifies it and summarises it.
enum DemoCommand {
    static let command = Command(
        name: "demo",
        abstract: "Build a sample ledger of a fictional group's year of transfers, verify it and summarise it.",
        usage: "demo [--db <path>] [--count <n>]",
        options: [
            OptionSpec("--db", value: "PATH", help: "Where to write the sample (default: ./demo.ledger); an existing file is replaced only if it is a demo ledger nothing else wrote to; a postgresql:// database must hold no ledger yet."),
            OptionSpec("--count", value: "N", help: "How many transfers to generate, 1 to 1000000 (default: 5000)."),
            .quiet,
        ],
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 0)
        let path = arguments.value("--db") ?? "demo.ledger"
        // The sample is built in memory before it is recorded; a million transfers is a large demo already.
        let count = try arguments.number("--count", in: 1...1_000_000) ?? 5_000
        // A database is never replaced: Ledger.create refuses one that already holds a ledger.
        let isFile = if case .file = LedgerLocation(path) { true } else { false }
        if isFile { try DemoMarker.removeDemoLedger(at: path) }

        let ledger = try Ledger.create(at: path)
        let facts = try ledger.register(SampleGroup.registryFacts())
        let transfers = SampleGroup.transfers(count: count, endingAt: SampleGroup.yearEnd)
        let receipts = try ProgressMeter.showing("recording", arguments) { (progress) throws(LedgerError) in
            try ledger.record(contentsOf: transfers, progress: progress)
        }
        let recorded = zip(receipts, transfers).map { (seq: $0.seq, transfer: $1, rules: $0.verdict?.rules ?? []) }
        let corrections = try ledger.record(corrections: SampleGroup.corrections(of: recorded))
        let toIndia = recorded.first { $0.transfer.destination == "IN" } ?? recorded[0]
        let request = try ledger.record(govAccessRequest: SampleGroup.govAccessRequest(about: toIndia.transfer, seq: toIndia.seq))
        let report = try ProgressMeter.showing("verifying", arguments) { (progress) throws(LedgerError) in
            try Ledger(path: path, readOnly: true).verify(policy: true, progress: progress)
        }
        if report.isIntact, isFile { try DemoMarker.write(for: path, report: report) }

        console.print("Nordwind Group: \(SampleGroup.entities.count) entities and \(Count.text(facts.count)) registry facts, \(Count.text(receipts.count)) transfers recorded over one year")
        console.print()
        var byStatus: [ValidationStatus: Int] = [:]
        var byRule: [String: Int] = [:]
        for receipt in receipts {
            byStatus[receipt.verdict?.status ?? .compliant, default: 0] += 1
            for rule in receipt.verdict?.rules ?? [] { byRule[rule.rawValue, default: 0] += 1 }
        }
        console.printTable(
            header: ["policy status", "transfers"],
            rows: [ValidationStatus.compliant, .compliantWithWarnings, .nonCompliant].map { [$0.rawValue, Count.text(byStatus[$0] ?? 0)] })
        console.print("rules with findings: " + byRule.sorted { $0.key < $1.key }.map { "\($0.key) ×\(Count.text($0.value))" }.joined(separator: ", "))
        console.print("corrections (R23): " + (corrections.isEmpty ? "none" : corrections.map { "entry \($0.seq)" }.joined(separator: ", "))
            + "; government access request (R24): entry \(request.seq), \(request.verdict?.status.rawValue ?? "-")")
        console.print()
        var byFamily: [MechanismFamily: Int] = [:]
        var byRegion: [Region: Int] = [:]
        try ledger.forEachTransfer(matching: TransferQuery()) { recorded in
            byFamily[recorded.transfer.mechanism.family, default: 0] += 1
            byRegion[recorded.region, default: 0] += 1
        }
        console.printTable(
            header: ["mechanism family", "transfers"],
            rows: MechanismFamily.allCases.map { [$0.rawValue, Count.text(byFamily[$0] ?? 0)] })
        console.print()
        console.printTable(
            header: ["destination region", "transfers"],
            rows: Region.allCases.map { [$0.rawValue, Count.text(byRegion[$0] ?? 0)] })
        console.print()
        console.print(report.isIntact
            ? "verify: intact, \(Count.text(report.entriesChecked)) entries, tip \(report.tipHash?.hex ?? "-")"
            : "verify: INVALID, \(report.problems.count) problem(s)")
        console.print("ledger: \(path)")
        for finding in report.policyFindings.prefix(5) { console.print("finding: \(finding)") }
        // Quoted for the shell when it needs to be: a URI's '&' or '?' would otherwise end the command.
        let shown = ShellWord.shown(path)
        console.print("try:    ledger query --db \(shown) --status nonCompliant")
        if let first = corrections.first { console.print("        ledger show \(first.seq) --db \(shown)") }
        return report.isIntact ? .success : .tampered
    }
}
