import LedgerFormat
import LedgerStorage

/// Single appends on a backend with an intake (FORMAT.md §6.2). When no other writer holds the tip,
/// the transfer is appended at once, as a batch of one. When one does, the transfer is committed to
/// the intake without the tip, and one waiting writer at a time, the sequencer, appends every pending
/// row in one transaction per round: many writers' single appends then share the chain's commits
/// instead of queueing for one commit each.
extension Ledger {
    /// The intake rows one sequencing round appends at most: a batch as large as the batched appends
    /// that measured fastest.
    static let sequencingLimit = 1_000
    /// How long, in ms, a submitter waits for news of its row before it polls anyway: news comes as a
    /// notification, so this only bounds the wait if one is missed.
    static let sequencingWait: Int32 = 250
    /// How long, in µs, a writer that found the tip held submits straight to the intake: while others
    /// write, trying the tip first mostly costs a round trip for nothing.
    static let contentionMemory: Int64 = 1_000_000
    /// The most rounds a sequencer runs before it hands the claim on, so that its own caller, whose
    /// row is in the first round, is not kept from its receipt for long.
    static let sequencingRounds = 8

    /// Records one transfer and returns its receipt once the entry that holds it is committed. A
    /// structurally malformed transfer is refused before anything is written.
    func recordSingle(_ transfer: Transfer, intake: any IntakeStorage, judge: (Timestamp) throws -> TransferJudge) throws -> Receipt {
        // Subject links never pass through the intake: its rows keep the transfer as submitted for up
        // to ten minutes, where erasing one link would not reach, and a link must stay erasable
        // (FORMAT.md §4.7). Such a transfer waits for the tip as a batch of one.
        if transfer.subjectLinks != nil {
            return try appendTransfers([transfer], judge: judge)[0]
        }
        // The tip is free: a batch of one, checked, judged and appended as any batch is, in one
        // commit. A writer that met contention lately goes to the intake at once.
        let contended = lastContention.map { Timestamp.now().microseconds - $0.microseconds < Self.contentionMemory } ?? false
        if !contended, let appended = try appendingAlone(transfer, intake: intake, judge: judge, onLastTip: lastAppendWasAlone) {
            lastAppendWasAlone = true
            return try appended.get()
        }
        lastAppendWasAlone = false
        lastContention = Timestamp.now()
        // The tip is busy: check the transfer before it waits, so a malformed one is refused with
        // nothing written, then hand it to whoever sequences.
        try checkStructure(transfer)
        // Until the row has an outcome: claim the sequencer's role when no one holds it (one writer
        // sequences for all, so the others wait without touching the tip), else wait for news.
        let (id, claimed) = try intake.submit(CanonicalJSON.encode(transfer.jsonValue), claiming: true)
        var state: IntakePoll = claimed ? .claimed : .pending
        while true {
            switch state {
            case .recorded(let entry, let document, let duplicate):
                let payload = try? TransferPayload(bytes: entry.payload, privateDocument: document)
                return try Receipt(recorded: entry, idempotencyKey: transfer.idempotencyKey, duplicate: duplicate, verdict: payload?.verdict)
            case .refused(let field, let rule, let message):
                throw LedgerError.rejected(RecordError(record: 1, field: field ?? "", rule: RecordError.Rule(rawValue: rule) ?? .syntax, message: message))
            case .claimed:
                try sequencingWhileClaimed(intake, judge: judge, own: id)
            case .pending:
                _ = try intake.awaitSequencing(of: id, milliseconds: Self.sequencingWait)
            case .pruned:
                // Only a submitter stopped for minutes gets here; where its transfer went is found
                // by its key, as a retry would find it.
                guard let recorded = try store.recordedTransfer(idempotencyKey: transfer.idempotencyKey) else {
                    throw StorageError(.conflict, "intake row \(id) was pruned before its outcome was read, and no entry holds its idempotency key: record the transfer again (its key makes that safe)")
                }
                return recorded.receipt
            }
            state = try intake.poll(id, claiming: true)
        }
    }

    /// Refuses a structurally malformed transfer as record 1. Checked against the region table this
    /// ledger knows without asking the database, and only when that refuses it against the table in
    /// force now (another writer may have adopted a newer one), so that a well-formed transfer costs
    /// no round trip.
    private func checkStructure(_ transfer: Transfer) throws {
        do {
            try StructuralRules.check(transfer, referenceData: versions.inForce(at: Timestamp.now()).referenceData)
        } catch {
            do {
                try StructuralRules.check(transfer, referenceData: engineInForce().referenceData)
            } catch let error as RecordError {
                throw LedgerError.rejected(error.inRecord(1))
            }
        }
    }

