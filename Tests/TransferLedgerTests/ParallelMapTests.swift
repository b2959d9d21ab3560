import Dispatch
import Synchronization
import Testing
@testable import LedgerFormat
@testable import TransferLedger

@Suite("Work spread over the cores")
struct ParallelMapTests {
    struct Stop: Error {}

    @Test(arguments: [0, 1, 63, 64, 65, 1_000, 4_097])
    func mapKeepsTheOrder(count: Int) {
        let values = Array(0..<count)
        #expect(ParallelMap.map(values, contexts: WorkerContexts { 3 }) { $0 * $1 } == values.map { $0 * 3 })
    }

    /// A context is made once per worker and kept across calls: what lets a verifier's decoders keep
    /// their caches from one batch to the next.
    @Test func contextsAreKeptAcrossCalls() {
        final class Counter: Sendable {
            let made = Mutex(0)
        }
        let counter = Counter()
        let contexts = WorkerContexts { () -> Int in
            counter.made.withLock { $0 += 1 }
            return 0
        }
        for _ in 0..<10 {
            _ = ParallelMap.map(Array(0..<1_000), contexts: contexts) { value, _ in value }
        }
        #expect((1...ParallelMap.workers).contains(counter.made.withLock { $0 }))
    }

    @Test(arguments: [0, 1, 63, 64, 65, 1_000, 4_097])
    func pipelineConsumesEveryResultInOrder(count: Int) {
        var consumed: [Int] = []
        ParallelMap.pipeline(Array(0..<count), context: { 7 }, transform: { $0 &* $1 }, consume: { consumed.append($0) })
        #expect(consumed == (0..<count).map { $0 &* 7 })
    }

    @Test func aThrowingConsumerStopsThePipelineAndTheErrorComesBack() {
        var consumed = 0
        #expect(throws: Stop.self) {
            try ParallelMap.pipeline(Array(0..<5_000), context: {}, transform: { value, _ in value }, consume: { value in
                if value == 2_500 { throw Stop() }
                consumed += 1
            })
        }
        #expect(consumed == 2_500)
    }

    /// By the time `wait()` returns, the work has let go of what it captured: the verifier then holds
    /// the only reference to a checked batch's buffers, and emptying them keeps them for the next batch.
    @Test func backgroundWorkReleasesWhatItCapturedBeforeWaitReturns() {
        final class Captured: Sendable {
            let value = 42
        }
        let queue = DispatchQueue(label: "test.background")
        for _ in 0..<200 {
            var captured: Captured? = Captured()
            weak let watched = captured
            let work = BackgroundWork(on: queue) { [captured] in captured!.value }
            captured = nil
            #expect(work.wait() == 42)
            #expect(watched == nil)
        }
    }

    /// What that is for: a batch array emptied after its copy is gone keeps its buffer.
    @Test func anEmptiedBatchKeepsItsBufferOnceTheWorkIsDone() {
        let queue = DispatchQueue(label: "test.background")
        var batch = Array(repeating: UInt8(1), count: 1 << 20)
        let before = batch.withUnsafeBufferPointer { $0.baseAddress }
        // The copy lives only in the work, as the verifier's hand-off does it.
        let work: BackgroundWork<Int> = {
            let checking = batch
            return BackgroundWork(on: queue) { checking.count }
        }()
        #expect(work.wait() == 1 << 20)
        batch.removeAll(keepingCapacity: true)
        #expect(batch.capacity >= 1 << 20)
        batch.append(2)
        #expect(batch.withUnsafeBufferPointer { $0.baseAddress } == before)
    }
}
