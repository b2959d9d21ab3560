/// Appending and reading corrections, government access requests and adopted region tables.
extension LedgerStore {
    /// Appends corrections in one transaction. Each must supersede an existing transfer or correction
    /// entry that no correction has superseded yet; a correction identical to the one already recorded
    /// for its target returns that entry's receipt. `judge` gives each its verdict against `original`,
    /// the version it replaces, inside the transaction.
    func appendCorrections(_ payloads: [CorrectionPayload], hasher: SHA256,
                           judge: (TransferCorrection, _ original: Transfer) throws -> PolicyVerdict) throws -> [Receipt] {
        try database.transaction("IMMEDIATE") {
            let appender = try Appender(store: self, hasher: hasher)
            var receipts: [Receipt] = []
            for (index, unjudged) in payloads.enumerated() {
                var payload = unjudged
                let proposed = payload.correction
                func reject(_ rule: RecordError.Rule, _ message: String) -> LedgerError {
                    .rejected(RecordError(record: index + 1, field: "supersedes", rule: rule, message: message))
                }
                if let later = try correction(superseding: payload.supersedes) {
                    guard let stored = try storedCorrection(at: later), stored.correction.isIdentical(to: proposed),
                          let entry = try entry(at: later) else {
                        throw reject(.alreadySuperseded, "entry \(payload.supersedes) was already corrected by entry \(later); correct entry \(later), its current version, instead")
                    }
                    receipts.append(Receipt(seq: later, hash: entry.hash, recordedAt: entry.recordedAt, idempotencyKey: proposed.transfer.idempotencyKey,
                                            duplicate: true, verdict: stored.transfer.verdict))
                    continue
                }
                guard let original = try versionedTransfer(at: payload.supersedes) else {
                    let kind = try entryKind(at: payload.supersedes)
                    throw reject(.unknownTarget, kind.map { "entry \(payload.supersedes) is a \($0) entry; only transfers and corrections can be corrected" }
                        ?? "there is no entry \(payload.supersedes) in this ledger")
                }
                payload.transfer.verdict = StoredVerdict(try judge(proposed, original))
                let document = payload.transfer.privateDocument
                let (seq, hash) = try appender.append(kind: .correction, payload: payload.canonicalBytes(privateDocument: document, hasher: hasher))
                try database.statement("INSERT INTO transfer_private (seq, document) VALUES (?, ?)").run(.integer(Int64(seq)), .utf8(document))
                try CorrectionRow(payload).insert(seq: seq, into: database)
                receipts.append(Receipt(seq: seq, hash: hash, recordedAt: appender.recordedAt, idempotencyKey: proposed.transfer.idempotencyKey,
                                        duplicate: false, verdict: payload.transfer.verdict))
            }
            return receipts
        }
    }

    /// Appends government access requests in one transaction. A request identical to one already
    /// recorded under its `requestId` returns that entry's receipt; a different one under the same id
    /// is a newer state of the request and is appended.
    func appendGovAccessRequests(_ requests: [GovAccessRequest], hasher: SHA256,
                                 judge: (GovAccessRequest) throws -> PolicyVerdict) throws -> [Receipt] {
        try database.transaction("IMMEDIATE") {
            let appender = try Appender(store: self, hasher: hasher)
            var receipts: [Receipt] = []
            for request in requests {
                if let earlier = try recordedGovAccessRequest(identicalTo: request) {
                    receipts.append(earlier)
                    continue
                }
                let payload = GovAccessPayload(request, verdict: StoredVerdict(try judge(request)))
                let (seq, hash) = try appender.append(kind: .govAccessRequest, payload: payload.canonicalBytes)
                try GovAccessRow(payload).insert(seq: seq, into: database)
                receipts.append(Receipt(seq: seq, hash: hash, recordedAt: appender.recordedAt, idempotencyKey: request.requestId,
                                        duplicate: false, verdict: payload.verdict))
            }
            return receipts
        }
    }

    /// Appends the adoption of a region table; a table already adopted is refused. `accept` runs
    /// inside the transaction, before the entry is written.
    func appendReferenceData(_ payload: ReferenceDataPayload, hasher: SHA256, accept: () throws -> Void) throws -> Receipt {
        try database.transaction("IMMEDIATE") {
            try accept()
            let version = payload.referenceData.versionHex
            let statement = try database.statement("SELECT seq FROM reference_data WHERE version = ?")
            try statement.bind(.text(version))
            if let earlier = try statement.firstRow({ $0.int64(0) }) {
                throw LedgerError.rejected(RecordError(field: "table", rule: .alreadyAdopted,
                                                       message: "this table (version \(version.prefix(12))…) was already adopted by entry \(earlier)"))
            }
            let appender = try Appender(store: self, hasher: hasher)
            let (seq, hash) = try appender.append(kind: .referenceData, payload: payload.canonicalBytes)
            try ReferenceDataRow(payload).insert(seq: seq, into: database)
            return Receipt(seq: seq, hash: hash, recordedAt: appender.recordedAt, idempotencyKey: version, duplicate: false, verdict: nil)
        }
    }

