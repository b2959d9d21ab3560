internal import CLibPQ

extension PostgresConnection {
    /// How a transaction begins.
    enum TransactionKind {
        /// READ COMMITTED, for appends: they serialise on the tip themselves (an advisory lock,
        /// FORMAT.md §6.1), so a stricter level would only add retries. `synchronous_commit` is set
        /// for the transaction too, in the same round trip, so a connection pooler that drops
        /// session settings cannot make a receipt's commit asynchronous.
        case readWrite
        /// One REPEATABLE READ, READ ONLY snapshot, for verify and export: every statement sees the
        /// same committed state; runs on a hot standby too.
        case readOnlySnapshot
        /// SERIALIZABLE, for callers that prefer retrying on `40001` to locking.
        case serializable

        /// The statements that begin it, sent in pipeline mode: they travel with the transaction's
        /// first statement, in its round trip.
        var begin: [String] {
            switch self {
            case .readWrite: ["BEGIN ISOLATION LEVEL READ COMMITTED", "SET LOCAL synchronous_commit = on"]
            case .readOnlySnapshot: ["BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"]
            case .serializable: ["BEGIN ISOLATION LEVEL SERIALIZABLE", "SET LOCAL synchronous_commit = on"]
            }
        }
    }

    /// Runs `body` in a transaction of the given kind: commit if it returns, roll back if it throws.
    /// Not nestable. When it returns, the commit is durable (`synchronous_commit = on`).
    func transaction<T>(_ kind: TransactionKind = .readWrite, _ body: () throws -> T) throws -> T {
        do {
            for statement in kind.begin { try send(statement) }
            let result = try body()
            try commit()
            return result
        } catch {
            // The rollback's own failure would hide the cause, which is what the caller needs; on a
            // lost connection the server rolls back by itself. Results still pending (statements sent
            // before the body failed) are read and dropped first; writes still held are not sent.
            heldWrites = nil
            try? flushPipeline()
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// COMMIT, checked: on a transaction that already failed, PostgreSQL answers COMMIT with a
    /// successful "ROLLBACK", which must not pass for a commit.
    func commit() throws(PostgresError) {
        try sendHeldWrites()
        // After statements sent in pipeline mode, COMMIT joins them: one round trip for all.
        let pending = hasPendingResults && PQsendQueryParams(handle, "COMMIT", 0, nil, nil, nil, nil, 1) == 1
        if pending { pipelined.append("COMMIT") }
        let result = pending ? try collect(keepingLast: true) : try flushAndExecuteCommit()
        guard let result else { throw error(nil, sql: "COMMIT") }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else { throw error(result, sql: "COMMIT") }
        let tag = PQcmdStatus(result).map { String(cString: $0) }
        guard tag == "COMMIT" else {
            throw PostgresError(code: .inFailedSQLTransaction, message: "the transaction had failed and was rolled back", sql: "COMMIT", secrets: secrets)
        }
    }

    private func flushAndExecuteCommit() throws(PostgresError) -> OpaquePointer? {
        try flushPipeline()
        return PQexec(handle, "COMMIT")
    }
}
