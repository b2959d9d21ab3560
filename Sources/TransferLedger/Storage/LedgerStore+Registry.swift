/// Registry entries: appending facts and reading them back in chain order.
extension LedgerStore {
    /// Registry facts recorded after entry `seq` (all when nil), in chain order, with the time each
    /// was recorded (which decides the region table its codes were checked against).
    func registryFacts(after seq: UInt64?) throws -> [(seq: UInt64, recordedAt: String, fact: RegistryFact)] {
        try payloads(indexedIn: .registryFact, after: seq, RegistryPayload.fact(from:))
    }

    /// A table that indexes the entries of one kind by sequence number.
    enum KindIndex: String {
        case registryFact = "registry_fact"
        case referenceData = "reference_data"
        case govAccessRequest = "gov_access_request"
    }

    /// The decoded payloads of the entries `index` lists after entry `seq` (all when nil), in chain
    /// order, with their recorded times.
    func payloads<Payload>(indexedIn index: KindIndex, after seq: UInt64? = nil,
                           _ decode: ([UInt8]) throws -> Payload) throws -> [(seq: UInt64, recordedAt: String, Payload)] {
        // The table name comes from the enum above, never from input.
        let statement = try database.statement("""
            SELECT e.seq, e.recorded_at, e.payload FROM \(index.rawValue) i JOIN entry e ON e.seq = i.seq WHERE i.seq > ? ORDER BY i.seq
            """)
        try statement.bind(.integer(seq.map { Int64(bitPattern: $0) } ?? -1))
        var payloads: [(seq: UInt64, recordedAt: String, Payload)] = []
        try statement.forEachRow { row in
            let seq = UInt64(bitPattern: row.int64(0))
            do {
                payloads.append((seq, row.text(1), try decode(row.bytes(2))))
            } catch {
                // Stored bytes that do not decode are damage, not a caller's rejected input.
                throw LedgerError.damaged(seq: seq, reason: "\(error)")
            }
        }
        return payloads
    }

    /// The newest registry entry's sequence number, nil when there is none.
    func latestRegistrySeq() throws(SQLiteError) -> UInt64? {
        try database.statement("SELECT max(seq) FROM registry_fact").firstRow { $0.isNull(0) ? nil : UInt64(bitPattern: $0.int64(0)) } ?? nil
    }

    /// Appends checked facts in one transaction; `accept` applies each to the registry (throwing on a
    /// contradiction) after the registry has caught up with other writers, given the fact's position
    /// (1-based) and the ledger time the facts are recorded at.
    func appendFacts(_ facts: [RegistryFact], hasher: SHA256, accept: (RegistryFact, Int, Timestamp) throws -> Void) throws -> [Receipt] {
        try database.transaction("IMMEDIATE") {
            let appender = try Appender(store: self, hasher: hasher)
            var receipts: [Receipt] = []
            for (index, fact) in facts.enumerated() {
                try accept(fact, index + 1, appender.ledgerTime)
                let (seq, hash) = try appender.append(kind: .registry, payload: RegistryPayload.canonicalBytes(fact))
                try database.statement("INSERT INTO registry_fact (seq) VALUES (?)").run(.integer(Int64(seq)))
                receipts.append(Receipt(seq: seq, hash: hash, recordedAt: appender.recordedAt, idempotencyKey: fact.id,
                                        duplicate: false, verdict: nil))
            }
            return receipts
        }
    }

    /// Sequence numbers of the registry index, for the verifier to compare with the chain.
    func registryRows() throws -> [UInt64] {
        var rows: [UInt64] = []
        try database.statement("SELECT seq FROM registry_fact ORDER BY seq").forEachRow { rows.append(UInt64(bitPattern: $0.int64(0))) }
        return rows
    }

    /// The recorded transfer at `seq`, or nil when that entry is not a transfer.
    func transfer(at seq: UInt64) throws -> Transfer? {
        let statement = try database.statement("""
            SELECT e.payload, p.document FROM entry e JOIN transfer_private p ON p.seq = e.seq WHERE e.seq = ? AND e.kind = 'transfer'
            """)
        try statement.bind(.integer(Int64(bitPattern: seq)))
        return try statement.firstRow { try? TransferPayload(bytes: $0.bytes(0), privateDocument: $0.bytes(1)).transfer } ?? nil
    }
}
