import LedgerFormat

/// The group registry and the policy engine: every transfer judged against the facts in force when it
/// happened, as recorded in the chain before it.
extension Ledger {
    /// Records registry facts (entities, BCRs, memberships, agreements, authorisations, TIAs, importer
    /// attributes) as one transaction: all are recorded, or none is and the error names the first fact
    /// (1-based) that is malformed or contradicts the registry. Country and destination codes must be
    /// known to the region table in force, which may be an adopted one.
    @discardableResult
    public func register(_ facts: [RegistryFact]) throws(LedgerError) -> [Receipt] {
        var updated: Registry?
        let receipts = try wrap {
            try appendFacts(facts) { fact, position, ledgerTime in
                if updated == nil {
                    try catchUpRegistry()
                    updated = registry
                }
                do {
                    try PersonalDataScreen.refuse(fact.freeText)
                    // Codes are checked against the region table in force, which may be an adopted one.
                    try updated?.apply(fact, codesIn: versions.inForce(at: ledgerTime).referenceData)
                } catch let error as RecordError {
                    throw LedgerError.rejected(error.inRecord(position))
                }
            }
        }
        // Only a committed batch changes what later judgements see.
        if let updated, let last = receipts.last {
            registry = updated
            registryTip = last.seq
        }
        return receipts
    }

    /// Judges transfers without recording anything: what `record` would decide now, so a service can
    /// gate a transfer before doing it. A structurally invalid transfer is refused as `record` would.
    public func check(_ transfers: [Transfer]) throws(LedgerError) -> [PolicyVerdict] {
        let engine = try wrap { () throws -> PolicyEngine in
            try catchUpRegistry()
            return try engineInForce()
        }
        for (index, transfer) in transfers.enumerated() {
            do {
                try StructuralRules.check(transfer, referenceData: engine.referenceData)
            } catch {
                throw .rejected(error.inRecord(index + 1))
            }
        }
        let judge = TransferJudge(engine: engine, registry: registry)
        return try wrap {
            try transfers.map { transfer in
                judge.verdict(for: transfer, parent: try transfer.parent.flatMap { try store.transfer(at: $0) })
            }
        }
    }

    /// Judges one transfer against the registry as it stands.
    public func check(_ transfer: Transfer) throws(LedgerError) -> PolicyVerdict {
        try check([transfer])[0]
    }

    /// Every registry fact in the chain, oldest first, with its sequence number.
    public func registryFacts() throws(LedgerError) -> [(seq: UInt64, fact: RegistryFact)] {
        try wrap { try store.registryFacts(after: nil).map { ($0.seq, $0.fact) } }
    }

    /// Applies the registry facts and reads the region tables other writers recorded since this ledger
    /// last looked; each fact's codes are checked against the table in force when it was recorded.
    func catchUpRegistry() throws {
        try catchUpReferenceData()
        guard try store.latestSeq(indexedIn: .registryFact) != registryTip else { return }
        for (seq, recordedAt, fact) in try store.registryFacts(after: registryTip) {
            try registry.apply(fact, codesIn: versions.table(forEntry: seq, recordedAt: recordedAt))
            registryTip = seq
        }
    }
}
