#if canImport(Glibc)
internal import Glibc
#endif
import Dispatch
import Synchronization

/// Maps independent elements on every online core, keeping their order.
///
/// Appends and verification spend most of their CPU time on per-entry work that depends on no other
/// entry (judging, encoding, decoding, hashing); only the chain itself is sequential.
package enum ParallelMap {
    /// Workers to use: the online cores, at least one.
    package static let workers: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// Below this many elements, thread hand-off costs more than it saves.
    static let minimumCount = 64

    /// `transform` applied to every element, in order, each worker passing the context `contexts`
    /// keeps for it: contexts, and whatever they cache, then last across calls. Calls with the same
    /// `contexts` must not overlap (they run one after another on a serial queue).
    package static func map<Element: Sendable, Result: Sendable, Context>(
        _ elements: [Element], contexts: WorkerContexts<Context>,
        _ transform: @Sendable (Element, Context) -> Result
    ) -> [Result] {
        guard workers > 1, elements.count >= minimumCount else {
            let context = contexts.context(forWorker: 0)
            return elements.map { transform($0, context) }
        }
        let slots = Slots<Result>(count: elements.count)
        // Small chunks claimed in turn rather than one share per worker: a worker that shares its core
        // with another thread (the verifier's reader, say) would otherwise hold everyone up.
        let chunkSize = 32
        let chunkCount = (elements.count + chunkSize - 1) / chunkSize
        let progress = PipelineProgress()
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let context = contexts.context(forWorker: worker)
            while let chunk = progress.claimNext(below: chunkCount) {
                for index in (chunk * chunkSize)..<min(elements.count, (chunk + 1) * chunkSize) {
                    slots.store(transform(elements[index], context), at: index)
                }
            }
        }
        return slots.values()
    }

    /// Calls `consume` with `transform` of every element, in order, while background threads compute
    /// the results ahead of it: the caller's thread does the sequential work (extending the chain)
    /// while the other cores do the independent work (judging, encoding) for the elements that follow.
    ///
    /// The caller computes any chunk no background thread has claimed yet when it needs it, so the
    /// pipeline finishes even when no background thread ever runs (a library called from a saturated
    /// thread pool must not wait on that pool). If `consume` throws, background threads stop at their
    /// next chunk and the error is rethrown once those that started have stopped.
    package static func pipeline<Element: Sendable, Result: Sendable, Context>(
        _ elements: [Element], context makeContext: @escaping @Sendable () -> Context,
        transform: @escaping @Sendable (Element, Context) -> Result,
        consume: (consuming Result) throws -> Void
    ) rethrows {
        guard workers > 1, elements.count >= minimumCount else {
            let context = makeContext()
            for element in elements { try consume(transform(element, context)) }
            return
        }
        let chunkSize = 32
        let chunkCount = (elements.count + chunkSize - 1) / chunkSize
        @Sendable func range(of chunk: Int) -> Range<Int> { (chunk * chunkSize)..<min(elements.count, (chunk + 1) * chunkSize) }
        let slots = Slots<Result>(count: elements.count)
        let ready = (0..<chunkCount).map { _ in DispatchSemaphore(value: 0) }
        let progress = PipelineProgress()
        let producers = DispatchGroup()
        // One core stays with the caller, which consumes.
        for _ in 0..<(workers - 1) {
            DispatchQueue.global().async {
                producers.enter()
                defer { producers.leave() }
                guard !progress.isCancelled else { return }
                let context = makeContext()
                while let chunk = progress.claimNext(below: chunkCount) {
                    for index in range(of: chunk) { slots.store(transform(elements[index], context), at: index) }
                    ready[chunk].signal()
                }
            }
        }
        defer {
            progress.cancel()
            producers.wait()
        }
        var context: Context?
        for chunk in 0..<chunkCount {
            if progress.claim(chunk) {
                let own = context ?? makeContext()
                context = own
                for index in range(of: chunk) { try consume(transform(elements[index], own)) }
            } else {
                ready[chunk].wait()
                for index in range(of: chunk) { try consume(slots.take(at: index)) }
            }
        }
    }

    /// Which chunks are claimed (all below `nextChunk`), and whether a pipeline's consumer has given up.
    private final class PipelineProgress: Sendable {
        private let nextChunk = Atomic<Int>(0)
        private let cancelled = Atomic<Bool>(false)

        /// Claims the next unclaimed chunk below `count`; nil when none is left or after `cancel()`.
        func claimNext(below count: Int) -> Int? {
            while !isCancelled {
                let chunk = nextChunk.load(ordering: .acquiring)
                guard chunk < count else { return nil }
                if nextChunk.compareExchange(expected: chunk, desired: chunk + 1, ordering: .acquiringAndReleasing).exchanged {
                    return chunk
                }
            }
            return nil
        }

        /// Claims `chunk` if it is the next unclaimed one.
        func claim(_ chunk: Int) -> Bool {
            nextChunk.compareExchange(expected: chunk, desired: chunk + 1, ordering: .acquiringAndReleasing).exchanged
        }

        var isCancelled: Bool { cancelled.load(ordering: .sequentiallyConsistent) }
        func cancel() { cancelled.store(true, ordering: .sequentiallyConsistent) }
    }

    /// One result slot per element, in raw memory: each worker writes only the indices of the chunks it
    /// claimed, and the results are read after `concurrentPerform` has returned, so the unsynchronised writes cannot
    /// race (an Array here would trip Swift's exclusivity checks on simultaneous writes).
    private final class Slots<Value>: @unchecked Sendable {
        private let slots: UnsafeMutableBufferPointer<Value?>

        init(count: Int) {
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil)
        }

        deinit {
            slots.deinitialize()
            slots.deallocate()
        }

        func store(_ value: Value, at index: Int) {
            slots[index] = value
        }

        /// Moves the value out of slot `index`, without a copy, so it is freed as soon as the caller is
        /// done with it.
        func take(at index: Int) -> Value {
            let slot = slots.baseAddress! + index
            let value = slot.move()
            slot.initialize(to: nil)
            return value!
        }

        func values() -> [Value] {
            slots.map { $0! }
        }
    }
}

/// One context per worker of `ParallelMap.map`, made on first use and kept across calls: a decoder's
/// caches (each verdict read once, say) then last a whole verification instead of one batch.
///
/// Worker `n` of a call is the only thread that touches context `n`, and calls that share these
/// contexts run one after another, so no context is ever used by two threads at once: hence the
/// unchecked Sendable, and raw memory (an array's shared buffer would be written by several threads).
package final class WorkerContexts<Context>: @unchecked Sendable {
    private let contexts: UnsafeMutableBufferPointer<Context?>
    private let make: @Sendable () -> Context

    package init(_ make: @escaping @Sendable () -> Context) {
        self.make = make
        contexts = .allocate(capacity: ParallelMap.workers)
        contexts.initialize(repeating: nil)
    }

    deinit {
        contexts.deinitialize()
        contexts.deallocate()
    }

    func context(forWorker worker: Int) -> Context {
        if let context = contexts[worker] { return context }
        let context = make()
        contexts[worker] = context
        return context
    }
}
