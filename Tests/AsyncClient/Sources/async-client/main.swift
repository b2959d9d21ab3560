#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TransferLedger

// usage: async-client LEDGER — records 8 × 25 transfers from 8 concurrent tasks into a new ledger at
// LEDGER (a file or a postgresql:// URI), then checks what it reads back; exits 1 on any difference.
// async-client readme — runs the README's snippets (ReadmeSnippets.swift) in the working directory.

if CommandLine.arguments.count == 2, CommandLine.arguments[1] == "readme" {
    exit(try await runReadmeSnippets() ? 0 : 1)
}
guard CommandLine.arguments.count == 2 else {
    print("usage: async-client LEDGER")
    exit(64)
}
exit(try await Client(tasks: 8, perTask: 25).run(at: CommandLine.arguments[1]) ? 0 : 1)

/// What a service does: many tasks recording into one shared pool, then a streamed query and a verify.
struct Client {
    let tasks: Int
    let perTask: Int

    /// Whether every transfer came back, once, in a chain that verifies.
    func run(at path: String) async throws -> Bool {
        let pool = try LedgerPool(path: path, createIfMissing: true)
        let receipts = try await withThrowingTaskGroup(of: [Receipt].self) { group in
            for task in 0..<tasks {
                group.addTask {
                    var receipts: [Receipt] = []
                    for index in 0..<perTask { receipts.append(try await pool.record(try transfer(task: task, index: index))) }
                    return receipts
                }
            }
            return try await group.reduce(into: [Receipt]()) { $0 += $1 }
        }
        var streamed = 0
        for try await recorded in pool.transfers(matching: TransferQuery(), pageSize: 16) where recorded.transfer.loggedBy == "svc:async-client" {
            streamed += 1
        }
        let report = try await pool.verify()
        let count = try await pool.entryCount()
        let total = tasks * perTask
        let seqs = Set(receipts.map(\.seq))
        print("recorded \(receipts.count) from \(tasks) tasks; \(seqs.count) distinct entries; streamed \(streamed); entries \(count); "
              + (report.isIntact ? "intact" : "NOT INTACT"))
        return receipts.count == total && seqs == Set(0..<UInt64(total)) && streamed == total && count == UInt64(total) && report.isIntact
    }

    /// The `index`th transfer of `task`: one a minute, each with a key of its own.
    func transfer(task: Int, index: Int) throws -> Transfer {
        let start = try Timestamp(rfc3339: "2026-05-01T00:00:00Z")
        return Transfer(
            occurredAt: Timestamp(microseconds: start.microseconds + Int64(task * perTask + index) * 60_000_000),
            exporter: Party(entity: "NW-FR", role: .controller),
            importer: Party(entity: "NW-IN", role: .processor),
            destination: "IN", mechanism: .bcrController,
            purposes: [.payroll], dataCategories: [.identity, .compensationPayroll],
            subjectCategories: [.employee], subjectCount: .b1k_10k,
            loggedBy: "svc:async-client", idempotencyKey: "task-\(task)-\(index)")
    }
}

/// The README's snippets at work: 8 transfers through the "Concurrency" example into a new
/// `transfers.ledger`, then one more through the "Logging" example's pool, judged `nonCompliant` (the
/// ledger has no registry), which the stand-in logger prints as a warning.
func runReadmeSnippets() async throws -> Bool {
    let client = Client(tasks: 1, perTask: 9)
    let transfers = try (0..<8).map { try client.transfer(task: 0, index: $0) }
    let (receipts, report) = try await readmeConcurrency(transfers: transfers, query: TransferQuery())
    let pool = try readmeLogging(path: "transfers.ledger", logger: Logger())
    let logged = try await pool.record(client.transfer(task: 0, index: 8))
    print("readme: recorded \(receipts.count); \(report.isIntact ? "intact" : "NOT INTACT"); "
          + "then entry \(logged.seq), \(logged.verdict?.status.rawValue ?? "not judged")")
    return receipts.count == 8 && report.isIntact && logged.seq == 8
}
