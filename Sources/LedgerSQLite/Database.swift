internal import CSQLite

/// One SQLite connection with a cache of prepared statements.
///
/// Confined to one thread at a time (`SQLITE_OPEN_NOMUTEX`), hence not `Sendable`; the ledger owns
/// exactly one per open file.
package final class Database {
    /// How a file is opened.
    enum Mode {
        case readOnly, readWrite, readWriteCreate
        /// Read-only, telling SQLite the file cannot change while open (`immutable=1`): no locks, no
        /// WAL or shared-memory files, so it opens on read-only media. Only for files nobody can write.
        case readOnlyImmutable
    }

    private let handle: OpaquePointer
    private var statements: [StatementKey: Statement] = [:]
    /// The path the connection was opened with.
    let path: String

    init(path: String, mode: Mode) throws(SQLiteError) {
        var handle: OpaquePointer?
        let flags = switch mode {
        case .readOnly: SQLITE_OPEN_READONLY
        case .readWrite: SQLITE_OPEN_READWRITE
        case .readWriteCreate: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readOnlyImmutable: SQLITE_OPEN_READONLY | SQLITE_OPEN_URI
        }
        let name = mode == .readOnlyImmutable ? Self.immutableURI(path) : path
        let code = sqlite3_open_v2(name, &handle, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(handle)
            throw SQLiteError(code: code, message: message, sql: nil)
        }
        self.handle = handle
        self.path = path
        sqlite3_extended_result_codes(handle, 1)
        csqlite_disable_double_quoted_strings(handle)
    }

    /// `path` as a `file:` URI with `immutable=1`; `%`, `?` and `#` escaped so they stay in the path,
    /// and an absolute path given an empty authority so `//` cannot be read as a host.
    static func immutableURI(_ path: String) -> String {
        var escaped = ""
        for character in path {
            switch character {
            case "%": escaped += "%25"
            case "?": escaped += "%3F"
            case "#": escaped += "%23"
            default: escaped.append(character)
            }
        }
        return (path.hasPrefix("/") ? "file://" : "file:") + escaped + "?immutable=1"
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements that take no parameters and return no rows.
    func execute(_ sql: String) throws(SQLiteError) {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw error(code, sql: sql) }
    }

    /// The cached prepared statement for `sql`, reset and cleared of bindings.
    func statement(_ sql: String) throws(SQLiteError) -> Statement {
        if let cached = statements[StatementKey(sql)] {
            cached.reset()
            return cached
        }
        let statement = try uncachedStatement(sql)
        statements[StatementKey(sql)] = statement
        return statement
    }

    /// A new prepared statement for `sql`, of the caller's own: for several cursors over the same
    /// query at once, which one cached statement cannot be.
    func uncachedStatement(_ sql: String) throws(SQLiteError) -> Statement {
        var pointer: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil)
        guard code == SQLITE_OK, let pointer else { throw error(code, sql: sql) }
        return Statement(pointer: pointer, database: self, sql: sql)
    }

    /// The integer result of a one-row, one-column query such as a PRAGMA.
    func integer(_ sql: String) throws(SQLiteError) -> Int64 {
        try statement(sql).firstRow { $0.int64(0) } ?? 0
    }

    /// Sets how long a writer waits for another process's lock before giving up.
    func setBusyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(handle, milliseconds)
    }

    /// Runs `body` in a transaction of the given kind: commit if it returns, roll back if it throws.
    ///
    /// BEGIN and COMMIT run as cached statements: parsing them anew cost a few microseconds per
    /// transaction, as much as hashing a one-entry append.
    func transaction<T>(_ kind: String = "IMMEDIATE", _ body: () throws -> T) throws -> T {
        try statement("BEGIN \(kind)").run()
        do {
            let result = try body()
            try statement("COMMIT").run()
            return result
        } catch {
            // The rollback's own failure would hide the cause; the cause is what the caller needs.
            try? execute("ROLLBACK")
            throw error
        }
    }

    func error(_ code: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}

@available(*, unavailable)
extension Database: Sendable {}

/// A statement cache key that hashes only the SQL's length and last bytes: statements are looked up
/// on every append, and hashing whole statements cost more than running the short ones. Equality
/// still compares the whole text, so two statements that share a hash only share a bucket.
private struct StatementKey: Hashable {
    let sql: String

    init(_ sql: String) {
        self.sql = sql
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(sql.utf8.count)
        _ = sql.utf8.withContiguousStorageIfAvailable { utf8 in
            hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: utf8.suffix(24))))
        }
    }
}
