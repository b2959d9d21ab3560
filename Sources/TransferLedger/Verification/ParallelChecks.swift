import Dispatch
#if canImport(Glibc)
internal import Glibc
#endif

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
    /// One worker per core besides the reading thread, which is busy the whole time. (On the two-core
    /// machine this was measured on, one and two workers gave the same times.)
    static let workers = max(1, min(8, sysconf(Int32(_SC_NPROCESSORS_ONLN)) - 1))

    /// Builds each entry of `batch` from its bytes and checks its content, on every worker.
    static func check(_ batch: RawEntryBatch, referenceData: ReferenceData, decoders: Decoders,
                      keepingTransfers: Bool) -> [(stored: StoredEntry, content: EntryContent)] {
        @Sendable func checked(_ index: Int, _ decoder: PayloadDecoder) -> (stored: StoredEntry, content: EntryContent) {
            let stored = batch.storedEntry(at: index)
            return (stored, EntryContent.check(stored.entry, row: stored.row, privateDocument: stored.privateDocument,
                                               referenceData: referenceData, decoder: decoder, keepingTransfer: keepingTransfers))
        }
        guard workers > 1, batch.count > 64 else {
            let decoder = decoders[0]
            return (0..<batch.count).map { checked($0, decoder) }
        }
        let slots = Slots(count: batch.count)
        let chunk = (batch.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let decoder = decoders[worker]
            for index in (worker * chunk)..<min(batch.count, (worker + 1) * chunk) {
                slots.store(checked(index, decoder), at: index)
            }
        }
        return slots.values()
    }

    /// The checks of one batch, running in the background from creation until `wait()` returns.
    final class Job {
        private let results = Results()
        private let done = DispatchGroup()

        init(batch: RawEntryBatch, referenceData: ReferenceData, decoders: Decoders, keepingTransfers: Bool) {
            let results = results
            decoders.queue.async(group: done) {
                results.checked = ParallelChecks.check(batch, referenceData: referenceData, decoders: decoders,
                                                       keepingTransfers: keepingTransfers)
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
        func release(on decoders: Decoders) {
            let results = results
            decoders.queue.async { results.checked = [] }
        }
    }

    /// Written by a job's background block before it leaves the job's group and read only after
    /// `wait()` on that group, which orders the write before the read: hence the unchecked Sendable.
    private final class Results: @unchecked Sendable {
        var checked: [(stored: StoredEntry, content: EntryContent)] = []
    }

    /// One payload decoder per worker, kept for a whole verification so each keeps its verdict cache.
    /// Worker `i` alone uses decoder `i`, `concurrentPerform` runs each index once, and jobs run one at
    /// a time on `queue`, so no decoder is ever used by two threads at a time: that is what makes the
    /// unchecked Sendable sound.
    final class Decoders: @unchecked Sendable {
        private let decoders = (0..<ParallelChecks.workers).map { _ in PayloadDecoder() }
        /// Where this verification's jobs run: one batch at a time, so each decoder serves one thread at a time.
        let queue = DispatchQueue(label: "TransferLedger.verify.checks")

        subscript(worker: Int) -> PayloadDecoder { decoders[worker] }
    }

    /// One result slot per entry, in raw memory: each worker writes only its own indices, and the
    /// results are read after `concurrentPerform` has returned, so the unsynchronised writes cannot
    /// race (an Array here would trip Swift's exclusivity checks on simultaneous writes).
    private final class Slots: @unchecked Sendable {
        private let slots: UnsafeMutableBufferPointer<(stored: StoredEntry, content: EntryContent)?>

        init(count: Int) {
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil)
        }

        deinit {
            slots.deinitialize()
            slots.deallocate()
        }

        func store(_ checked: (stored: StoredEntry, content: EntryContent), at index: Int) {
            slots[index] = checked
        }

        func values() -> [(stored: StoredEntry, content: EntryContent)] {
            slots.compactMap { $0 }
        }
    }
}
