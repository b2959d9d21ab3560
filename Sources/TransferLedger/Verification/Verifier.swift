import Dispatch
import LedgerFormat
import LedgerStorage

/// Re-checks a whole ledger from its stored bytes: sequence, hashes, links, times, payloads, the
/// query projections, the Merkle nodes, recorded checkpoints, trusted checkpoints and the schema.
/// Streams entries, so memory does not grow with the ledger.
struct Verifier {
    let store: any LedgerStorage
    let referenceData: ReferenceData
    /// Checkpoints whose signatures the caller has verified: the ledger must extend each of them.
    var trusted: [Checkpoint] = []
    /// Keys to check the signatures of checkpoints recorded in the chain; unchecked when empty.
    var keys: [NoteVerifierKey] = []
    /// Replays every transfer's rules and compares the recorded verdicts, then runs the derived checks.
    var replaysPolicy = false
    let engine: PolicyEngine
    let hasher = SHA256()
    /// Told the entries checked after each batch.
    var progress: ProgressHandler?

    init(store: any LedgerStorage, referenceData: ReferenceData, engine: PolicyEngine) {
        self.store = store
        self.referenceData = referenceData
        self.engine = engine
    }

    /// Entries checked per parallel batch: enough to amortise the hand-off (2,048 measured faster than
    /// 1,024 at a million entries), small enough that memory stays flat (about 3 MiB of rows).
    static let batchSize = 1 << batchLevel
    /// A full batch is one complete Merkle subtree of this height, hashed by the checking threads.
    static let batchLevel = 11

    /// Batches read ahead of the one being walked: enough that the reading thread seldom waits for
    /// the workers, few enough that memory stays flat.
    static let batchesAhead = 2

    func run() throws -> VerificationReport {
        // One read transaction: every table is read at the same snapshot, whatever writers append meanwhile.
        try store.snapshot(streaming: true) { try verify() }
    }

    /// `run()` inside a snapshot the caller already holds: a copy verifies and reads in the same one.
    func verify() throws -> VerificationReport {
        var report = VerificationReport()
        try checkSchema(into: &report)

        var walk = try ChainWalk(verifier: self)
        let total = progress == nil ? nil : try store.entryCount()
        // Where this verification's checks run, one batch at a time, on every core: decoding payloads
        // is most of a verification's work, and each entry's content is independent of the others.
        let checks = DispatchQueue(label: "TransferLedger.verify.checks")
        let (referenceData, keepingTransfers) = (referenceData, replaysPolicy)
        let checkers = WorkerContexts { EntryContentChecker(referenceData: referenceData, keepingTransfers: keepingTransfers) }
        // Batches whose contents are checked in the background while this thread reads on; the oldest
        // is walked (its chain checks, in order, here) once enough others have been handed off.
        var pending: [(batch: RawEntryBatch, checked: BackgroundWork<CheckedBatch>)] = []
        defer { for job in pending { _ = job.checked.wait() } }
        // This thread only copies each row's bytes and walks the chain; the workers check the entries.
        var batch = RawEntryBatch(capacity: Self.batchSize)
        // Batches already walked, emptied for reuse.
        var spare: [RawEntryBatch] = []
        func handOff(keeping ahead: Int) {
            if batch.count > 0 {
                let checking = batch
                pending.append((batch, BackgroundWork(on: checks) {
                    CheckedBatch(
                        contents: ParallelMap.map(Array(0..<checking.count), contexts: checkers) { index, checker in
                            checking.withRow(at: index, checker.check)
                        },
                        subtree: BatchSubtree(checking, level: Self.batchLevel, hasher: SHA256()))
                }))
                batch = spare.popLast() ?? RawEntryBatch(capacity: Self.batchSize)
            }
            while pending.count > ahead {
                let (read, checked) = pending.removeFirst()
                walk.walk(read, checked: checked.wait(), into: &report)
                progress?(OperationProgress(done: report.entriesChecked, total: total))
                checked.release(on: checks)
                // The only reference left to the batch's buffers (the background work let go of its
                // copy), so emptying keeps them: a copy would get new ones, faulted in page by page.
                var walked = consume read
                walked.removeAll()
                spare.append(walked)
            }
        }
        try store.forEachEntryRow { row in
            batch.append(row)
            if batch.count == Self.batchSize { handOff(keeping: Self.batchesAhead) }
        }
        handOff(keeping: 0)
        try walk.finish(into: &report)
        return report
    }

    private func checkSchema(into report: inout VerificationReport) throws {
        for message in try store.schemaProblems() {
            report.problems.append(.init(seq: nil, check: .schema, message: message))
        }
    }
}
