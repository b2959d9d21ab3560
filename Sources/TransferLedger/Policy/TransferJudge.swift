import LedgerFormat

/// The policy engine and the registry as of one append transaction: everything judging a transfer
/// needs, as a value the threads that judge a batch can share.
struct TransferJudge: Sendable {
    let engine: PolicyEngine
    let registry: Registry

    /// The verdict on `transfer`, whose `parent` (for onward transfers) was resolved beforehand.
    func verdict(for transfer: Transfer, parent: Transfer?) -> PolicyVerdict {
        engine.evaluate(transfer, registry: registry) { _ in parent }
    }
}
