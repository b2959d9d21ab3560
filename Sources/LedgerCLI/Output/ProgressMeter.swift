import Synchronization
import TransferLedger
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// An operation's progress on standard error, redrawn in place on a terminal: entries done, rate and
/// time left. Silent in a pipe, in a file and with `--quiet`, where a redrawn line is only noise.
final class ProgressMeter: Sendable {
    /// The fewest seconds between two redraws: at most four a second, however often the library reports.
    static let redrawInterval: Duration = .milliseconds(250)

    private struct State {
        let start = ContinuousClock.now
        var lastDraw: ContinuousClock.Instant?
        var drawnWidth = 0
    }

    private let label: String
    private let state = Mutex(State())

    private init(label: String) {
        self.label = label
    }

    /// A meter for `label` ("verifying"), or nil when standard error is not a terminal or `--quiet` was given.
    private static func onTerminal(_ label: String, _ arguments: Arguments) -> ProgressMeter? {
        guard !arguments.has("--quiet"), isatty(STDERR_FILENO) != 0 else { return nil }
        return ProgressMeter(label: label)
    }

    /// Runs `body` with a meter's callback (nil when no meter is shown, see `onTerminal`) and clears the
    /// line when it returns or throws, so what the command prints next starts at the left margin.
    static func showing<T, Failure: Error>(_ label: String, _ arguments: Arguments,
                                           _ body: (ProgressHandler?) throws(Failure) -> T) throws(Failure) -> T {
        let meter = onTerminal(label, arguments)
        defer { meter?.finish() }
        return try body(meter?.handler)
    }

    /// The library's callback: redraws unless the last redraw was too recent (the final report always draws).
    var handler: ProgressHandler {
        { [self] progress in report(progress) }
    }

    func report(_ progress: OperationProgress) {
        state.withLock { state in
            let now = ContinuousClock.now
            let finished = progress.total == progress.done
            if let last = state.lastDraw, now - last < Self.redrawInterval, !finished { return }
            state.lastDraw = now
            let line = Self.line(label, progress, elapsed: Self.seconds(now - state.start))
            draw(line, over: &state.drawnWidth)
        }
    }

    /// Clears the line, so the command's own output starts at the left margin.
    func finish() {
        state.withLock { state in draw("", over: &state.drawnWidth) }
    }

    private func draw(_ line: String, over drawnWidth: inout Int) {
        let padding = String(repeating: " ", count: max(0, drawnWidth - line.count))
        fputs("\r" + line + padding + (line.isEmpty ? "\r" : ""), stderr)
        fflush(stderr)
        drawnWidth = line.count
    }

    /// "verifying: 12,288 of 1,000,000 entries, 310,000/s, 3 s left".
    static func line(_ label: String, _ progress: OperationProgress, elapsed: Double) -> String {
        var text = "\(label): \(Count.text(progress.done))"
        if let total = progress.total { text += " of \(Count.text(total))" }
        text += " entries"
        guard elapsed > 0, progress.done > 0 else { return text }
        let rate = Double(progress.done) / elapsed
        text += ", \(Count.text(Int(rate)))/s"
        if let total = progress.total, total > progress.done {
            text += ", \(Count.text(Int((Double(total - progress.done) / rate).rounded(.up)))) s left"
        }
        return text
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
