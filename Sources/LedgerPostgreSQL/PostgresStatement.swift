internal import CLibPQ

/// A named prepared statement owned by its `PostgresConnection`'s cache; like the SQLite wrapper's,
/// it must not outlive its connection (it holds it unowned, as the cache holds it strongly).
///
/// Results come back in binary format (`PostgresRow`); parameters are encoded for the types the
/// server resolved when it was prepared (`PostgresParameters`).
final class PostgresStatement {
    private unowned let connection: PostgresConnection
    /// The server-side name, unique on its connection.
    let name: String
    let sql: String
    /// The parameter types as the server resolved them, one per `$n`.
    let parameterTypes: [UInt32]
    private var parameters = PostgresParameters()

    /// Binary results: integers and hashes arrive as bytes to use, not text to parse.
    private static let binary: Int32 = 1

    init(connection: PostgresConnection, name: String, sql: String, parameterTypes: [UInt32]) {
        self.connection = connection
        self.name = name
        self.sql = sql
        self.parameterTypes = parameterTypes
    }

    /// Runs the statement with `values` bound to $1, $2, …, discarding any rows; returns the number of
    /// rows it inserted, updated or deleted.
    @discardableResult
    func run(_ values: PostgresValue...) throws(PostgresError) -> Int {
        try run(bindings: values)
    }

    /// `run` with the values in an array.
    @discardableResult
    func run(bindings values: [PostgresValue]) throws(PostgresError) -> Int {
        let result = try execute(values)
        defer { PQclear(result) }
        return PQcmdTuples(result).flatMap { Int(String(cString: $0)) } ?? 0
    }

    /// Sends the statement in pipeline mode without waiting for its result, for writes whose results
    /// only matter if they fail: the failure is thrown by the next call that reads a result on this
    /// connection (a read, the commit), and the transaction then rolls back
    /// (PostgresConnection+Pipeline.swift).
    func send(_ values: PostgresValue...) throws(PostgresError) {
        try send(values, keepingResult: false)
    }

    /// `send` with the values in an array.
    func send(bindings values: [PostgresValue]) throws(PostgresError) {
        try send(values, keepingResult: false)
    }

    /// Sends the statement in pipeline mode like `send`, but keeps its result for
    /// `PostgresConnection.collectKept`, which reads it with the others in one round trip.
    func sendKeepingResult(_ values: PostgresValue...) throws(PostgresError) {
        try send(values, keepingResult: true)
    }

    private func send(_ values: [PostgresValue], keepingResult: Bool) throws(PostgresError) {
        try connection.sendHeldWrites()
        try connection.enterPipeline()
        try parameters.encode(values, types: parameterTypes, sql: sql)
        let handle = connection.handle
        let sent = parameters.withArrays { values, lengths, formats in
            PQsendQueryPrepared(handle, name, Int32(parameterTypes.count), values, lengths, formats, Self.binary)
        }
        guard sent == 1 else {
            let failure = connection.error(nil, sql: sql)
            try? connection.flushPipeline()
            throw failure
        }
        try connection.sent(sql, keepingResult: keepingResult)
    }

    /// Reads the first row with `read`; nil when there is none. The whole result is fetched, so use it
    /// for results of a few rows; stream others with `forEachRow`.
    func firstRow<T>(_ values: PostgresValue..., read: (PostgresRow) throws -> T) throws -> T? {
        let result = try execute(values)
        defer { PQclear(result) }
        guard PQntuples(result) > 0 else { return nil }
        return try read(PostgresRow(result: result, row: 0))
    }

    /// Streams the rows in constant memory: single-row mode, one row in client memory at a time.
    ///
    /// If `body` throws, the rest of the result is still read (and dropped) before the error is
    /// rethrown, since a connection can run nothing else until its result is consumed; cancelling
    /// instead could race with and cancel the next statement.
    func forEachRow(_ values: PostgresValue..., body: (PostgresRow) throws -> Void) throws {
        try forEachRow(bindings: values, body: body)
    }

    /// `forEachRow` with the values in an array.
    func forEachRow(bindings values: [PostgresValue], body: (PostgresRow) throws -> Void) throws {
        try connection.flushPipeline()
        let handle = connection.handle
        try parameters.encode(values, types: parameterTypes, sql: sql)
        let sent = parameters.withArrays { values, lengths, formats in
            PQsendQueryPrepared(handle, name, Int32(parameterTypes.count), values, lengths, formats, Self.binary)
        }
        guard sent == 1 else { throw connection.error(nil, sql: sql) }
        // Only fails if called at the wrong moment, which the line above rules out; a failure would
        // only mean the whole result arrives at once, still correct.
        _ = PQsetSingleRowMode(handle)
        var failure: (any Error)?
        while let result = PQgetResult(handle) {
            defer { PQclear(result) }
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE, PGRES_TUPLES_OK:
                guard failure == nil else { continue }
                do {
                    for row in 0..<PQntuples(result) { try body(PostgresRow(result: result, row: row)) }
                } catch {
                    failure = error
                }
            case PGRES_COMMAND_OK:
                continue
            default:
                if failure == nil { failure = connection.error(result, sql: sql) }
            }
        }
        if let failure { throw failure }
    }

    /// Runs the statement to completion and returns its successful result, which the caller clears.
    /// Runs the statement to completion and returns all its rows, owned by the caller: unlike
    /// `forEachRow`, other statements may run on the connection while the rows are read, so a
    /// caller streams a large result as pages of bounded size (keyset pagination).
    func rows(bindings values: [PostgresValue]) throws(PostgresError) -> PostgresResult {
        PostgresResult(try execute(values))
    }

    private func execute(_ values: [PostgresValue]) throws(PostgresError) -> OpaquePointer {
        try connection.sendHeldWrites()
        let handle = connection.handle
        try parameters.encode(values, types: parameterTypes, sql: sql)
        // After statements sent in pipeline mode, this one joins them: one round trip for all.
        if connection.hasPendingResults {
            let sent = parameters.withArrays { values, lengths, formats in
                PQsendQueryPrepared(handle, name, Int32(parameterTypes.count), values, lengths, formats, Self.binary)
            }
            if sent == 1 { connection.pipelined.append(sql) }
            guard let result = try connection.collect(keepingLast: sent == 1), sent == 1 else { throw connection.error(nil, sql: sql) }
            return result
        }
        try connection.flushPipeline()
        let result = parameters.withArrays { values, lengths, formats in
            PQexecPrepared(handle, name, Int32(parameterTypes.count), values, lengths, formats, Self.binary)
        }
        guard let result else { throw connection.error(nil, sql: sql) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let error = connection.error(result, sql: sql)
            PQclear(result)
            throw error
        }
        return result
    }
}

@available(*, unavailable)
extension PostgresStatement: Sendable {}
