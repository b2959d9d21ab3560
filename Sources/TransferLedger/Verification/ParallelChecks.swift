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
    /// One worker per core besides the reading thread: the reader is busy the whole time, and a
    /// third thread on two cores only takes turns with it (measured: 0.37 s against 0.72 s for 30,000
    /// entries on this two-core machine).
    static let workers = max(1, min(8, sysconf(Int32(_SC_NPROCESSORS_ONLN)) - 1))

    static func contents(of batch: [StoredEntry], referenceData: ReferenceData, decoders: Decoders, keepingTransfers: Bool) -> [EntryContent] {
        guard batch.count > 64 else {
            let decoder = decoders[0]
            return batch.map { EntryContent.check($0.entry, row: $0.row, privateDocument: $0.privateDocument, referenceData: referenceData, decoder: decoder, keepingTransfer: keepingTransfers) }
        }
        let slots = Slots(count: batch.count)
        let chunk = (batch.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let decoder = decoders[worker]
            for index in (worker * chunk)..<min(batch.count, (worker + 1) * chunk) {
                let stored = batch[index]
                slots.store(EntryContent.check(stored.entry, row: stored.row, privateDocument: stored.privateDocument,
                                               referenceData: referenceData, decoder: decoder, keepingTransfer: keepingTransfers), at: index)
            }
        }
        return slots.values()
    }

    /// The checks of one batch, running in the background from creation until `wait()` returns.
    final class Job {
        let batch: [StoredEntry]
        private let results = Results()
        private let done = DispatchGroup()

        init(batch: [StoredEntry], referenceData: ReferenceData, decoders: Decoders, keepingTransfers: Bool) {
            self.batch = batch
            let results = results
            decoders.queue.async(group: done) {
                results.contents = ParallelChecks.contents(of: batch, referenceData: referenceData, decoders: decoders,
                                                           keepingTransfers: keepingTransfers)
            }
        }

        /// The contents of `batch`, in order, once they are checked.
        @discardableResult
        func wait() -> [EntryContent] {
            done.wait()
            return results.contents
        }

        /// Frees the batch and its contents on the checks' queue, off the reading thread, which is the
        /// one the pipeline waits for.
        func release(on decoders: Decoders) {
            let batch = batch, results = results
            decoders.queue.async { withExtendedLifetime((batch, results)) {} }
        }
    }

    /// Written by a job's background block before it leaves the job's group and read only after
    /// `wait()` on that group, which orders the write before the read: hence the unchecked Sendable.
    private final class Results: @unchecked Sendable {
        var contents: [EntryContent] = []
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
        private let slots: UnsafeMutableBufferPointer<EntryContent?>

        init(count: Int) {
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil)
        }

        deinit {
            slots.deinitialize()
            slots.deallocate()
        }

        func store(_ content: EntryContent, at index: Int) {
            slots[index] = content
        }

        func values() -> [EntryContent] {
            slots.compactMap { $0 }
        }
    }
}