    /// The kind of the entry at `seq`, nil when there is none.
    func entryKind(at seq: UInt64) throws(SQLiteError) -> EntryKind? {
        let statement = try database.statement("SELECT kind FROM entry WHERE seq = ?")
        try statement.bind(.integer(Int64(bitPattern: seq)))
        return try statement.firstRow { EntryKind(rawValue: $0.text(0)) }
    }

    /// The correction entry that superseded entry `seq`, nil when none has.
    func correction(superseding seq: UInt64) throws(SQLiteError) -> UInt64? {
        let statement = try database.statement("SELECT seq FROM correction WHERE supersedes = ?")
        try statement.bind(.integer(Int64(bitPattern: seq)))
        return try statement.firstRow { UInt64(bitPattern: $0.int64(0)) }
    }

    /// Every superseded entry with the correction that superseded it (corrections are rare).
    func supersessions() throws -> [UInt64: UInt64] {
        try kindRows(CorrectionRow.selectAll) { CorrectionRow($0).supersedes }
            .reduce(into: [:]) { result, row in result[row.value] = row.key }
    }

    /// The stored correction at `seq`, nil when that entry is not a readable correction.
    func storedCorrection(at seq: UInt64) throws -> CorrectionPayload? {
        let statement = try database.statement("""
            SELECT e.payload, p.document FROM entry e JOIN transfer_private p ON p.seq = e.seq WHERE e.seq = ? AND e.kind = 'correction'
            """)
        try statement.bind(.integer(Int64(bitPattern: seq)))
        return try statement.firstRow { try? CorrectionPayload(bytes: $0.bytes(0), privateDocument: $0.bytes(1)) } ?? nil
    }

    /// The transfer recorded at `seq` by a transfer or a correction entry; nil for any other entry.
    func versionedTransfer(at seq: UInt64) throws -> Transfer? {
        if let transfer = try transfer(at: seq) { return transfer }
        return try storedCorrection(at: seq)?.transfer.transfer
    }

    /// The receipt of a recorded request with `request`'s id and identical content, nil when none.
    private func recordedGovAccessRequest(identicalTo request: GovAccessRequest) throws -> Receipt? {
        let statement = try database.statement("""
            SELECT e.seq, e.hash, e.recorded_at, e.payload FROM gov_access_request g JOIN entry e ON e.seq = g.seq
            WHERE g.request_id = ? ORDER BY g.seq
            """)
        try statement.bind(.text(request.requestId))
        var found: Receipt?
        try statement.forEachRow { row in
            guard found == nil, let stored = try? GovAccessPayload(bytes: row.bytes(3)), stored.request.isIdentical(to: request) else { return }
            found = Receipt(seq: UInt64(bitPattern: row.int64(0)), hash: Digest(uncheckedBytes: row.bytes(1)), recordedAt: row.text(2),
                            idempotencyKey: request.requestId, duplicate: true, verdict: stored.verdict)
        }
        return found
    }

    /// Every recorded government access request in chain order, with its verdict.
    func govAccessRequests() throws -> [(seq: UInt64, payload: GovAccessPayload)] {
        try payloads(indexedIn: .govAccessRequest) { try GovAccessPayload(bytes: $0) }.map { ($0.seq, $0.2) }
    }

    /// The region tables adopted after entry `seq` (all when nil), in chain order.
    func referenceDataAdoptions(after seq: UInt64?) throws -> [(seq: UInt64, payload: ReferenceDataPayload)] {
        try payloads(indexedIn: .referenceData, after: seq) { try ReferenceDataPayload(bytes: $0) }.map { ($0.seq, $0.2) }
    }

    /// The newest adoption's sequence number, nil when there is none.
    func latestReferenceDataSeq() throws(SQLiteError) -> UInt64? {
        try database.statement("SELECT max(seq) FROM reference_data").firstRow { $0.isNull(0) ? nil : UInt64(bitPattern: $0.int64(0)) } ?? nil
    }

    /// The recorded time of the newest entry, nil for an empty ledger.
    func latestRecordedAt() throws(SQLiteError) -> Timestamp? {
        try database.statement("SELECT recorded_at FROM entry ORDER BY seq DESC LIMIT 1").firstRow { Timestamp.canonical($0.text(0)) } ?? nil
    }
}

