import LedgerStorage

/// The intake of a PostgreSQL ledger (Schema/postgres/002-intake.sql, FORMAT.md §6.2).
extension PostgresStore: IntakeStorage {
    /// The channel sequencers notify and submitters listen on.
    static let intakeChannel = "ledger_intake"

    package func submit(_ transfers: [[UInt8]]) throws -> [Int64] {
        guard !readOnly else { throw StorageError(.readOnly, "the ledger was opened read-only") }
        // Listening before submitting: a sequencing committed from now on wakes this connection.
        if !isListening {
            try connection.execute("LISTEN \(Self.intakeChannel)")
            isListening = true
        }
        // Without the tip lock: concurrent writers' commits share WAL flushes. One row is one
        // statement, committed on its own (the session's commits are durable).
        guard transfers.count == 1 else {
            return try connection.transaction(.readWrite) { try transfers.map(submitOne) }
        }
        return [try submitOne(transfers[0])]
    }

    private func submitOne(_ transfer: [UInt8]) throws -> Int64 {
        guard let id = try connection.statement("INSERT INTO intake (transfer) VALUES ($1) RETURNING id").firstRow(.utf8(transfer), read: { $0.int64(0) }) else {
            throw StorageError(.io, "the intake returned no id")
        }
        return id
    }

    package func writeIfFree<T>(_ body: (ChainTip?) throws -> T) throws -> T? {
        guard !readOnly else { throw StorageError(.readOnly, "the ledger was opened read-only") }
        return try connection.transaction(.readWrite) {
            // Sent without waiting: BEGIN, the try and the tip read travel in one round trip; the
            // tip read starts after the try has finished, so when the lock was got it reads the tip
            // every earlier writer committed.
            try connection.statement(Self.tryTipLockSQL).send(.integer(PostgresSchema.lockKey), .integer(PostgresSchema.tipLock))
            let (tip, free) = try writeTip(free: true)
            defer { latestInWrite = nil }
            guard free else { return nil }
            return try body(tip)
        }
    }

    package func announceSequencing() throws {
        try connection.execute("NOTIFY \(Self.intakeChannel)")
    }

    package func awaitSequencing(milliseconds: Int32) throws -> Bool {
        try connection.awaitNotification(milliseconds: milliseconds)
    }

    package func pendingIntake(limit: Int, including own: Int64?) throws -> [(id: Int64, transfer: [UInt8])] {
        var pending: [(id: Int64, transfer: [UInt8])] = []
        // Rows are looked for just above the newest outcome: an id is drawn when a row is inserted but
        // becomes visible when its transaction commits, a moment later, so a row may commit after later
        // ids were sequenced. The window covers those; a row that missed it is still its submitter's,
        // who names it here when it sequences (and only then is the window's bound a matter of speed).
        try each("""
            SELECT i.id, i.transfer FROM intake i
            WHERE (i.id > coalesce((SELECT max(intake_id) FROM intake_outcome), 0) - $1 OR i.id = $2)
              AND NOT EXISTS (SELECT 1 FROM intake_outcome o WHERE o.intake_id = i.id)
            ORDER BY i.id LIMIT $3
            """, .integer(Self.intakeWindow), .integer(own ?? -1), .integer(Int64(limit))) { pending.append(($0.int64(0), $0.bytes(1))) }
        return pending
    }

    package func pendingIntakeIsEmpty() throws -> Bool {
        try pendingIntake(limit: 1, including: nil).isEmpty
    }

    /// How far below the newest outcome a sequencer looks for rows that committed late.
    static let intakeWindow: Int64 = 1_000

    package func recordOutcome(_ outcome: IntakeOutcome, of id: Int64) throws {
        let insert = try connection.statement("""
            INSERT INTO intake_outcome (intake_id, seq, duplicate, field, rule, message) VALUES ($1, $2, $3, $4, $5, $6)
            """)
        switch outcome {
        case .recorded(let seq, let duplicate):
            try insert.send(.integer(id), .integer(Int64(bitPattern: seq)), .integer(duplicate ? 1 : 0), .null, .null, .null)
        case .refused(let field, let rule, let message):
            try insert.send(.integer(id), .null, .integer(0), field.map { .text($0) } ?? .null, .text(rule), .text(message))
        }
    }

    package func outcome(of id: Int64) throws -> IntakeOutcome? {
        try connection.statement("SELECT seq, duplicate, field, rule, message FROM intake_outcome WHERE intake_id = $1").firstRow(.integer(id)) { row in
            row.isNull(0)
                ? .refused(field: row.isNull(2) ? nil : row.text(2), rule: row.text(3), message: row.text(4))
                : .recorded(seq: UInt64(bitPattern: row.int64(0)), duplicate: row.bool(1))
        }
    }
}

