import LedgerFormat
import LedgerStorage

/// The entry kinds besides transfers and registry facts: corrections (R23), government access
/// requests (R24) and the adoption of a newer region table.
extension Ledger {
    /// Records one correction and returns its receipt once it is durably committed.
    @discardableResult
    public func record(correction: TransferCorrection) throws(LedgerError) -> Receipt {
        try record(corrections: [correction])[0]
    }

    /// Records corrections as one transaction: all, or none and the error names the first refused
    /// (1-based). A correction must supersede an existing transfer or correction entry that is still
    /// current; one naming a missing, other-kind or already superseded entry is refused (a correction
    /// identical to the recorded one returns its receipt, as a retry). The corrected transfer is
    /// validated afresh and judged (R23 plus every transfer rule); the original stays in the chain.
    @discardableResult
    public func record(corrections: [TransferCorrection]) throws(LedgerError) -> [Receipt] {
        // A correction's payload records the region table it was judged by, and is built before the
        // transaction; when another writer adopts a table meanwhile (rare), it is built again.
        for _ in 1..<Self.correctionAttempts {
            do {
                return try recordOnce(corrections)
            } catch .storage(let error) where error.code == .conflict {
                continue
            }
        }
        return try recordOnce(corrections)
    }

    /// How often `record(corrections:)` prepares a batch before a change of region table reaches the caller.
    static let correctionAttempts = 3

    private func recordOnce(_ corrections: [TransferCorrection]) throws(LedgerError) -> [Receipt] {
        let inForce = try wrap { try engineInForce() }
        var payloads: [CorrectionPayload] = []
        for (index, correction) in corrections.enumerated() {
            do {
                payloads.append(try Self.payload(of: correction, judgedBy: inForce))
            } catch {
                throw .rejected(error.inRecord(index + 1))
            }
        }
        var caughtUp = false
        return try wrap {
            try appendCorrections(payloads) { correction, original in
                if !caughtUp { try catchUp(confirming: inForce); caughtUp = true }
                return try inForce.evaluate(correction, target: .transfer(original), registry: registry) { [store] seq in
                    try store.transfer(at: seq)
                }
            }
        }
    }

    /// Records one government access request and returns its receipt once it is durably committed.
    @discardableResult
    public func record(govAccessRequest request: GovAccessRequest) throws(LedgerError) -> Receipt {
        try record(govAccessRequests: [request])[0]
    }

    /// Records government access requests as one transaction, each judged (R24). A request identical to
    /// one recorded under the same `requestId` returns its receipt; a different one is a newer state of
    /// that request (its outcome, once known) and is appended.
    @discardableResult
    public func record(govAccessRequests requests: [GovAccessRequest]) throws(LedgerError) -> [Receipt] {
        let inForce = try wrap { try engineInForce() }
        var checked: [GovAccessRequest] = []
        for (index, request) in requests.enumerated() {
            do {
                checked.append(try Self.checked(request, referenceData: inForce.referenceData))
            } catch {
                throw .rejected(error.inRecord(index + 1))
            }
        }
        var caughtUp = false
        return try wrap {
            try appendGovAccessRequests(checked) { request in
                if !caughtUp { try catchUpRegistry(); caughtUp = true }
                return try engine.evaluate(request, registry: registry) { [store] seq in
                    try store.versionedTransfer(at: seq) != nil
                }
            }
        }
    }

    /// Adopts a newer region table (the format of `Schema/regions.json`): from `effectiveFrom` (a UTC
    /// day) on, appends are judged by it and record its version, the SHA-256 of its canonical JSON.
    /// The table is validated as strictly as the embedded one; earlier entries keep the version that
    /// judged them.
    @discardableResult
    public func adoptReferenceData(_ table: JSONValue, effectiveFrom: Day) throws(LedgerError) -> Receipt {
        let payload: ReferenceDataPayload
        do {
            payload = try ReferenceDataPayload(table: table, effectiveFrom: effectiveFrom)
        } catch {
            throw .rejected(error)
        }
        return try wrap { try appendReferenceData(payload) }
    }

