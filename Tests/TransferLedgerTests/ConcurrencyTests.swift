import Testing
import LedgerTestSupport
import TransferLedger

/// SQLite only: processes sharing one file and its locks. PostgreSQL's many writers (8 processes with
/// verify, checkpoint and export meanwhile) are PostgreSQLConcurrencyCLITests'.
@Suite("Concurrent writers in separate processes")
struct ConcurrencyTests {
    static let writers = 4
    static let batchesPerWriter = 5
    static let transfersPerBatch = 10

    @Test func fourProcessesAppendingAtOnceLoseNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("shared.ledger")
        // The registry comes first, so that every transfer is compliant and every `record` exits 0.
        let facts = try Ledger.create(at: path).register(Fixture.registryFacts()).count

        // Every batch of every writer, as NDJSON, prepared before any process starts.
        var inputs: [[[UInt8]]] = []
        var allKeys: Set<String> = []
        for writer in 0..<Self.writers {
            let transfers = Fixture.transfers(Self.batchesPerWriter * Self.transfersPerBatch, prefix: "writer-\(writer)").map(Fixture.compliant)
            allKeys.formUnion(transfers.map(\.idempotencyKey))
            inputs.append(stride(from: 0, to: transfers.count, by: Self.transfersPerBatch).map { start in
                Array(transfers[start..<start + Self.transfersPerBatch].map { $0.jsonValue.canonicalText + "\n" }.joined().utf8)
            })
        }

        let results = try await withThrowingTaskGroup(of: [LedgerProcess.Result].self) { group in
            for batches in inputs {
                group.addTask {
                    var results: [LedgerProcess.Result] = []
                    for batch in batches {
                        results.append(try await LedgerProcess.run(["record", "--db", path], input: batch, in: directory.path))
                    }
                    return results
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }

        #expect(results.count == Self.writers * Self.batchesPerWriter)
        for result in results {
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(result.stdout.split(separator: "\n").count == Self.transfersPerBatch)
        }
        // Every receipt names a distinct position in the chain.
        let seqs = try results.flatMap { result in
            try result.stdout.split(separator: "\n").map { line -> Int64 in
                guard case .integer(let seq)? = try JSONParser.parse(String(line)).objectValue?["seq"] else { return -1 }
                return seq
            }
        }
        #expect(Set(seqs) == Set(Int64(facts)..<Int64(facts + allKeys.count)))

        let ledger = try Ledger(path: path, readOnly: true)
        #expect(try ledger.entryCount() == UInt64(facts + allKeys.count))
        let report = try ledger.verify()
        #expect(report.isIntact, "reported: \(report.problems)")
        #expect(report.entriesChecked == UInt64(facts + 200))
        var compliant = TransferQuery()
        compliant.status = .compliant
        #expect(try ledger.transfers(matching: compliant).count == allKeys.count)
        #expect(Set(try ledger.keys()) == allKeys)
        // Each batch landed as one contiguous run: a transaction is never interleaved with another.
        for result in results {
            let batchSeqs = try result.stdout.split(separator: "\n").compactMap { line -> Int64? in
                guard case .integer(let seq)? = try JSONParser.parse(String(line)).objectValue?["seq"] else { return nil }
                return seq
            }
            #expect(batchSeqs == Array((batchSeqs.first ?? 0)..<(batchSeqs.first ?? 0) + Int64(batchSeqs.count)))
        }
    }

    @Test func retriesFromTwoProcessesAtOnceRecordOnce() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("retries.ledger")
        let facts = try Ledger.create(at: path).register(Fixture.registryFacts()).count
        let input = Array(Fixture.transfers(20, prefix: "retry").map(Fixture.compliant).map { $0.jsonValue.canonicalText + "\n" }.joined().utf8)

        let results = try await withThrowingTaskGroup(of: LedgerProcess.Result.self) { group in
            for _ in 0..<3 {
                group.addTask { try await LedgerProcess.run(["record", "--db", path], input: input, in: directory.path) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for result in results { #expect(result.status == 0, "stderr: \(result.stderr)") }
        // Exactly one process recorded the batch; the others got the same receipts back as duplicates.
        #expect(results.filter { $0.stdout.contains(#""status":"recorded""#) }.count == 1)
        let receipts = Set(results.map { $0.stdout.replacingOccurrences(of: #""status":"duplicate""#, with: #""status":"recorded""#) })
        #expect(receipts.count == 1)
        let ledger = try Ledger(path: path, readOnly: true)
        #expect(try ledger.entryCount() == UInt64(facts + 20))
        #expect(try ledger.verify().isIntact)
    }
}
