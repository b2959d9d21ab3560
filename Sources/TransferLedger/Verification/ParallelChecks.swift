import Dispatch

/// Runs `EntryContentChecker.check` over a batch on every core, in the background while the verifier reads
/// the next batch: decoding payloads is most of a verification's work, and each entry's content is
/// independent of the others.
enum ParallelChecks {
    /// Checks each entry of `batch` from its bytes, on every core.
    static func check(_ batch: RawEntryBatch, referenceData: ReferenceData, keepingTransfers: Bool) -> [EntryContent] {
        ParallelMap.map(Array(0..<batch.count), context: { EntryContentChecker(referenceData: referenceData, keepingTransfers: keepingTransfers) }) {
            index, checker in batch.withRow(at: index, checker.check)
        }
    }
}
