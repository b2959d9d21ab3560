import Testing
@testable import TransferLedger

@Suite("Work spread over the cores")
struct ParallelMapTests {
    struct Stop: Error {}

    @Test(arguments: [0, 1, 63, 64, 65, 1_000, 4_097])
    func mapKeepsTheOrder(count: Int) {
        let values = Array(0..<count)
        #expect(ParallelMap.map(values, context: { 3 }) { $0 * $1 } == values.map { $0 * 3 })
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
}
