import LedgerStorage

/// The intake of a PostgreSQL ledger (Schema/postgres/002-intake.sql, FORMAT.md §6.2).
extension PostgresStore: IntakeStorage {
    /// The channel sequencers notify and submitters listen on.
    static let intakeChannel = "ledger_intake"

    package func submit(_ transfer: [UInt8], claiming: Bool) throws -> (id: Int64, claimed: Bool) {
        guard !readOnly else { throw StorageError(.readOnly, "the ledger was opened read-only") }
        // Listening before submitting: a sequencing committed from now on wakes this connection.
        if !isListening {
            try connection.execute("LISTEN \(Self.intakeChannel)")
            isListening = true
        }
        // One statement in its own transaction, without the tip lock, and without waiting for the WAL
        // flush: the row is acknowledged to no one. Its submitter's receipt waits for the sequencing
        // that records its outcome, whose durable commit flushes the WAL up to that commit, this
        // row's commit included (FORMAT.md §6.2); a row lost in a crash before any flush was never
        // acknowledged, and a retry with its idempotency key records it once. The transaction-local
        // setting, made by the CTE the insert reads from, is the one in force when the statement's
        // implicit transaction commits.
        let submitted = try connection.statement("""
            WITH unflushed AS (SELECT pg_catalog.set_config('synchronous_commit', 'off', true)),
                 submitted AS (INSERT INTO intake (transfer) SELECT $1 FROM unflushed RETURNING id)
            SELECT id, CASE WHEN $2 = 1 THEN pg_catalog.pg_try_advisory_lock($3, $4) ELSE false END FROM submitted
            """).firstRow(.utf8(transfer), .integer(claiming ? 1 : 0), .integer(PostgresSchema.lockKey), .integer(PostgresSchema.sequencerLock)) {
            (id: $0.int64(0), claimed: $0.bool(1))
        }
        guard let submitted else { throw StorageError(.io, "the intake returned no id") }
        return submitted
    }

    package func writeIfFree<T>(_ body: (ChainTip?) throws -> T) throws -> T? {
        guard !readOnly else { throw StorageError(.readOnly, "the ledger was opened read-only") }
        return try writeTransaction {
            // Sent without waiting: BEGIN, the try and the tip read travel in one round trip; the
            // tip read starts after the try has finished, so when the lock was got it reads the tip
            // every earlier writer committed.
            try connection.statement(Self.tryTipLockSQL).send(.integer(PostgresSchema.lockKey), .integer(PostgresSchema.tipLock))
            let (tip, free) = try writeTip(free: true)
            guard free else { return nil }
            return try body(tip)
        }
    }

    package func writeOnLastTip<T>(_ body: (ChainTip?) throws -> T) throws -> T? {
        guard !readOnly, let last = lastWrite else { return nil }
        do {
            return try writeTransaction {
                // Nothing is read: BEGIN, the lock, the inserts and COMMIT go in one round trip. The
                // entry trigger, which runs once the lock is held, refuses the entry if the tip moved.
                try connection.statement(PostgresSchema.lock).send(.integer(PostgresSchema.lockKey), .integer(PostgresSchema.tipLock))
                (tipInWrite, latestInWrite) = (last.tip, last.latest)
                return try body(last.tip)
            }
        } catch let error as PostgresError where error.isRefusedLink {
            return nil
        }
    }

    package func announceSequencing(of ids: ClosedRange<Int64>) throws {
        // pg_notify in the transaction: delivered when it commits, sent with the appends (no round trip).
        try connection.statement("SELECT pg_catalog.pg_notify($1, $2)").send(.text(Self.intakeChannel), .text("\(ids.lowerBound)-\(ids.upperBound)"))
    }

    package func awaitSequencing(of id: Int64, milliseconds: Int32) throws -> Bool {
        try connection.awaitNotification(milliseconds: milliseconds) { payload in
            guard payload != Self.releasedPayload else { return true }
            let bounds = payload.split(separator: "-").compactMap { Int64($0) }
            return bounds.count == 2 && bounds[0] <= id && id <= bounds[1]
        }
    }

    /// The payload that says the sequencer's claim was released.
    static let releasedPayload = "released"

    package func poll(_ id: Int64, claiming: Bool) throws -> IntakePoll {
        // The entry and its private document come with the outcome, and the claim is tried only
        // while the row is pending: one round trip whatever the answer.
        let poll = try connection.statement("""
            SELECT o.intake_id, o.seq, o.duplicate, o.field, o.rule, o.message, \(Self.entryColumns), p.document,
                   CASE WHEN o.intake_id IS NULL AND i.id IS NOT NULL AND $2 = 1 THEN pg_catalog.pg_try_advisory_lock($3, $4) ELSE false END,
                   i.id IS NULL
            FROM (VALUES (1)) AS one
            LEFT JOIN intake i ON i.id = $1
            LEFT JOIN intake_outcome o ON o.intake_id = $1
            LEFT JOIN entry e ON e.seq = o.seq
            LEFT JOIN transfer_private p ON p.seq = o.seq
            """).firstRow(.integer(id), .integer(claiming ? 1 : 0), .integer(PostgresSchema.lockKey), .integer(PostgresSchema.sequencerLock)) { row -> IntakePoll in
            if row.isNull(0) { return row.bool(15) ? .pruned : row.bool(14) ? .claimed : .pending }
            if row.isNull(1) { return .refused(field: row.isNull(3) ? nil : row.text(3), rule: row.text(4), message: row.text(5)) }
            guard !row.isNull(6) else {
                throw StorageError(.corrupt, "intake row \(id) was recorded as entry \(row.int64(1)), which holds no transfer")
            }
            // An erased private document reads as empty, as everywhere (FORMAT.md §4.6).
            return .recorded(entry: Self.entry(from: row, column: 6), document: row.isNull(13) ? [] : row.bytes(13), duplicate: row.bool(2))
        }
        guard let poll else { throw StorageError(.io, "the intake poll returned no row") }
        return poll
    }

