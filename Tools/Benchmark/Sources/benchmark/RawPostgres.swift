import LedgerSample
import BenchPQ
import Foundation
import TransferLedger

/// The thinnest libpq access for the PostgreSQL baselines: C calls, named prepared statements,
/// binary parameters and results, no wrappers that allocate per row. Failures abort the benchmark.
final class RawConnection {
    let handle: OpaquePointer
    /// Statements sent in pipeline mode whose results have not been read yet.
    private var pending = 0
    /// Results a pipeline may leave unread before a sync collects them: bounded, so that the server's
    /// replies never fill the socket while the client is still sending (which would deadlock).
    static let pipelineWindow = 1_024

    init(_ uri: String) {
        guard let handle = PQconnectdb(uri), PQstatus(handle) == CONNECTION_OK else {
            fail("cannot connect to \(uri)")
        }
        self.handle = handle
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        execute("SET synchronous_commit = on")
    }

    deinit {
        PQfinish(handle)
    }

    var errorMessage: String { String(cString: PQerrorMessage(handle)) }

    func execute(_ sql: String) {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else { fail("SQL failed: \(errorMessage)\n\(sql)") }
    }

    /// The first column of the first row, as text.
    func value(_ sql: String) -> String {
        guard let result = PQexec(handle, sql), PQresultStatus(result) == PGRES_TUPLES_OK else { fail("SQL failed: \(errorMessage)\n\(sql)") }
        defer { PQclear(result) }
        return PQntuples(result) > 0 ? String(cString: PQgetvalue(result, 0, 0)) : ""
    }

    /// Every row of `sql`, each column as text.
    func rows(_ sql: String) -> [[String]] {
        guard let result = PQexec(handle, sql), PQresultStatus(result) == PGRES_TUPLES_OK else { fail("SQL failed: \(errorMessage)\n\(sql)") }
        defer { PQclear(result) }
        return (0..<PQntuples(result)).map { row in (0..<PQnfields(result)).map { String(cString: PQgetvalue(result, row, $0)) } }
    }

    func prepare(_ name: String, _ sql: String) {
        let result = PQprepare(handle, name, sql, 0, nil)
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else { fail("prepare failed: \(errorMessage)\n\(sql)") }
    }

    /// Runs prepared statement `name` with binary parameters, waiting for its result (one round trip).
    @inline(__always) func run(_ name: String, _ values: UnsafePointer<UnsafePointer<CChar>?>, _ lengths: UnsafePointer<Int32>,
                               _ formats: UnsafePointer<Int32>, count: Int32) {
        let result = PQexecPrepared(handle, name, count, values, lengths, formats, 1)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else { fail("\(name) failed: \(errorMessage)") }
    }

    // MARK: Pipeline mode

    func enterPipeline() {
        guard PQenterPipelineMode(handle) == 1 else { fail("cannot enter pipeline mode: \(errorMessage)") }
    }

    func exitPipeline() {
        sync()
        guard PQexitPipelineMode(handle) == 1 else { fail("cannot leave pipeline mode: \(errorMessage)") }
    }

    /// Queues prepared statement `name` without waiting; collects results once the window is full.
    @inline(__always) func send(_ name: String, _ values: UnsafePointer<UnsafePointer<CChar>?>, _ lengths: UnsafePointer<Int32>,
                                _ formats: UnsafePointer<Int32>, count: Int32) {
        guard PQsendQueryPrepared(handle, name, count, values, lengths, formats, 1) == 1 else { fail("send \(name): \(errorMessage)") }
        pending += 1
        if pending >= Self.pipelineWindow { sync() }
    }

    /// Queues SQL without parameters (BEGIN, COMMIT) in the pipeline.
    func send(_ sql: String) {
        guard PQsendQueryParams(handle, sql, 0, nil, nil, nil, nil, 0) == 1 else { fail("send \(sql): \(errorMessage)") }
        pending += 1
    }

