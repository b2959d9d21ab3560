import LedgerFormat
import LedgerStorage

/// The SQLite file behind a ledger: the embedded backend of `LedgerStorage`, with opening and schema
/// migrations.
///
/// Everything that touches SQLite lives in this type's files; the layers above see `LedgerStorage`.
package final class LedgerStore: LedgerStorage {
    /// `PRAGMA application_id` of every ledger file: "TLGR" in ASCII.
    static let applicationID: Int64 = 0x544C_4752
    /// The schema version this build writes: the number of embedded migrations.
    static let schemaVersion = Int64(SQLiteEmbeddedResources.migrations.count)
    /// The version that added the Merkle node table, after which existing entries need their nodes.
    static let merkleVersion = 2

    let database: Database
    let readOnly: Bool
    /// The statements of the write transaction in progress; nil outside one.
    var inserts: Inserts?

    package var location: String { database.path }
    package var isReadOnly: Bool { readOnly }

    /// Opens the ledger at `path`; `create` makes a new, empty ledger when no file exists there.
    package init(path: String, readOnly: Bool, create: Bool = false) throws(StorageOpeningError) {
        // SQLite would open "" as a temporary database that vanishes on close.
        guard !path.isEmpty else { throw .cannotOpen(path: path, reason: "the path is empty") }
        // SQLite would wait forever on a FIFO, or read a device without end.
        guard !RegularFile.isSpecial(path) else { throw .cannotOpen(path: path, reason: "not a regular file") }
        let exists = FileSystem.exists(path)
        if !exists && !create {
            throw .cannotOpen(path: path, reason: "no such file; create one with 'ledger init'")
        }
        do {
            let readMode: Database.Mode = FileSystem.isFrozen(path) ? .readOnlyImmutable : .readOnly
            database = try Database(path: path, mode: readOnly ? readMode : (create ? .readWriteCreate : .readWrite))
        } catch {
            throw .cannotOpen(path: path, reason: error.message)
        }
        self.readOnly = readOnly
        do {
            try configure()
            try checkIdentity(path: path, allowEmpty: create)
        } catch let error as StorageOpeningError {
            throw error
        } catch let error as SQLiteError where error.primaryCode == 26 {
            throw .notALedger(path: path, reason: "not an SQLite database")
        } catch let error as SQLiteError {
            throw .storage(error.storageError)
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// The page cache of every connection, in KiB.
    static let cacheKiB = 65_536
    /// The page cache of a streaming pass, in KiB: it reads each page once, so a larger cache would
    /// only hold memory, which then grows with the ledger up to the full cache.
    static let streamingCacheKiB = 8_192

    /// One read transaction (a `DEFERRED` one takes its snapshot at the first read); a streaming pass
    /// runs with the page cache lowered to `streamingCacheKiB`.
    package func snapshot<T>(streaming: Bool, _ body: () throws -> T) throws -> T {
        guard streaming else { return try database.transaction("DEFERRED", body) }
        try database.execute("PRAGMA cache_size = -\(Self.streamingCacheKiB)")
        defer { try? database.execute("PRAGMA cache_size = -\(Self.cacheKiB)") }
        return try database.transaction("DEFERRED", body)
    }

    private func configure() throws(SQLiteError) {
        // Wait for other processes' write transactions instead of failing at once.
        database.setBusyTimeout(milliseconds: 10_000)
        // A 64 MiB page cache: the default 2 MB costs a third of bulk-append throughput, and a query
        // touches a few pages per match, which a smaller cache would read again on every query.
        // Streaming readers (verify) lower it for their pass (`withStreamingCache`).
        try database.execute("PRAGMA cache_size = -\(Self.cacheKiB)")
        if readOnly {
            try database.execute("PRAGMA query_only = ON")
            return
        }
        // FULL: a receipt is returned only after the commit is on disk, even in WAL mode.
        try database.execute("PRAGMA synchronous = FULL")
        try database.execute("PRAGMA foreign_keys = ON")
        // Erasure: a deleted private document is overwritten with zeros, not left in a free page or
        // cell. Nothing else is ever deleted, so appends pay nothing for it.
        try database.execute("PRAGMA secure_delete = ON")
    }

    private func checkIdentity(path: String, allowEmpty: Bool) throws {
        let applicationID = try database.integer("PRAGMA application_id")
        let version = try database.integer("PRAGMA user_version")
        if applicationID == 0, version == 0 {
            let objects = try database.integer("SELECT count(*) FROM sqlite_schema")
            guard objects == 0 else { throw StorageOpeningError.notALedger(path: path, reason: "it holds other tables and no ledger application id") }
            guard allowEmpty, !readOnly else { throw StorageOpeningError.notALedger(path: path, reason: "the file is empty") }
            try migrate(from: 0)
            return
        }
        guard applicationID == Self.applicationID else {
            throw StorageOpeningError.notALedger(path: path, reason: "application id is \(applicationID), not \(Self.applicationID)")
        }
        // Every migration sets the id and version together, so a ledger's version is at least 1; anything
        // lower is damage, and migrating "from" it would index the migrations with it.
        guard version >= 1 else {
            throw StorageOpeningError.notALedger(path: path, reason: "damaged schema version \(version) (a ledger's is 1 to \(Self.schemaVersion))")
        }
        guard version <= Self.schemaVersion else {
            throw StorageOpeningError.newerFormat(path: path, version: version, supported: Self.schemaVersion)
        }
        if version < Self.schemaVersion {
            // A read-only open never writes, so it cannot migrate; the verifier needs the new tables.
            guard !readOnly else { throw StorageOpeningError.olderFormat(path: path, version: version, current: Self.schemaVersion) }
            try migrate(from: version)
        }
    }

    /// Applies the embedded migrations after `version`, all in one transaction.
    private func migrate(from version: Int64) throws {
        // WAL lets readers (auditors) run while services append; it is a property of the file.
        try database.execute("PRAGMA journal_mode = WAL")
        try database.transaction {
            // Another process may have migrated while this one waited for the write lock.
            let current = try database.integer("PRAGMA user_version")
            guard current < Self.schemaVersion else { return }
            guard current >= 0 else { throw StorageOpeningError.notALedger(path: database.path, reason: "damaged schema version \(current)") }
            for (offset, migration) in SQLiteEmbeddedResources.migrations.enumerated().dropFirst(Int(current)) {
                try database.execute(migration)
                if offset + 1 == Self.merkleVersion { try backfillNodes() }
            }
            try database.execute("PRAGMA application_id = \(Self.applicationID)")
            try database.execute("PRAGMA user_version = \(Self.schemaVersion)")
        }
    }

    /// The schema version stored in the file.
    func storedSchemaVersion() throws(SQLiteError) -> Int64 {
        try database.integer("PRAGMA user_version")
    }
}

@available(*, unavailable)
extension LedgerStore: Sendable {}