    package func pruneIntake() throws -> Int64 {
        try connection.statement("SELECT ledger_prune_intake()").firstRow { $0.int64(0) } ?? 0
    }

    package func releaseSequencing() throws {
        // One simple query, one round trip: the lock goes first, so a submitter woken by the
        // notification finds it free.
        try connection.execute("""
            SELECT pg_catalog.pg_advisory_unlock(\(PostgresSchema.lockKey), \(PostgresSchema.sequencerLock)); \
            NOTIFY \(Self.intakeChannel), '\(Self.releasedPayload)'
            """)
    }

    package func writeWithPending<T>(limit: Int, including own: Int64?, _ body: (ChainTip?, [(id: Int64, transfer: [UInt8])]) throws -> T) throws -> T {
        guard !readOnly else { throw StorageError(.readOnly, "the ledger was opened read-only") }
        // Prepared first: preparing reads every pending result, which would drop those kept.
        let (lock, tipRead, pendingRead) = (try connection.statement(Self.sequencingLockSQL), try connection.statement(Self.tipSQL(free: false)),
                                            try connection.statement(Self.pendingSQL))
        return try writeTransaction {
            // BEGIN, the lock, the tip and the pending rows in one round trip: in READ COMMITTED each
            // read takes its snapshot when it starts, after the lock was granted.
            try lock.send(.integer(PostgresSchema.lockKey), .integer(PostgresSchema.tipLock))
            try tipRead.sendKeepingResult()
            try pendingRead.sendKeepingResult(.integer(Self.intakeWindow), .integer(own ?? -1), .integer(Int64(limit)))
            let results = try connection.collectKept()
            guard results.count == 2 else { throw StorageError(.io, "the tip and the intake were not read") }
            let (tip, _) = readTip(results[0].count > 0 ? results[0].row(0) : nil, free: false)
            let pending = (0..<results[1].count).map { index in
                let row = results[1].row(index)
                return (id: row.int64(0), transfer: row.bytes(1))
            }
            return try body(tip, pending)
        }
    }

    /// The tip lock, and no sequential scan for the rest of the round's transaction. The intake's
    /// size swings (empty, then up to ten minutes of submissions), so its statistics are often far
    /// from the truth, and a plan made when they say "empty" (a sequential scan of the intake with
    /// a probe per row) stays cached for the connection: measured after a `VACUUM ANALYZE` of an
    /// empty intake beside a million entries, 22 ms and 2,484 buffers per pending read, against
    /// 1.2 ms. Every statement a round runs has an index to use instead.
    static let sequencingLockSQL =
        "SELECT pg_catalog.pg_advisory_xact_lock($1, $2), pg_catalog.set_config('enable_seqscan', 'off', true)"

    /// The intake rows without an outcome, oldest first: $1 the window, $2 the caller's own row, $3
    /// the limit.
    ///
    /// Rows are looked for just above the newest outcome: an id is drawn when a row is inserted but
    /// becomes visible when its transaction commits, a moment later, so a row may commit after later
    /// ids were sequenced. The window covers those; a row that missed it is still its submitter's,
    /// who names it here when it sequences (and only then is the window's bound a matter of speed).
    ///
    /// The cost follows the window, not the tables, which only grow: the range is an index condition
    /// (no OR beside it), and the outcome of each row in it is probed by its key (a scalar subquery,
    /// which the planner cannot turn into a join that reads every outcome). The range is closed by
    /// the newest row: the planner, which cannot know either bound, guesses a third of the table for
    /// each, so two bounds keep its guess at a ninth and the index scan well ahead of a sequential
    /// one however the intake grows (at run time the range holds about the window's rows).
    static let pendingSQL = """
        WITH low AS (SELECT coalesce(max(intake_id), 0) - $1 AS id, (SELECT coalesce(max(id), 0) FROM intake) AS top FROM intake_outcome)
        SELECT i.id, i.transfer FROM low, intake i
        WHERE i.id > low.id AND i.id <= low.top AND (SELECT o.intake_id FROM intake_outcome o WHERE o.intake_id = i.id) IS NULL
        UNION ALL
        SELECT i.id, i.transfer FROM low, intake i
        WHERE i.id = $2 AND i.id <= low.id AND (SELECT o.intake_id FROM intake_outcome o WHERE o.intake_id = i.id) IS NULL
        ORDER BY 1 LIMIT $3
        """

    /// How far below the newest outcome a sequencer looks for rows that committed late.
    static let intakeWindow: Int64 = 256

    package func recordOutcome(_ outcome: IntakeOutcome, of id: Int64) throws {
        // Held with the round's entries, and sent with them as one statement.
        switch outcome {
        case .recorded(let seq, let duplicate):
            held.outcome.append(.integer(id), .integer(Int64(bitPattern: seq)), .integer(duplicate ? 1 : 0), .null, .null, .null)
        case .refused(let field, let rule, let message):
            held.outcome.append(.integer(id), .null, .integer(0), field.map { .text($0) } ?? .null, .text(rule), .text(message))
        }
        holdUntilNextStatement()
    }
}