    /// As the intake's sequencer: appends pending rows (the caller's `own` among them in the first
    /// round) round after round while there are any, for at most `sequencingRounds`, then releases
    /// the claim, also when a round fails.
    private func sequencingWhileClaimed(_ intake: any IntakeStorage, judge: (Timestamp) throws -> TransferJudge, own: Int64) throws {
        var decided: ClosedRange<Int64>?
        do {
            var rounds = 0
            while rounds < Self.sequencingRounds, let round = try sequencingRound(intake, judge: judge, own: own) {
                decided = decided.map { min($0.lowerBound, round.lowerBound)...max($0.upperBound, round.upperBound) } ?? round
                rounds += 1
            }
        } catch {
            try? intake.releaseSequencing()
            throw error
        }
        try intake.releaseSequencing()
        // Now and then (when the ids decided cross a multiple of `pruningStride`), the rows no one
        // can be waiting for are deleted. A failure costs nothing but the space: the next one retries.
        if let decided, decided.lowerBound / Self.pruningStride != decided.upperBound / Self.pruningStride {
            _ = try? intake.pruneIntake()
        }
    }

    /// How many intake ids apart, at most, sequencers prune the intake.
    static let pruningStride: Int64 = 1_024

    /// When no other writer holds the tip: appends `transfer` as a batch of one and gives its receipt
    /// or refusal. Nil, and nothing done, when another writer holds the tip.
    ///
    /// With `onLastTip` (the writer was alone last time too), it first appends on the tip its last
    /// write left, without reading it, in one round trip; when another writer has appended since, the
    /// storage refuses the link, and it reads the tip as any writer does. A writer that has met others
    /// lately does not: it would queue for the tip behind them only to be refused.
    private func appendingAlone(_ transfer: Transfer, intake: any IntakeStorage, judge: (Timestamp) throws -> TransferJudge,
                                onLastTip: Bool) throws -> Result<Receipt, LedgerError>? {
        try retryingWithKeysLookedUp { lookingUpKeys in
            let append = { (tip: ChainTip?) in
                try self.appendTransfers([transfer], after: tip, lookingUpKeys: lookingUpKeys, independently: false, judge: judge)[0]
            }
            if onLastTip, let appended = try intake.writeOnLastTip(append) { return appended }
            return try intake.writeIfFree(append)
        }
    }

    /// One round of the sequencer, in a write transaction that waits for the tip: appends the
    /// pending intake rows (row `own`, the caller's, among them), each on its own, records their
    /// outcomes and announces them. The ids of the rows it decided; nil means the intake was empty.
    private func sequencingRound(_ intake: any IntakeStorage, judge: (Timestamp) throws -> TransferJudge, own: Int64) throws -> ClosedRange<Int64>? {
        try retryingWithKeysLookedUp { lookingUpKeys in
            try intake.writeWithPending(limit: Self.sequencingLimit, including: own) { tip, pending in
                guard let first = pending.first?.id, let last = pending.last?.id else { return nil }
                var rows: [(id: Int64, transfer: Transfer)] = []
                for row in pending {
                    do {
                        rows.append((row.id, try Transfer(jsonBytes: row.transfer)))
                    } catch let error as RecordError {
                        try intake.recordOutcome(.refused(error), of: row.id)
                    }
                }
                let results = try appendTransfers(rows.map(\.transfer), after: tip, lookingUpKeys: lookingUpKeys, independently: true, judge: judge)
                for (row, result) in zip(rows, results) {
                    switch result {
                    case .success(let receipt):
                        try intake.recordOutcome(.recorded(seq: receipt.seq, duplicate: receipt.duplicate), of: row.id)
                    case .failure(.rejected(let error)):
                        try intake.recordOutcome(.refused(error), of: row.id)
                    case .failure(let error):
                        throw error
                    }
                }
                try intake.announceSequencing(of: first...last)
                return first...last
            }
        }
    }

    /// Runs `append` without looking up idempotency keys, and again with every key looked up when the
    /// unique index refused one: keys already recorded are rare, so the first attempt leaves them to
    /// the index.
    private func retryingWithKeysLookedUp<T>(_ append: (_ lookingUpKeys: Bool) throws -> T) throws -> T {
        do {
            return try append(false)
        } catch let error as any StorageErrorConvertible where error.storageError.uniqueColumn == "transfer.idempotency_key" {
            return try append(true)
        }
    }
}

extension IntakeOutcome {
    /// The outcome of a row that `error` refused.
    static func refused(_ error: RecordError) -> IntakeOutcome {
        .refused(field: error.field, rule: error.rule.rawValue, message: error.message)
    }
}
