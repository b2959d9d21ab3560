import Dispatch

/// Re-checks a whole ledger from its stored bytes: sequence, hashes, links, times, payloads, the
/// query projections, the Merkle nodes, recorded checkpoints, trusted checkpoints and the schema.
/// Streams entries, so memory does not grow with the ledger.
struct Verifier {
    let store: LedgerStore
    let referenceData: ReferenceData
    /// Checkpoints whose signatures the caller has verified: the ledger must extend each of them.
    var trusted: [Checkpoint] = []
    /// Keys to check the signatures of checkpoints recorded in the chain; unchecked when empty.
    var keys: [NoteVerifierKey] = []
    /// Replays every transfer's rules and compares the recorded verdicts, then runs the derived checks.
    var replaysPolicy = false
    let engine: PolicyEngine
    let hasher = SHA256()

    init(store: LedgerStore, referenceData: ReferenceData, engine: PolicyEngine) {
        self.store = store
        self.referenceData = referenceData
        self.engine = engine
    }

    /// Entries checked per parallel batch: enough to amortise the hand-off, small enough that memory
    /// stays flat (about 2 MiB of entries).
    static let batchSize = 1_024

    func run() throws -> VerificationReport {
        var report = VerificationReport()
        try checkSchema(into: &report)

        var state = ChainState(hasher: hasher, storedNodes: try NodeCursor(store: store))
        var checkpointSeqs: [UInt64] = []
        var registrySeqs: [UInt64] = []
        var registry = Registry(referenceData: referenceData)
        var kinds = try EntryKindState(store: store, base: engine)
        // Where this verification's checks run, one batch at a time, on every core.
        let checks = DispatchQueue(label: "TransferLedger.verify.checks")
        // Batches whose contents are checked in the background while this thread reads on: the oldest
        // is finished (its chain checks, in order, here) once the next one has been handed off.
        var pending: [ParallelChecks.Job] = []
        defer { for job in pending { job.wait() } }
        func finish(_ job: ParallelChecks.Job) {
            let batch = job.batch, contents = job.wait()
            for index in 0..<batch.count {
                let link = batch.link(at: index), content = contents[index]
                report.entriesChecked += 1
                checkTrusted(at: state.tree, into: &report)
                state.check(link, content: content, recordedAtText: batch.recordedAt(at: index), into: &report)
                report.problems.append(contentsOf: content.problems)
                // Most transfers need nothing more: their content was checked on the workers.
                if link.kind != .transfer || content.needsChainChecks(baseTable: referenceData.version, replaysPolicy: replaysPolicy) {
                    EntryChecks(verifier: self, entry: batch.entry(at: index), state: state)
                        .run(content: content, privateDocument: batch.privateDocument(at: index), hasTransferRow: batch.hasTransferRow(at: index),
                             registry: &registry, kinds: &kinds, into: &report)
                }
                if link.kind == .checkpoint { checkpointSeqs.append(link.seq) }
                if link.kind == .registry { registrySeqs.append(link.seq) }
                state.advance(past: link, recordedAt: content.recordedAt, into: &report)
                report.tipHash = link.hash
            }
        }
        // This thread only copies each row's bytes; the workers check the entries.
        var batch = RawEntryBatch(capacity: Self.batchSize)
        func handOff() {
            pending.append(ParallelChecks.Job(batch: batch, referenceData: referenceData, queue: checks, keepingTransfers: replaysPolicy))
            batch = RawEntryBatch(capacity: Self.batchSize)
            while pending.count > 1 { finish(pending.removeFirst()) }
        }
        try store.forEachEntryRow { row in
            batch.append(row)
            if batch.count == Self.batchSize { handOff() }
        }
        handOff()
        while !pending.isEmpty { finish(pending.removeFirst()) }
        checkTrusted(at: state.tree, into: &report)
        state.finish(into: &report)
        kinds.finish(into: &report)
        for checkpoint in trusted where checkpoint.size > state.tree.size {
            report.problems.append(.init(seq: nil, check: .checkpoint, message:
                "the ledger has \(state.tree.size) entries but checkpoint '\(checkpoint.origin)' signed \(checkpoint.size): entries were removed"))
        }
        try checkProjections(checkpointSeqs: checkpointSeqs, registrySeqs: registrySeqs, into: &report)
        if replaysPolicy {
            report.policyChecked = true
            report.policyFindings = try derivedFindings(registry: registry)
        }
        return report
    }

