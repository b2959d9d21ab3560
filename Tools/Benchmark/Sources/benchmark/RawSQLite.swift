import BenchSQLite
import Foundation

/// The thinnest possible SQLite access for the baselines: C calls, prepared statements, no wrappers
/// that allocate. Failures abort the benchmark.
final class RawDatabase {
    let handle: OpaquePointer

    init(path: String, readOnly: Bool = false) {
        var handle: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let handle else {
            fail("sqlite3_open_v2 \(path) failed")
        }
        self.handle = handle
        sqlite3_busy_timeout(handle, 10_000)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// The pragmas the ledger sets on its connections (read-only ones: the same cache, and query_only).
    func configureLikeLedger(readOnly: Bool = false) {
        execute("PRAGMA cache_size = -65536")
        if readOnly {
            execute("PRAGMA query_only = ON")
        } else {
            execute("PRAGMA synchronous = FULL")
            execute("PRAGMA foreign_keys = ON")
        }
    }

    func execute(_ sql: String) {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "?"
            fail("SQL failed: \(text)\n\(sql)")
        }
    }

    func prepare(_ sql: String) -> RawStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
              let statement
        else { fail("prepare failed: \(String(cString: sqlite3_errmsg(handle)))\n\(sql)") }
        return RawStatement(statement, database: self)
    }

    func integer(_ sql: String) -> Int64 {
        let statement = prepare(sql)
        guard statement.step() else { return 0 }
        return statement.int64(0)
    }

    var errorMessage: String { String(cString: sqlite3_errmsg(handle)) }
}

final class RawStatement {
    let pointer: OpaquePointer
    unowned let database: RawDatabase

    init(_ pointer: OpaquePointer, database: RawDatabase) {
        self.pointer = pointer
        self.database = database
    }

    deinit {
        sqlite3_finalize(pointer)
    }

    @inline(__always) func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(pointer, index, value)
    }

    /// Binds text that stays valid until the statement is stepped (SQLITE_STATIC: no copy).
    @inline(__always) func bindText(_ index: Int32, _ base: UnsafePointer<UInt8>, _ count: Int32) {
        base.withMemoryRebound(to: CChar.self, capacity: Int(count)) {
            _ = sqlite3_bind_text(pointer, index, $0, count, nil)
        }
    }

    @inline(__always) func bindBlob(_ index: Int32, _ base: UnsafePointer<UInt8>, _ count: Int32) {
        sqlite3_bind_blob(pointer, index, base, count, nil)
    }

    func bindText(_ index: Int32, _ string: String) {
        sqlite3_bind_text(pointer, index, string, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }

    /// Steps; true for a row, false when done; aborts on an error.
    @inline(__always) @discardableResult func step() -> Bool {
        let code = sqlite3_step(pointer)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        fail("step failed (\(code)): \(database.errorMessage)")
    }

    @inline(__always) func reset() {
        sqlite3_reset(pointer)
    }

    @inline(__always) func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(pointer, column)
    }

    /// The column's bytes, valid until the next step or reset (text or blob).
    @inline(__always) func bytes(_ column: Int32) -> UnsafeRawBufferPointer {
        let base = sqlite3_column_blob(pointer, column)
        let count = Int(sqlite3_column_bytes(pointer, column))
        return UnsafeRawBufferPointer(start: base, count: base == nil ? 0 : count)
    }

    func columnType(_ column: Int32) -> Int32 {
        sqlite3_column_type(pointer, column)
    }
}

var sqliteVersion: String { String(cString: sqlite3_libversion()) }

/// The migrations, read from the repository at run time, so that the raw baseline uses exactly the
/// library's tables, indexes and triggers.
func loadMigrations(schemaDir: String?) -> [String] {
    let candidates: [String?] = [schemaDir,
                      FileManager.default.currentDirectoryPath + "/Schema/migrations",
                      FileManager.default.currentDirectoryPath + "/../../Schema/migrations",
                      // Sources/benchmark/ → Tools/Benchmark → repository root.
                      URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../../Schema/migrations").path]
    for case let directory? in candidates {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
        let files = names.filter { $0.hasSuffix(".sql") }.sorted()
        guard !files.isEmpty else { continue }
        return files.map { name in
            guard let text = try? String(contentsOfFile: directory + "/" + name, encoding: .utf8) else {
                fail("cannot read \(directory)/\(name)")
            }
            return text
        }
    }
    fail("cannot find Schema/migrations/*.sql; run from the repository root or pass --schema-dir")
}

/// Creates an empty database with the ledger's schema and pragmas, as the library would.
func createRawDatabase(at path: String, migrations: [String]) -> RawDatabase {
    let database = RawDatabase(path: path)
    database.configureLikeLedger()
    database.execute("PRAGMA journal_mode = WAL")
    database.execute("BEGIN IMMEDIATE")
    for migration in migrations { database.execute(migration) }
    database.execute("COMMIT")
    return database
}
