import LedgerFormat
import LedgerStorage

/// A ledger in a PostgreSQL database: the backend of `LedgerStorage` for a group whose services on
/// many hosts append to one chain. The layout is Schema/postgres/ (FORMAT.md, the PostgreSQL layout).
///
/// Appends serialise on a transaction-scoped advisory lock taken before the tip is read, in a READ
/// COMMITTED transaction (each statement then sees every commit made before it), with
/// `synchronous_commit = on` whatever the server's default, so a receipt means a durable commit.
/// Streaming reads page through the primary key in a REPEATABLE READ snapshot, so memory stays flat
/// and other statements may run between pages.
package final class PostgresStore: LedgerStorage {
    let connection: PostgresConnection
    let readOnly: Bool
    /// Whether this connection listens for intake sequencings (`submit` starts it).
    var isListening = false
    /// The URI without its password.
    package let location: String
    package var isReadOnly: Bool { readOnly }
    /// Rows per page of a streaming read: enough to amortise the round trip, few enough that a page
    /// stays a few MiB.
    static let pageSize: Int64 = 2_048
    /// Rows inserted by the current write transaction and not yet sent (`HeldRows`).
    var held = HeldInserts()

    /// Connects to the database at `uri`; `creation` says whether a ledger may or must be laid out.
    package init(uri: String, readOnly: Bool, creation: StorageCreation) throws(StorageOpeningError) {
        location = PostgresRedaction.redactedConnectionString(uri)
        self.readOnly = readOnly
        do {
            connection = try PostgresConnection(uri: uri)
        } catch {
            throw .cannotOpen(path: location, reason: error.message)
        }
        do {
            try open(creation: creation)
        } catch let error as StorageOpeningError {
            throw error
        } catch let problem as PostgresSchema.Problem {
            throw .notALedger(path: location, reason: "\(problem)")
        } catch let error as PostgresError {
            throw .storage(error.storageError)
        } catch {
            throw .cannotOpen(path: location, reason: "\(error)")
        }
    }

    private func open(creation: StorageCreation) throws {
        let state = try PostgresSchema.state(of: connection)
        if let roles = creation.roles, !readOnly {
            // Checked before anything is created, so that a misspelt role leaves the database empty.
            for role in [roles.writer, roles.auditor] where try connection.statement("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1").firstRow(.text(role), read: { _ in true }) == nil {
                throw StorageOpeningError.invalidRequest("there is no role '\(role)' in this PostgreSQL cluster; create it first (Schema/postgres/roles.sql)")
            }
        }
        // Roles are granted on a ledger laid out now, or one without entries (the empty target of a
        // copy); a ledger that holds entries keeps its grants, and a copy into it is refused anyway.
        var grants = creation.roles != nil && !readOnly
        switch state {
        case .empty:
            guard creation.allowsCreating, !readOnly else {
                throw StorageOpeningError.notALedger(path: location, reason: "the database holds no ledger; create one with 'ledger init'")
            }
            try PostgresSchema.migrate(connection)
        case .notALedger:
            throw StorageOpeningError.notALedger(path: location, reason: "it holds other tables and no ledger identity")
        case .ledger(let version):
            if case .required = creation { throw StorageOpeningError.alreadyExists(path: location) }
            if version > PostgresSchema.version {
                throw StorageOpeningError.newerFormat(path: location, version: Int64(version), supported: Int64(PostgresSchema.version))
            }
            if version < PostgresSchema.version {
                guard !readOnly else { throw StorageOpeningError.olderFormat(path: location, version: Int64(version), current: Int64(PostgresSchema.version)) }
                try PostgresSchema.migrate(connection)
            }
            if grants {
                grants = try connection.statement("SELECT 1 FROM entry LIMIT 1").firstRow(read: { _ in true }) == nil
            }
        }
        if grants, let roles = creation.roles {
            try PostgresSchema.grantRoles(writer: roles.writer, auditor: roles.auditor, on: connection)
        }
        // Every transaction of an auditor's connection is read-only: a write fails before it reaches
        // the privilege check, also on a hot standby.
        if readOnly { try connection.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY") }
    }

    package func write<T>(_ body: (ChainTip?) throws -> T) throws -> T {
        guard !readOnly else { throw StorageError(.readOnly, "the ledger was opened read-only") }
        return try writeTransaction {
            // Sent without waiting: BEGIN, the lock and the tip read travel in one round trip.
            try connection.statement(PostgresSchema.lock).send(.integer(PostgresSchema.lockKey), .integer(PostgresSchema.tipLock))
            return try body(try writeTip())
        }
    }

    /// A write transaction whose body takes the tip lock and reads the tip (or, in `writeOnLastTip`,
    /// assumes it): once it has committed, remembers the chain it left, for `writeOnLastTip`.
    func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        lastWrite = nil
        defer {
            latestInWrite = nil
            tipInWrite = nil
            held.removeAll()
        }
        let result = try connection.transaction(.readWrite) {
            do {
                return try body()
            } catch where !(error is PostgresError) {
                // The body refused something (a record of a batch): the rows sent or held before it
                // are checked first, as SQLite checks each row when it is inserted, so that a
                // refusal by the database of an earlier row (a repeated idempotency key) is the one
                // reported.
                try connection.flushPipeline()
                throw error
            }
        }
        if let latest = latestInWrite { lastWrite = (tipInWrite, latest) }
        return result
    }

    /// The chain as this connection's last committed write transaction left it: its tip, and the
    /// newest registry-fact and region-table entries. Nil before the first and after a failed one.
    var lastWrite: (tip: ChainTip?, latest: (registryFact: UInt64?, referenceData: UInt64?))?

    /// The tip as the current write transaction leaves it so far: the tip read, then each entry
    /// inserted.
    var tipInWrite: ChainTip?

    /// The newest registry-fact and region-table entries as this write transaction knows them: read
    /// with the tip, once the tip lock is held (so no other writer can change them), and kept up to
    /// date by `insert`. An append asks for both before it judges, which would otherwise cost a round
    /// trip each.
    var latestInWrite: (registryFact: UInt64?, referenceData: UInt64?)?

    /// The tip, and the newest entries of the two indexes an append checks, in one statement. In READ
    /// COMMITTED it sees every commit made before the tip lock was granted.
    func writeTip() throws -> ChainTip? {
        try writeTip(free: false).tip
    }

    /// The tip and index maxima as `writeTip()` reads them; with `free`, also whether the tip lock
    /// that the statement sent before it (`tryTipLockSQL`) got, as its last column.
    func writeTip(free: Bool) throws -> (tip: ChainTip?, free: Bool) {
        try connection.statement(Self.tipSQL(free: free)).firstRow { readTip($0, free: free) } ?? readTip(nil, free: free)
    }

    /// The statement `writeTip` runs.
    static func tipSQL(free: Bool) -> String {
        """
        SELECT t.seq, t.hash, t.recorded_at, (SELECT max(seq) FROM registry_fact), (SELECT max(seq) FROM reference_data)\(free ? ", pg_catalog.current_setting('ledger.tip_free') = 'true'" : "")
        FROM (VALUES (1)) AS one LEFT JOIN LATERAL (SELECT seq, hash, recorded_at FROM entry ORDER BY seq DESC LIMIT 1) AS t ON true
        """
    }

    /// Reads the row of `tipSQL` (nil: none, which a well-formed statement never gives) and notes the
    /// index maxima for `latestSeq`.
    func readTip(_ row: PostgresRow?, free: Bool) -> (tip: ChainTip?, free: Bool) {
        guard let row else {
            latestInWrite = (nil, nil)
            tipInWrite = nil
            return (nil, !free)
        }
        let seq: (Int32) -> UInt64? = { row.isNull($0) ? nil : UInt64(bitPattern: row.int64($0)) }
        latestInWrite = (seq(3), seq(4))
        tipInWrite = seq(0).map { ChainTip(seq: $0, hash: Digest(uncheckedBytes: row.bytes(1)), recordedAt: row.text(2)) }
        return (tipInWrite, !free || row.bool(5))
    }

    /// Tries the tip lock and notes in a transaction-local setting whether it got it, without failing
    /// when it did not (a failed statement would abort the transaction and fill the server's log):
    /// sent just before `writeTip(free: true)`, which reads the setting, in one round trip.
    static let tryTipLockSQL = "SELECT pg_catalog.set_config('ledger.tip_free', pg_catalog.pg_try_advisory_xact_lock($1, $2)::text, true)"

    package func latestSeq(indexedIn index: EntryIndex) throws -> UInt64? {
        switch (index, latestInWrite) {
        case (.registryFact, let latest?): return latest.registryFact
        case (.referenceData, let latest?): return latest.referenceData
        default:
            return try connection.statement("SELECT max(seq) FROM \(index.table)").firstRow { $0.isNull(0) ? nil : UInt64(bitPattern: $0.int64(0)) } ?? nil
        }
    }

    package func insert(_ entry: StoredEntry, rows: EntryRows, nodes: [MerkleNode]) throws {
        // Held, and sent with the next statement: a transfer's rows cost no statement of their own,
        // and a failure surfaces at the next read or at the commit, which then rolls the whole
        // transaction back.
        tipInWrite = ChainTip(seq: entry.seq, hash: entry.hash, recordedAt: entry.recordedAt)
        let seq = PostgresValue.integer(Int64(bitPattern: entry.seq))
        held.entry.append(seq, .text(entry.kind.rawValue), .text(entry.recordedAt), .digest(entry.previousHash), .digest(entry.hash), .utf8(entry.payload),
                          .integer(Int64(entry.format)))
        for node in nodes where node.id.level > 0 {
            held.node.append(.integer(Int64(node.id.level)), .integer(Int64(bitPattern: node.id.index)), .digest(node.hash))
        }
        holdUntilNextStatement()
        switch rows {
        case .transfer(let row, let document, let links):
            held.transfer.append(
                seq, .text(row.idempotencyKey), .integer(row.occurredAt), .text(row.exporter), .text(row.exporterRole),
                .text(row.importer), .text(row.importerRole), .text(row.destination), .text(row.region), .text(row.mechanism),
                .integer(row.dataCategories), .integer(row.specialCategories), .text(row.status))
            for rule in row.rules.sorted() { held.rule.append(seq, .text(rule)) }
            if let document { held.privateDocument.append(seq, .utf8(document)) }
            for link in links { held.subjectLink.append(.digest(link.token.digest), seq, .bytea(link.salt)) }
        case .correction(let row, let document):
            if let document { held.privateDocument.append(seq, .utf8(document)) }
            // Rarer kinds go at once; the rows held so far go before them.
            try connection.statement("INSERT INTO correction (seq, supersedes, status) VALUES ($1, $2, $3)").send(
                seq, .integer(Int64(bitPattern: row.supersedes)), .text(row.status))
        case .govAccessRequest(let row):
            try connection.statement("INSERT INTO gov_access_request (seq, request_id, received_at, country, status) VALUES ($1, $2, $3, $4, $5)").send(
                seq, .text(row.requestId), .integer(row.receivedAt), .text(row.country), .text(row.status))
        case .referenceData(let row):
            try connection.statement("INSERT INTO reference_data (seq, version, effective_from) VALUES ($1, $2, $3)").send(
                seq, .text(row.version), .text(row.effectiveFrom))
            latestInWrite?.referenceData = entry.seq
        case .registryFact:
            try connection.statement("INSERT INTO registry_fact (seq) VALUES ($1)").send(seq)
            latestInWrite?.registryFact = entry.seq
        case .checkpoint:
            try connection.statement("INSERT INTO checkpoint (seq) VALUES ($1)").send(seq)
        case .erasure(let items):
            try insertErasure(items, erasure: seq)
        case .none:
            break
        }
        // Only once every row of the entry is held: sending them splits no entry's rows.
        if held.entry.count >= HeldInserts.limit { try sendHeld() }
    }

    /// Makes the connection send the held rows before its next statement (the rare kinds' own
    /// inserts among them).
    func holdUntilNextStatement() {
        guard connection.heldWrites == nil else { return }
        connection.heldWrites = { [unowned self] () throws(PostgresError) in try self.sendHeld() }
    }

    private func sendHeld() throws(PostgresError) {
        connection.heldWrites = nil
        try held.send(on: connection)
    }

    package func snapshot<T>(streaming: Bool, _ body: () throws -> T) throws -> T {
        // Inside a write the transaction's own view is the one to read.
        guard !connection.isInTransaction else { return try body() }
        return try connection.transaction(.readOnlySnapshot, body)
    }

    /// Calls `body` with each row of `sql` (whose last parameter is the page size and whose
    /// parameter before it the key to continue after), page by page through `key` of each row, in
    /// one snapshot: constant memory, and `body` may run other statements between rows.
    func forEachPage(_ sql: String, _ values: [PostgresValue], after start: Int64, key: (PostgresRow) -> Int64,
                     _ body: (PostgresRow) throws -> Void) throws {
        try snapshot(streaming: true) {
            var after = start
            while true {
                let page = try connection.statement(sql).rows(bindings: values + [.integer(after), .integer(Self.pageSize)])
                for index in 0..<page.count {
                    let row = page.row(index)
                    try body(row)
                    after = key(row)
                }
                if Int64(page.count) < Self.pageSize { return }
            }
        }
    }
}

@available(*, unavailable)
extension PostgresStore: Sendable {}
