import Foundation
import Testing
import TransferLedger

/// Traps found by the search for issue 11 item 9, each as the input that reached it.
@Suite("Traps reachable from input")
struct TrapRegressionTests {
    /// A report bundle whose (unsigned, edited) evidence checkpoint states a size above 2^63−1 made
    /// `verify-report` trap converting it to a JSON integer (SIGILL); now it is a problem, exit 1.
    @Test func reportCheckpointSizeBeyondInt64() async throws {
        let bench = try FuzzBench("trap-report-size")
        defer { bench.finish() }
        try await bench.prepare()
        try await bench.prepareBundle()
        let report = String(decoding: try bench.read("bundle/report.json"), as: UTF8.self)
        let origin = #"example.com/fuzz-log\n"#
        let start = try #require(report.range(of: origin))  // the checkpoint note; its size line follows
        let end = try #require(report[start.upperBound...].range(of: #"\n"#))
        let edited = report.replacingCharacters(in: start.upperBound..<end.lowerBound, with: "18446744073709551615")
        _ = bench.session.write("bundle/report.json", Array(edited.utf8))

        let result = try await bench.session.runGuarded(["verify-report", "bundle", "--key", "log.pub"])
        #expect(result.status == 1, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("evidence.checkpoint: size 18446744073709551615 or range end"), "\(result.stdout)")
    }

    /// Found by the fuzzer: `report.json` with its first entry line repeated. The repeat (seq 0) links
    /// to no previous hash, and naming "entry seq − 1" underflowed (SIGILL); now a problem, exit 1. The
    /// first line is a stub since report format 2, which the order is checked before.
    @Test func reportFirstEntryRepeated() async throws {
        let bench = try FuzzBench("trap-report-repeat")
        defer { bench.finish() }
        try await bench.prepare()
        try await bench.prepareBundle()
        var lines = try bench.read("bundle/report.json").split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        lines.insert([UInt8(ascii: ",")] + lines[1], at: 2)
        _ = bench.session.write("bundle/report.json", Array(lines.joined(separator: [0x0A])))

        let result = try await bench.session.runGuarded(["verify-report", "bundle", "--key", "log.pub"])
        #expect(result.status == 1, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("entry 0: is out of order: the range continues with entry 1"), "\(result.stdout)")
    }
}
