/// The group registry and the policy engine: every transfer judged against the facts in force when it
/// happened, as recorded in the chain before it.
extension Ledger {
    /// Records registry facts (entities, BCRs, memberships, agreements, authorisations, TIAs, importer
    /// attributes) as one transaction: all are recorded, or none is and the error names the first fact
    /// (1-based) that is malformed or contradicts the registry.
    @discardableResult
    public func register(_ facts: [RegistryFact]) throws(LedgerError) -> [Receipt] {
        var updated: Registry?
        let receipts = try wrap {
            try store.appendFacts(facts, hasher: hasher) { fact, position in
                if updated == nil {
                    try catchUpRegistry()
                    updated = registry
                }
                do {
                    try updated?.apply(fact)
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
        return transfers.map { judge($0, by: engine) }
    }

    /// Judges one transfer against the registry as it stands.
    public func check(_ transfer: Transfer) throws(LedgerError) -> PolicyVerdict {
        try check([transfer])[0]
    }

    /// Every registry fact in the chain, oldest first, with its sequence number.
    public func registryFacts() throws(LedgerError) -> [(seq: UInt64, fact: RegistryFact)] {
        try wrap { try store.registryFacts(after: nil) }
    }

    func judge(_ transfer: Transfer, by engine: PolicyEngine) -> PolicyVerdict {
        engine.evaluate(transfer, registry: registry) { [store] seq in try? store.transfer(at: seq) }
    }

    /// Applies the registry facts other writers recorded since this ledger last looked.
    func catchUpRegistry() throws {
        guard try store.latestRegistrySeq() != registryTip else { return }
        for (seq, fact) in try store.registryFacts(after: registryTip) {
            try registry.apply(fact)
            registryTip = seq
        }
    }
}
