#if canImport(Glibc)
internal import Glibc
#endif
internal import CLibPQ

/// One libpq connection to a PostgreSQL database, with a cache of named prepared statements.
///
/// Confined to one thread at a time (libpq connections are not safe to share), hence not `Sendable`;
/// each appender or reader owns its own. Durable commits are this connection's default: it sets
/// `synchronous_commit = on` for the session, whatever the server's or the role's default. It also
/// turns JIT compilation off: the ledger's statements are short, and a compilation the planner's
/// estimates set off costs tens of ms, which one sequencing round holding the tip must not pay.
package final class PostgresConnection {
    let handle: OpaquePointer
    /// The passwords this connection may know (from the URI, the environment or ~/.pgpass), redacted
    /// from every message it reports.
    let secrets: [String]
    /// The connection string with its password masked, fit to print.
    let redactedURI: String
    private var statements: [String: PostgresStatement] = [:]
    private var statementCount = 0
    /// The SQL of each statement sent in pipeline mode whose result is still to be read
    /// (PostgresConnection+Pipeline.swift); empty when the connection is not in pipeline mode.
    var pipelined: [String] = []
    /// The indexes in `pipelined` of the statements whose results `collectKept` returns.
    var keptResults: [Int] = []
    /// Writes held back to be sent together (`PostgresStore`'s held rows): sent before the next
    /// statement of any kind, so that the server runs statements in the order they were made, and
    /// dropped when the transaction rolls back.
    var heldWrites: (() throws(PostgresError) -> Void)?

    /// Seconds libpq waits for the server when neither the URI nor PGCONNECT_TIMEOUT says: without it
    /// an unreachable host waits for the kernel's TCP timeout, minutes.
    static let defaultConnectTimeout = 10

    /// Connects with a libpq URI (`postgresql://user@host/db?sslmode=verify-full`) or key/value string.
    ///
    /// Credentials and TLS settings follow libpq's conventions, passed straight through: PGPASSWORD,
    /// ~/.pgpass, PGSERVICE, `sslmode`, `sslrootcert`…
    init(uri: String) throws(PostgresError) {
        var secrets = PostgresRedaction.passwords(in: uri)
        if let password = getenv("PGPASSWORD").map({ String(cString: $0) }), !password.isEmpty { secrets.append(password) }
        redactedURI = PostgresRedaction.redact(uri, secrets: secrets)

        // Defaults first: with expand_dbname, the URI's own settings (and later keywords) override
        // earlier ones. The client encoding is fixed, since canonical bytes are UTF-8.
        var keywords = ["fallback_application_name", "client_encoding"]
        var values = ["transferledger", "UTF8"]
        if getenv("PGCONNECT_TIMEOUT") == nil {
            keywords.append("connect_timeout")
            values.append(String(Self.defaultConnectTimeout))
        }
        keywords.append("dbname")
        values.append(uri)
        let connection = Self.withCStrings(keywords) { keywords in
            Self.withCStrings(values) { values in PQconnectdbParams(keywords, values, 1) }
        }
        guard let connection else {
            throw PostgresError(code: .unableToConnect, message: "libpq could not allocate a connection")
        }
        if let password = PQpass(connection).map({ String(cString: $0) }), !password.isEmpty, !secrets.contains(password) {
            secrets.append(password)
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let error = Self.connectionError(connection, secrets: secrets)
            PQfinish(connection)
            throw error
        }
        handle = connection
        self.secrets = secrets
        // Notices (a TRUNCATE cascading, a NOTICE from a migration) would go to stderr by default.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        try execute("SET synchronous_commit = on; SET jit = off")
    }

    deinit {
        // Prepared statements die with the session; nothing to deallocate one by one.
        PQfinish(handle)
    }

    /// The server's version as an integer (150018 for 15.18).
    var serverVersion: Int32 { PQserverVersion(handle) }

    /// Whether the connection is still up, as far as libpq knows without a round trip.
    var isConnected: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Whether a transaction is open on the session (idle in it, or failed and awaiting ROLLBACK).
    var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// Runs SQL that takes no parameters, one statement or several (a migration); rows are discarded.
    func execute(_ sql: String) throws(PostgresError) {
        try sendHeldWrites()
        try flushPipeline()
        guard let result = PQexec(handle, sql) else { throw error(nil, sql: sql) }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else { throw error(result, sql: sql) }
    }

    /// The cached prepared statement for `sql`, prepared on the server under a name of its own the
    /// first time (one round trip to prepare, one to learn its parameter types).
    func statement(_ sql: String) throws(PostgresError) -> PostgresStatement {
        if let cached = statements[sql] { return cached }
        assert(keptResults.isEmpty, "preparing would drop the results kept for collectKept")
        try flushPipeline()
        statementCount += 1
        let name = "tl\(statementCount)"
        guard let prepared = PQprepare(handle, name, sql, 0, nil) else { throw error(nil, sql: sql) }
        defer { PQclear(prepared) }
        guard PQresultStatus(prepared) == PGRES_COMMAND_OK else { throw error(prepared, sql: sql) }
        guard let description = PQdescribePrepared(handle, name) else { throw error(nil, sql: sql) }
        defer { PQclear(description) }
        guard PQresultStatus(description) == PGRES_COMMAND_OK else { throw error(description, sql: sql) }
        let types = (0..<PQnparams(description)).map { PQparamtype(description, $0) }
        let statement = PostgresStatement(connection: self, name: name, sql: sql, parameterTypes: types)
        statements[sql] = statement
        return statement
    }

    /// Sends the held writes, if any, before the statement about to go.
    func sendHeldWrites() throws(PostgresError) {
        guard let writes = heldWrites else { return }
        heldWrites = nil
        try writes()
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { $0.map { UnsafePointer($0) } } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}

@available(*, unavailable)
extension PostgresConnection: Sendable {}