    /// Sends a sync and reads every pending result; any failure aborts.
    func sync() {
        guard PQpipelineSync(handle) == 1 else { fail("pipeline sync: \(errorMessage)") }
        var remaining = pending
        pending = 0
        while true {
            guard let result = PQgetResult(handle) else {
                // The end of one statement's results.
                continue
            }
            let status = PQresultStatus(result)
            PQclear(result)
            switch status {
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK: remaining -= 1
            case PGRES_PIPELINE_SYNC:
                guard remaining == 0 else { fail("pipeline sync before \(remaining) results") }
                return
            default: fail("pipelined statement failed: \(errorMessage)")
            }
        }
    }
}

var libpqVersion: String {
    let version = PQlibVersion()
    return "libpq \(version / 10_000).\(version % 10_000)"
}

/// The PostgreSQL side of a run: a server reached through `adminURI` (any database on it), in which
/// every ledger and raw database of the run is created from one template and dropped at the end.
final class PostgresRun {
    let options: Options
    let adminURI: String
    let admin: RawConnection
    let bulk: [Transfer]
    let tail: [Transfer]
    /// The registry facts come first in every ledger; transfers start at this sequence number.
    private(set) var firstTransferSeq = 0
    /// The database holding the ledger of N entries built last.
    var prefilled: String?
    let prefix = "tlbench_\(getpid())_"
    private var created: Set<String> = []

    /// The template every ledger and raw database starts from: the ledger's schema (laid out by the
    /// library, so the raw side has exactly its tables, indexes and triggers) and the sample registry.
    var template: String { prefix + "template" }

    init(options: Options, adminURI: String) {
        self.options = options
        self.adminURI = adminURI
        admin = RawConnection(adminURI)
        log("generating \(options.n + options.singleN) sample transfers (untimed)")
        let all = sampleTransfers(count: options.n + options.singleN, seed: 2026)
        bulk = Array(all[..<options.n])
        tail = Array(all[options.n...])
        createDatabase(template, from: nil)
        do {
            let ledger = try Ledger.create(at: LedgerLocation.postgres(uri(template)))
            firstTransferSeq = try ledger.register(SampleGroup.registryFacts()).count
        } catch {
            dropAll()
            fail("cannot build the registry template: \(error)")
        }
    }

    /// The URI of database `name` on the same server: the admin URI with its database replaced.
    func uri(_ name: String) -> String {
        guard let scheme = adminURI.range(of: "://") else { fail("--postgres needs a postgresql:// URI") }
        let rest = adminURI[scheme.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let query = rest[authorityEnd...].firstIndex(of: "?").map { String(rest[$0...]) } ?? ""
        return String(adminURI[..<authorityEnd]) + "/" + name + query
    }

    /// Creates database `name`, empty or as a file copy of database `source` (which nobody may be
    /// connected to).
    func createDatabase(_ name: String, from source: String?) {
        dropDatabase(name)
        admin.execute("CREATE DATABASE \(name)" + (source.map { " TEMPLATE \($0) STRATEGY FILE_COPY" } ?? ""))
        created.insert(name)
    }

    func dropDatabase(_ name: String) {
        admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        created.remove(name)
    }

    func dropAll() {
        for name in created where name != template { dropDatabase(name) }
        dropDatabase(template)
    }

    /// A new ledger database holding the sample registry.
    func createLedger(_ name: String) throws -> Ledger {
        createDatabase(name, from: template)
        return try Ledger(location: .postgres(uri(name)))
    }

    func build(_ name: String, from transfers: [Transfer], batch: Int) throws {
        let ledger = try createLedger(name)
        var start = 0
        while start < transfers.count {
            try ledger.record(contentsOf: Array(transfers[start..<min(start + batch, transfers.count)]))
            start += batch
        }
    }

    /// Builds the N-entry ledger untimed when the append benchmark did not run.
    func ensurePrefilled() throws {
        guard prefilled == nil else { return }
        let name = prefix + "prefilled"
        log("building the \(options.n)-entry ledger (untimed)")
        try build(name, from: bulk, batch: 10_000)
        prefilled = name
    }

    /// Size of database `name` in bytes.
    func databaseSize(_ name: String) -> Int {
        Int(admin.value("SELECT pg_database_size('\(name)')")) ?? 0
    }
}

/// Every row an append writes — `entry`, the Merkle `node` rows the entry completes, `transfer`, its
/// `transfer_rule` rows and `transfer_private` — read back in binary form from a ledger database the
/// library built, and kept in one arena, so the raw insert sends exactly those bytes as binary
/// parameters, in the library's order.
final class RawPostgresRows {
    static let entryColumns = ["seq", "kind", "recorded_at", "prev_hash", "hash", "payload"]
    static let transferColumns = ["seq", "idempotency_key", "occurred_at", "exporter", "exporter_role", "importer", "importer_role",
                                  "destination", "region", "mechanism", "data_categories", "special_categories", "status"]
    static let privateColumns = ["seq", "document"]

