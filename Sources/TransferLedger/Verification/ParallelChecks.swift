import Dispatch

/// Runs `EntryContent.check` over a batch on every core, in the background while the verifier reads
/// the next batch: decoding payloads is most of a verification's work, and each entry's content is
/// independent of the others.
enum ParallelChecks {
    /// Checks each entry of `batch` from its bytes, on every core.
    static func check(_ batch: RawEntryBatch, referenceData: ReferenceData, keepingTransfers: Bool) -> [EntryContent] {
        ParallelMap.map(Array(0..<batch.count), context: { PayloadDecoder() }) { index, decoder in
            batch.withRow(at: index) { row in
                EntryContent.check(row, referenceData: referenceData, decoder: decoder, keepingTransfer: keepingTransfers)
            }
        }
    }

    /// The checks of one batch, running in the background from creation until `wait()` returns.
    final class Job {
        /// The entries checked.
        let batch: RawEntryBatch
        private let results = Results()
        private let done = DispatchGroup()

        init(batch: RawEntryBatch, referenceData: ReferenceData, queue: DispatchQueue, keepingTransfers: Bool) {
            self.batch = batch
            let results = results
            queue.async(group: done) {
                results.checked = ParallelChecks.check(batch, referenceData: referenceData, keepingTransfers: keepingTransfers)
            }
        }

        /// The contents of the batch's entries, in order, once they are checked.
        @discardableResult
        func wait() -> [EntryContent] {
            done.wait()
            return results.checked
        }
    }

    /// Written by a job's background block before it leaves the job's group and read only after
    /// `wait()` on that group, which orders the write before the read: hence the unchecked Sendable.
    private final class Results: @unchecked Sendable {
        var checked: [EntryContent] = []
    }
}
