import Dispatch

/// A value computed in the background, on a serial queue, from creation until `wait()` returns it:
/// how the verifier checks one batch on the other cores while it reads the next.
package final class BackgroundWork<Value: Sendable> {
    private let box = Box()
    private let done = DispatchGroup()

    package init(on queue: DispatchQueue, _ work: @escaping @Sendable () -> Value) {
        let box = box
        box.work = work
        queue.async(group: done) { box.run() }
    }

    /// The value, once computed.
    package func wait() -> Value {
        done.wait()
        return box.value!
    }

    /// Frees the value on `queue`, once the caller has let go of its copies: off the caller's thread,
    /// which is the one a pipeline waits for.
    package func release(on queue: DispatchQueue) {
        let box = box
        queue.async { box.value = nil }
    }

    /// Written by the background block before it leaves the group and read only after `wait()` on
    /// that group, which orders the write before the read; `value` is released on the serial queue
    /// that wrote it: hence the unchecked Sendable.
    private final class Box: @unchecked Sendable {
        var value: Value?
        var work: (@Sendable () -> Value)?

        /// Computes the value and lets go of the work, and so of what it captured, before `wait()`
        /// can return: Dispatch frees a finished block only some time after it leaves the group, and a
        /// caller that reuses a captured buffer needs to hold the only reference to it.
        func run() {
            value = work?()
            work = nil
        }
    }
}