    private(set) var count = 0
    private var arena: [UInt8] = []
    /// Per row, (offset, length) of every column of the three tables, in the order above.
    private var columns: [(offset: Int, length: Int32)] = []
    private var ruleRanges: [Range<Int>] = []
    /// Rule rows: offsets of (seq, rule) column pairs.
    private var rules: [(offset: Int, length: Int32)] = []
    private var nodeRanges: [Range<Int>] = []
    /// Node rows: (level, idx, hash) column triples.
    private var nodes: [(offset: Int, length: Int32)] = []
    private var columnCount: Int { Self.entryColumns.count + Self.transferColumns.count + Self.privateColumns.count }

    init(from uri: String, seqs range: Range<Int>) {
        let connection = RawConnection(uri)
        let list = Self.entryColumns.map { "e.\($0)" } + Self.transferColumns.map { "t.\($0)" } + Self.privateColumns.map { "p.\($0)" }
        let select = """
            SELECT \(list.joined(separator: ", ")) FROM entry e JOIN transfer t ON t.seq = e.seq JOIN transfer_private p ON p.seq = e.seq
            WHERE e.seq >= \(range.lowerBound) AND e.seq < \(range.upperBound) ORDER BY e.seq
            """
        arena.reserveCapacity(range.count * 1_100)
        count = read(connection, select) { self.columns.append($0) } / columnCount
        guard count == range.count else { fail("expected \(range.count) rows from the ledger database, read \(count)") }

        var bySeq: [Int: [(offset: Int, length: Int32)]] = [:]
        var seq = 0
        var columnIndex = 0
        _ = read(connection, """
            SELECT seq, rule FROM transfer_rule WHERE seq >= \(range.lowerBound) AND seq < \(range.upperBound) ORDER BY seq, rule COLLATE "C"
            """) { column in
            if columnIndex % 2 == 0 { seq = Int(self.arenaInt64(column.offset)) }
            bySeq[seq, default: []].append(column)
            columnIndex += 1
        }
        for seq in range {
            let start = rules.count
            rules += bySeq[seq] ?? []
            ruleRanges.append(start..<rules.count)
        }
        bySeq = [:]
        // The nodes entry `seq` completes: those whose subtree ends at leaf `seq`, lowest level first.
        columnIndex = 0
        _ = read(connection, """
            SELECT ((idx + 1) << level::int) - 1, level, idx, hash FROM node
            WHERE ((idx + 1) << level::int) - 1 >= \(range.lowerBound) AND ((idx + 1) << level::int) - 1 < \(range.upperBound)
            ORDER BY 1, level
            """) { column in
            if columnIndex % 4 == 0 { seq = Int(self.arenaInt64(column.offset)) } else { bySeq[seq, default: []].append(column) }
            columnIndex += 1
        }
        for seq in range {
            let start = nodes.count
            nodes += bySeq[seq] ?? []
            nodeRanges.append(start..<nodes.count)
        }
    }

    /// Reads every column of every row of `sql` (binary) into the arena, calling `column` with each.
    private func read(_ connection: RawConnection, _ sql: String, column: ((offset: Int, length: Int32)) -> Void) -> Int {
        guard let result = PQexecParams(connection.handle, sql, 0, nil, nil, nil, nil, 1), PQresultStatus(result) == PGRES_TUPLES_OK else {
            fail("read failed: \(connection.errorMessage)\n\(sql)")
        }
        defer { PQclear(result) }
        var columns = 0
        for row in 0..<PQntuples(result) {
            for field in 0..<PQnfields(result) {
                let length = PQgetlength(result, row, field)
                let offset = arena.count
                PQgetvalue(result, row, field).withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
                    arena.append(contentsOf: UnsafeBufferPointer(start: $0, count: Int(length)))
                }
                column((offset, length))
                columns += 1
            }
        }
        return columns
    }

