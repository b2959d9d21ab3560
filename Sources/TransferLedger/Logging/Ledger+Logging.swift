import LedgerFormat

extension Ledger {
    /// Tells `handler` what a committed `record` is worth an operator's attention: each transfer
    /// recorded although it breaks a rule (log, don't drop: the service goes on, its operators should
    /// not have to read every receipt), each duplicate that wrote nothing, and an append that found the
    /// chain's tip held by another writer and went through the intake.
    func log(_ receipts: [Receipt], contended: Bool, to handler: LedgerLogHandler) {
        for receipt in receipts {
            var metadata = ["location": path, "seq": String(receipt.seq), "idempotencyKey": receipt.idempotencyKey]
            if receipt.duplicate {
                handler(LedgerLogEvent(level: .info, message: "entry \(receipt.seq) already holds this transfer; nothing written", metadata: metadata))
                continue
            }
            guard let status = receipt.verdict?.status, status == .nonCompliant || status == .compliantWithWarnings else { continue }
            metadata["status"] = status.rawValue
            handler(LedgerLogEvent(level: status == .nonCompliant ? .warning : .notice,
                                   message: "transfer recorded as \(status.rawValue) at entry \(receipt.seq)", metadata: metadata))
        }
        if contended {
            handler(LedgerLogEvent(level: .debug, message: "another writer held the chain's tip; the transfer went through the intake",
                                   metadata: ["location": path]))
        }
    }
}
