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

    /// The checks of one batch, running in the background from creation until `wait()` returns.
    final class Job {
        private let state: State
        private let done = DispatchGroup()

        init(batch: RawEntryBatch, referenceData: ReferenceData, queue: DispatchQueue, keepingTransfers: Bool) {
            let state = State(batch: batch)
            self.state = state
            queue.async(group: done) {
                state.checked = ParallelChecks.check(batch, referenceData: referenceData, keepingTransfers: keepingTransfers)
            }
        }

        /// The batch and the contents of its entries, in order, once they are checked.
        func wait() -> (batch: RawEntryBatch, contents: [EntryContent]) {
            done.wait()
            return (state.batch, state.checked)
        }

        /// Frees the batch and its contents on `queue` once the caller has let go of them: off the
        /// reading thread, which is the one a verification waits for.
        func release(on queue: DispatchQueue) {
            let state = state
            queue.async {
                state.batch = RawEntryBatch(capacity: 0)
                state.checked = []
            }
        }
    }

    /// Written by a job's background block before it leaves the job's group and read only after
    /// `wait()` on that group, which orders the write before the read; released on the same serial
    /// queue that wrote it: hence the unchecked Sendable.
    private final class State: @unchecked Sendable {
        var batch: RawEntryBatch
        var checked: [EntryContent] = []

        init(batch: RawEntryBatch) {
            self.batch = batch
        }
    }
}