    private func arenaInt64(_ offset: Int) -> Int64 {
        arena[offset..<offset + 8].reduce(0) { $0 << 8 | Int64($1) }
    }

    static func insertSQL(_ table: String, _ columns: [String]) -> String {
        "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(columns.indices.map { "$\($0 + 1)" }.joined(separator: ", ")))"
    }

    /// Prepares the inserts on `connection`.
    static func prepare(_ connection: RawConnection) {
        connection.prepare("entry", insertSQL("entry", entryColumns))
        connection.prepare("node", "INSERT INTO node (level, idx, hash) VALUES ($1, $2, $3)")
        connection.prepare("transfer", insertSQL("transfer", transferColumns))
        connection.prepare("rule", "INSERT INTO transfer_rule (seq, rule) VALUES ($1, $2)")
        connection.prepare("private", insertSQL("transfer_private", privateColumns))
    }

    /// Inserts rows `range`, `perTransaction` per durable transaction. `pipelined`: statements are
    /// queued in pipeline mode (one round trip per window, and BEGIN, the rows and COMMIT of a
    /// one-row transaction in one); otherwise each waits for its result (one round trip each).
    func insert(into connection: RawConnection, rows range: Range<Int>, perTransaction: Int, pipelined: Bool) {
        let formats = [Int32](repeating: 1, count: 16)
        var values = [UnsafePointer<CChar>?](repeating: nil, count: 16)
        var lengths = [Int32](repeating: 0, count: 16)
        let entryCount = Self.entryColumns.count, transferCount = Self.transferColumns.count
        arena.withUnsafeBufferPointer { arena in
            let base = UnsafeRawPointer(arena.baseAddress!).assumingMemoryBound(to: CChar.self)
            formats.withUnsafeBufferPointer { formats in
                values.withUnsafeMutableBufferPointer { values in
                    lengths.withUnsafeMutableBufferPointer { lengths in
                        func statement(_ name: String, _ slice: ArraySlice<(offset: Int, length: Int32)>) {
                            for (index, column) in slice.enumerated() {
                                values[index] = base + column.offset
                                lengths[index] = column.length
                            }
                            if pipelined {
                                connection.send(name, values.baseAddress!, lengths.baseAddress!, formats.baseAddress!, count: Int32(slice.count))
                            } else {
                                connection.run(name, values.baseAddress!, lengths.baseAddress!, formats.baseAddress!, count: Int32(slice.count))
                            }
                        }
                        if pipelined { connection.enterPipeline() }
                        var row = range.lowerBound
                        while row < range.upperBound {
                            if pipelined { connection.send("BEGIN") } else { connection.execute("BEGIN") }
                            let end = Swift.min(row + perTransaction, range.upperBound)
                            while row < end {
                                let first = row * columnCount
                                statement("entry", columns[first..<first + entryCount])
                                var node = nodeRanges[row].lowerBound
                                while node < nodeRanges[row].upperBound {
                                    statement("node", nodes[node..<node + 3])
                                    node += 3
                                }
                                statement("transfer", columns[first + entryCount..<first + entryCount + transferCount])
                                var rule = ruleRanges[row].lowerBound
                                while rule < ruleRanges[row].upperBound {
                                    statement("rule", rules[rule..<rule + 2])
                                    rule += 2
                                }
                                statement("private", columns[first + entryCount + transferCount..<first + columnCount])
                                row += 1
                            }
                            if pipelined {
                                connection.send("COMMIT")
                                connection.sync()
                            } else {
                                connection.execute("COMMIT")
                            }
                        }
                        if pipelined { connection.exitPipeline() }
                    }
                }
            }
        }
    }

    var bytesPerRow: Double { Double(arena.count) / Double(Swift.max(count, 1)) }
}
