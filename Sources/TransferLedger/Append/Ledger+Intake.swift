import LedgerFormat
import LedgerStorage

/// Single appends on a backend with an intake (FORMAT.md §6.2). When no other writer holds the tip,
/// the transfer is appended at once, as a batch of one. When one does, the transfer
/// is committed to the intake without the tip, and whichever writer holds the tip next appends it
/// with every other pending row in one transaction: many writers' single appends then share the
/// chain's commits instead of queueing for one commit each.
extension Ledger {
    /// The intake rows one sequencing appends at most: a batch as large as the batched appends that
    /// measured fastest.
    static let sequencingLimit = 1_000
    /// How long a submitter waits for a sequencing's notification before it tries the tip itself, in
    /// ms: long enough that a busy sequencer announces first, short enough that a row submitted just
    /// after a sequencer stopped is not left waiting.
    static let sequencingWait: Int32 = 20
    /// How long, in µs, a writer that found the tip held keeps taking the intake's waiting rows along.
    static let contentionMemory: Int64 = 1_000_000
    /// The most sequencings one writer runs back to back before it returns to its caller.
    static let sequencingRounds = 16

    /// When the tip is free: sequences pending rows (the caller's `own` among them) until none is
    /// left, or for `sequencingRounds` rounds. Whether the tip was free.
    private func sequencingUntilEmpty(_ intake: any IntakeStorage, judge: (Timestamp) throws -> TransferJudge, own: Int64) throws -> Bool {
        for round in 0..<Self.sequencingRounds {
            guard case .some = try sequencing(intake, judge: judge, with: nil, own: own, withPending: true) else { return round > 0 }
            guard try !intake.pendingIntakeIsEmpty() else { return true }
        }
        return true
    }

    /// Records one transfer and returns its receipt once the entry that holds it is committed. A
    /// structurally malformed transfer is refused before anything is written.
    func recordSingle(_ transfer: Transfer, intake: any IntakeStorage, judge: (Timestamp) throws -> TransferJudge) throws -> Receipt {
        // The tip is free: a batch of one, checked, judged and appended as any batch is. A writer
        // that met contention lately also takes the rows waiting in the intake, in the same commit;
        // one that did not spares the read, since no one is likely to be waiting.
        let contended = lastContention.map { Timestamp.now().microseconds - $0.microseconds < Self.contentionMemory } ?? false
        if case .some(.some(let appended)) = try sequencing(intake, judge: judge, with: transfer, own: nil, withPending: contended) {
            return try appended.get()
        }
        lastContention = Timestamp.now()
        // The tip is busy: check the transfer before it waits, so a malformed one is refused with
        // nothing written, then hand it to whoever sequences next.
        let referenceData = try engineInForce().referenceData
        do {
            try StructuralRules.check(transfer, referenceData: referenceData)
        } catch {
            throw LedgerError.rejected(error.inRecord(1))
        }
        guard let id = try intake.submit([CanonicalJSON.encode(transfer.jsonValue)]).first else {
            throw StorageError(.io, "the intake took no row")
        }
        // The writer holding the tip sequences until the intake is empty, so a waiter only tries the
        // tip itself when no sequencing was announced for a while: waking every waiter on every
        // sequencing to try the lock cost more than the sequencing it waited for.
        var outcome = try intake.outcome(of: id)
        var tryTip = true
        while outcome == nil {
            if tryTip, try sequencingUntilEmpty(intake, judge: judge, own: id) {
                outcome = try intake.outcome(of: id)
                continue
            }
            tryTip = try !intake.awaitSequencing(milliseconds: Self.sequencingWait)
            outcome = try intake.outcome(of: id)
        }
        switch outcome {
        case .recorded(let seq, let duplicate):
            guard let (entry, document) = try store.transferEntry(at: seq) else {
                throw LedgerError.damaged(seq: seq, reason: "the intake recorded this entry, which holds no transfer")
            }
            let payload = try? TransferPayload(bytes: entry.payload, privateDocument: document)
            return try Receipt(recorded: entry, idempotencyKey: transfer.idempotencyKey,
                           duplicate: duplicate, verdict: payload?.verdict)
        case .refused(let field, let rule, let message):
            throw LedgerError.rejected(RecordError(record: 1, field: field ?? "", rule: RecordError.Rule(rawValue: rule) ?? .syntax, message: message))
        case nil:
            throw StorageError(.io, "intake row \(id) was not sequenced")
        }
    }

    /// When no other writer holds the tip: appends (`withPending`) every pending intake row (row `own`,
    /// the caller's, among them), and `transfer` after them, each on its own, records the rows'
    /// outcomes, and gives `transfer`'s receipt or refusal (nil when `transfer` is nil). Nil, and
    /// nothing done, when another writer holds the tip.
    ///
    /// Keys already recorded are rare: the first attempt leaves them to the unique index, and only
    /// when it refuses one is the transaction run again with every key looked up.
    private func sequencing(_ intake: any IntakeStorage, judge: (Timestamp) throws -> TransferJudge,
                            with transfer: Transfer?, own: Int64?, withPending: Bool) throws -> Result<Receipt, LedgerError>?? {
        do {
            return try sequencing(intake, judge: judge, with: transfer, own: own, withPending: withPending, lookingUpKeys: false)
        } catch let error as any StorageErrorConvertible where error.storageError.uniqueColumn == "transfer.idempotency_key" {
            return try sequencing(intake, judge: judge, with: transfer, own: own, withPending: withPending, lookingUpKeys: true)
        }
    }

    private func sequencing(_ intake: any IntakeStorage, judge: (Timestamp) throws -> TransferJudge, with transfer: Transfer?,
                            own: Int64?, withPending: Bool, lookingUpKeys: Bool) throws -> Result<Receipt, LedgerError>?? {
        try intake.writeIfFree { tip in
            var rows: [(id: Int64?, transfer: Transfer)] = []
            let pending = withPending ? try intake.pendingIntake(limit: Self.sequencingLimit, including: own) : []
            for row in pending {
                do {
                    rows.append((row.id, try Transfer(jsonBytes: row.transfer)))
                } catch let error as RecordError {
                    try intake.recordOutcome(.refused(error), of: row.id)
                }
            }
            if let transfer { rows.append((nil, transfer)) }
            // The caller's transfer alone is a batch of one; with intake rows, each stands on its own.
            let alone = rows.count == 1 && rows[0].id == nil
            let results = try appendTransfers(rows.map(\.transfer), after: tip, lookingUpKeys: lookingUpKeys, independently: !alone, judge: judge)
            var own: Result<Receipt, LedgerError>?
            for (row, result) in zip(rows, results) {
                guard let id = row.id else {
                    own = result.mapError { error in
                        guard case .rejected(var record) = error else { return error }
                        record.record = 1
                        return .rejected(record)
                    }
                    continue
                }
                switch result {
                case .success(let receipt):
                    try intake.recordOutcome(.recorded(seq: receipt.seq, duplicate: receipt.duplicate), of: id)
                case .failure(.rejected(let error)):
                    try intake.recordOutcome(.refused(error), of: id)
                case .failure(let error):
                    throw error
                }
            }
            if rows.count > (transfer == nil ? 0 : 1) { try intake.announceSequencing() }
            return own
        }
    }
}

extension IntakeOutcome {
    /// The outcome of a row that `error` refused.
    static func refused(_ error: RecordError) -> IntakeOutcome {
        .refused(field: error.field, rule: error.rule.rawValue, message: error.message)
    }
}
