import Dispatch

/// An entry as read for verification: its stored fields and the rows stored beside it.
struct StoredEntry: Sendable {
    let entry: Entry
    let row: TransferRow?
    let privateDocument: [UInt8]?
}

/// Runs `EntryContent.check` over a batch on every core: decoding and re-encoding payloads is most
/// of a verification's work, and each entry's content is independent of the others.
enum ParallelChecks {
    static let workers = 2

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

    /// One payload decoder per worker, kept for a whole verification so each keeps its verdict cache.
    /// Worker `i` alone uses decoder `i`, and `concurrentPerform` runs each index once, so no decoder
    /// is ever used by two threads at a time: that is what makes the unchecked Sendable sound.
    final class Decoders: @unchecked Sendable {
        private let decoders = (0..<ParallelChecks.workers).map { _ in PayloadDecoder() }

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