    /// Compares the tree with every trusted checkpoint of exactly its current size.
    private func checkTrusted(at tree: MerkleAccumulator, into report: inout VerificationReport) {
        for checkpoint in trusted where checkpoint.size == tree.size && checkpoint.rootHash != tree.root {
            report.problems.append(.init(seq: nil, check: .checkpoint, message:
                "the first \(checkpoint.size) entries have root \(tree.root.shortHex) but checkpoint '\(checkpoint.origin)' signed root \(checkpoint.rootHash.shortHex): the history was rewritten or forked"))
        }
    }

    /// The derived checks of a second pass over the transfers, in chain order, with the final registry.
    private func derivedFindings(registry: Registry) throws -> [DerivedFinding] {
        var checks = DerivedChecks(registry: registry)
        try store.forEachEntry { entry, _, privateDocument in
            guard entry.kind == .transfer, let privateDocument,
                  let payload = try? TransferPayload(bytes: entry.payload, privateDocument: privateDocument) else { return }
            checks.observe(seq: entry.seq, transfer: payload.transfer)
        }
        return checks.finish(asOf: Day(Timestamp.now()))
    }

    private func checkProjections(checkpointSeqs: [UInt64], registrySeqs: [UInt64], into report: inout VerificationReport) throws {
        let registryRows = try store.registryRows()
        for seq in Set(registryRows).symmetricDifference(registrySeqs).sorted() {
            report.problems.append(.init(seq: seq, check: .projection, message: registryRows.contains(seq)
                ? "a registry row exists for an entry that is not a registry fact"
                : "the registry fact has no row in the registry index"))
        }
        for seq in try store.orphanTransferRows() {
            report.problems.append(.init(seq: seq, check: .projection, message: "a transfer or private-document row exists for an entry that is not a transfer"))
        }
        let rows = try store.checkpointRows()
        for seq in Set(rows).symmetricDifference(checkpointSeqs).sorted() {
            report.problems.append(.init(seq: seq, check: .projection, message: rows.contains(seq)
                ? "a checkpoint row exists for an entry that is not a checkpoint"
                : "the checkpoint has no row in the checkpoint table"))
        }
    }

    private func checkSchema(into report: inout VerificationReport) throws {
        let applicationID = try store.storedApplicationID()
        if applicationID != LedgerStore.applicationID {
            report.problems.append(.init(seq: nil, check: .schema, message: "application id is \(applicationID), not \(LedgerStore.applicationID)"))
        }
        let expected = try Self.expectedSchema()
        let actual = try store.schemaObjects()
        for object in expected where !actual.contains(object) {
            let present = actual.first { $0.name == object.name }
            report.problems.append(.init(seq: nil, check: .schema,
                message: present == nil ? "\(object.type) \(object.name) is missing" : "\(object.type) \(object.name) has been altered"))
        }
        for object in actual where !expected.contains(where: { $0.name == object.name }) {
            report.problems.append(.init(seq: nil, check: .schema, message: "unexpected \(object.type) \(object.name)"))
        }
    }

    /// The schema objects a ledger of this version must have: the embedded migrations applied to an
    /// empty in-memory database.
    static func expectedSchema() throws -> [SchemaObject] {
        let scratch = try LedgerStore(path: ":memory:", readOnly: false, create: true)
        return try scratch.schemaObjects()
    }
}
