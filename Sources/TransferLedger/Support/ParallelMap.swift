#if canImport(Glibc)
internal import Glibc
#endif
import Dispatch

/// Maps independent elements on every online core, keeping their order.
///
/// Appends and verification spend most of their CPU time on per-entry work that depends on no other
/// entry (judging, encoding, decoding, hashing); only the chain itself is sequential.
enum ParallelMap {
    /// Workers to use: the online cores, at least one.
    static let workers: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// Below this many elements, thread hand-off costs more than it saves.
    static let minimumCount = 64

    /// `transform` applied to every element, in order. Each worker calls `makeContext` once and passes
    /// its context (a hasher, say: one that is not thread-safe) to every call it makes.
    static func map<Element: Sendable, Result: Sendable, Context>(
        _ elements: [Element], context makeContext: @Sendable () -> Context,
        _ transform: @Sendable (Element, Context) -> Result
    ) -> [Result] {
        guard workers > 1, elements.count >= minimumCount else {
            let context = makeContext()
            return elements.map { transform($0, context) }
        }
        let slots = Slots<Result>(count: elements.count)
        let chunk = (elements.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let context = makeContext()
            for index in (worker * chunk)..<min(elements.count, (worker + 1) * chunk) {
                slots.store(transform(elements[index], context), at: index)
            }
        }
        return slots.values()
    }

    /// One result slot per element, in raw memory: each worker writes only its own indices, and the
    /// results are read after `concurrentPerform` has returned, so the unsynchronised writes cannot
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

        func values() -> [Value] {
            slots.map { $0! }
        }
    }
}
