import Dispatch

/// An entry as read for verification: its stored fields and the rows stored beside it.
///
/// A class, so that handing it between threads and batches retains one reference instead of copying
/// the twenty-odd references its fields hold. Immutable, hence Sendable.
final class StoredEntry: Sendable {
    let entry: Entry
    let row: TransferRow?
    let privateDocument: [UInt8]?
    /// Whether a transfer or private-document row exists for the entry.
    let hasTransferRows: Bool

    init(entry: Entry, row: TransferRow?, privateDocument: [UInt8]?) {
        self.entry = entry
        self.row = row
        self.privateDocument = privateDocument
        hasTransferRows = row != nil || privateDocument != nil
    }
}

/// Runs `EntryContent.check` over a batch on every core, in the background while the verifier reads
/// the next batch: decoding payloads is most of a verification's work, and each entry's content is
/// independent of the others.
enum ParallelChecks {
    /// Builds each entry of `batch` from its bytes and checks its content, on every core.
    static func check(_ batch: RawEntryBatch, referenceData: ReferenceData, keepingTransfers: Bool) -> [(stored: StoredEntry, content: EntryContent)] {
        ParallelMap.map(Array(0..<batch.count), context: { PayloadDecoder() }) { index, decoder in
            let stored = batch.storedEntry(at: index)
            return (stored, EntryContent.check(stored.entry, row: stored.row, privateDocument: stored.privateDocument,
                                               referenceData: referenceData, decoder: decoder, keepingTransfer: keepingTransfers))
        }
    }

    /// The checks of one batch, running in the background from creation until `wait()` returns.
    final class Job {
        private let results = Results()
        private let done = DispatchGroup()

        init(batch: RawEntryBatch, referenceData: ReferenceData, queue: DispatchQueue, keepingTransfers: Bool) {
            let results = results
            queue.async(group: done) {
                results.checked = ParallelChecks.check(batch, referenceData: referenceData, keepingTransfers: keepingTransfers)
            }
        }

        /// The batch's entries and their contents, in order, once they are checked.
        @discardableResult
        func wait() -> [(stored: StoredEntry, content: EntryContent)] {
            done.wait()
            return results.checked
        }

        /// Frees the batch's entries and contents on the checks' queue, off the reading thread, which
        /// is the one the pipeline waits for.
        func release(on queue: DispatchQueue) {
            let results = results
            queue.async { results.checked = [] }
        }
    }

    /// Written by a job's background block before it leaves the job's group and read only after
    /// `wait()` on that group, which orders the write before the read: hence the unchecked Sendable.
    private final class Results: @unchecked Sendable {
        var checked: [(stored: StoredEntry, content: EntryContent)] = []
    }
}