    /// The region tables adopted in the chain, oldest first: entry, version (hex) and effective day.
    public func referenceDataAdoptions() throws(LedgerError) -> [(seq: UInt64, version: String, effectiveFrom: Day)] {
        try wrap { try store.referenceDataAdoptions(after: nil).map { ($0.seq, $0.payload.referenceData.versionHex, $0.payload.effectiveFrom) } }
    }

    /// The correction entry that superseded entry `seq`, nil when it is current.
    public func supersededBy(_ seq: UInt64) throws(LedgerError) -> UInt64? {
        try wrap { try store.correction(superseding: seq) }
    }

    /// The correction recorded at `seq`, nil when that entry is not a correction.
    public func correction(at seq: UInt64) throws(LedgerError) -> TransferCorrection? {
        try wrap { try store.storedCorrection(at: seq)?.correction }
    }

    /// Every recorded government access request in chain order, with its sequence number and status.
    public func govAccessRequests() throws(LedgerError) -> [(seq: UInt64, request: GovAccessRequest, status: ValidationStatus)] {
        try wrap { try store.govAccessRequests().map { ($0.seq, $0.payload.request, $0.payload.verdict?.status ?? .compliant) } }
    }

    /// A correction's payload after the structural checks a decoded one gets: values built in Swift
    /// pass the JSON decoder too, then the personal-data screen (R18) and the transfer rules.
    private static func payload(of correction: TransferCorrection, judgedBy engine: PolicyEngine) throws(RecordError) -> CorrectionPayload {
        let checked = try TransferCorrection(json: correction.jsonValue)
        try PersonalDataScreen.refuse(checked.freeText)
        let region: Region
        do {
            region = try StructuralRules.check(checked.transfer, referenceData: engine.referenceData)
        } catch {
            throw error.nested(in: "transfer")
        }
        return CorrectionPayload(checked, region: region, referenceData: engine.referenceData.version)
    }

    /// A request after the decoder's checks and the personal-data screen (R18), with a known country.
    private static func checked(_ request: GovAccessRequest, referenceData: ReferenceData) throws(RecordError) -> GovAccessRequest {
        let checked = try GovAccessRequest(json: request.jsonValue)
        try PersonalDataScreen.refuse(checked.freeText)
        guard referenceData.destination(checked.country) != nil else {
            throw RecordError(field: "country", rule: .unknownDestination, message: "'\(checked.country)' is not an ISO 3166-1 alpha-2 code")
        }
        return checked
    }

    /// The engine over the region table in force now, to prepare an append: the clock stands in for
    /// the ledger time, which only the append's transaction can read without a read transaction of
    /// its own, and which `catchUp(confirming:)` checks there.
    func engineInForce() throws -> PolicyEngine {
        try catchUpReferenceData()
        return versions.inForce(at: Timestamp.now())
    }

    /// Inside an append's transaction: catches up with the registry and refuses the batch if the table
    /// in force at the append's ledger time is not the one the payloads were built with (another
    /// writer adopted one meanwhile, or the ledger time is ahead of this clock past an effective date).
    func catchUp(confirming inForce: PolicyEngine) throws {
        try catchUpRegistry()
        guard versions.inForce(at: try ledgerTime()).referenceData.version == inForce.referenceData.version else {
            throw StorageError(.conflict, "the region table in force changed while this batch was prepared (another writer adopted one, or the ledger time passed an effective date); nothing was written")
        }
    }

    /// The ledger time the next append gets: now, or the tip's time if this clock is behind it.
    private func ledgerTime() throws -> Timestamp {
        let now = Timestamp.now()
        return max(now, try store.tip().flatMap { Timestamp.canonical($0.recordedAt) } ?? now)
    }

    /// Reads the region tables other writers adopted since this ledger last looked.
    func catchUpReferenceData() throws {
        guard try store.latestSeq(indexedIn: .referenceData) != versions.tip else { return }
        for (seq, payload) in try store.referenceDataAdoptions(after: versions.tip) {
            versions.adopt(payload.referenceData, effectiveFrom: payload.effectiveFrom, seq: seq)
        }
    }
}
