internal import CLibPQ

/// libpq's pipeline mode for the write path: the statements of an append are sent without waiting
/// for each result, and the results are read together at the next point that needs one (a read, the
/// commit, or a full window), so an entry's four or five inserts cost no round trip of their own.
///
/// A statement's failure is therefore reported where the results are read, not where it was sent:
/// the first failure, with that statement's SQL, is thrown there, every later statement is skipped by
/// the server (PGRES_PIPELINE_ABORTED) and the transaction can only roll back, so a batch stays all
/// or nothing and no receipt is returned for it.
extension PostgresConnection {
    /// Statements sent before their results are collected: bounded, so that the server's replies
    /// (a few dozen bytes each) never fill the socket while this side is still sending, which would
    /// block both.
    static let pipelineWindow = 512

    /// Whether statements have been sent whose results are still to be read.
    var hasPendingResults: Bool { !pipelined.isEmpty }

    /// Sends SQL without parameters (BEGIN, SET LOCAL) in pipeline mode, without waiting.
    func send(_ sql: String) throws(PostgresError) {
        try sendHeldWrites()
        try enterPipeline()
        guard PQsendQueryParams(handle, sql, 0, nil, nil, nil, nil, 1) == 1 else { throw abandonPipeline(sql: sql) }
        try sent(sql)
    }

    /// Records that `sql` was sent; collects the results once the window is full (unless results
    /// to keep are pending: those few statements are read together by `collectKept`).
    func sent(_ sql: String, keepingResult: Bool = false) throws(PostgresError) {
        if keepingResult { keptResults.append(pipelined.count) }
        pipelined.append(sql)
        if pipelined.count >= Self.pipelineWindow, keptResults.isEmpty { try flushPipeline() }
    }

    /// Reads every pending result, leaves pipeline mode and returns the results of the statements
    /// sent with `keepingResult`, in order: several reads in one round trip. Throws the first failure.
    func collectKept() throws(PostgresError) -> [PostgresResult] {
        try sendHeldWrites()
        return try collect(keeping: Set(keptResults)).map(PostgresResult.init)
    }

    func enterPipeline() throws(PostgresError) {
        guard PQpipelineStatus(handle) == PQ_PIPELINE_OFF else { return }
        guard PQenterPipelineMode(handle) == 1 else { throw error(nil, sql: nil) }
    }

    /// Reads every pending result and leaves pipeline mode; throws the first failure.
    func flushPipeline() throws(PostgresError) {
        try sendHeldWrites()
        guard PQpipelineStatus(handle) != PQ_PIPELINE_OFF else { return }
        if let last = try collect(keepingLast: false) { PQclear(last) }
    }

    /// Sends a sync, reads every pending result and leaves pipeline mode. With `keepingLast`, the last
    /// statement's successful result is returned for the caller to read and clear. Throws the first
    /// failure (later statements were skipped), or the connection's error.
    func collect(keepingLast: Bool) throws(PostgresError) -> OpaquePointer? {
        try collect(keeping: keepingLast ? [pipelined.count - 1] : []).last
    }

    /// Sends a sync, reads every pending result and leaves pipeline mode; returns the successful
    /// results of the statements at `keeping` (indexes in the order sent), for the caller to clear.
    private func collect(keeping: Set<Int>) throws(PostgresError) -> [OpaquePointer] {
        let statements = pipelined
        pipelined.removeAll(keepingCapacity: true)
        keptResults.removeAll()
        guard PQpipelineSync(handle) == 1 else { throw abandonPipeline(sql: statements.last) }
        var failure: PostgresError?
        var kept: [OpaquePointer] = []
        for (index, sql) in statements.enumerated() {
            // Each statement's results end with a null; a lost connection ends them early, so the
            // loop is bounded by the statements sent.
            while let result = PQgetResult(handle) {
                switch PQresultStatus(result) {
                case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
                    if keeping.contains(index), failure == nil {
                        kept.append(result)
                        continue
                    }
                case PGRES_PIPELINE_ABORTED:
                    break
                default:
                    if failure == nil { failure = error(result, sql: sql) }
                }
                PQclear(result)
            }
        }
        if let sync = PQgetResult(handle) {
            let status = PQresultStatus(sync)
            PQclear(sync)
            if status != PGRES_PIPELINE_SYNC, failure == nil { failure = error(nil, sql: statements.last) }
        } else if failure == nil {
            failure = error(nil, sql: statements.last)
        }
        if PQexitPipelineMode(handle) != 1, failure == nil { failure = error(nil, sql: statements.last) }
        if let failure {
            kept.forEach(PQclear)
            throw failure
        }
        return kept
    }

    /// After a send failed (the connection is gone): forgets the pending statements and reports why.
    private func abandonPipeline(sql: String?) -> PostgresError {
        let failure = error(nil, sql: sql)
        pipelined.removeAll()
        keptResults.removeAll()
        _ = PQexitPipelineMode(handle)
        return failure
    }
}
