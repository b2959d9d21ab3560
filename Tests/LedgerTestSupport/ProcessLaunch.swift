import Foundation
import Synchronization

/// Starts child processes one at a time. Foundation's `Process.run()` on Linux crashed the test
/// process (a bad pointer in `memmove` inside `run()`) twice in full runs, each time while several
/// suites were starting processes at the same moment; the processes still run concurrently, only
/// their launches (about a millisecond each) are serial.
public enum ProcessLaunch {
    private static let launches = Mutex(())

    /// `process.run()`, while no other test is inside it.
    public static func run(_ process: Process) throws {
        try launches.withLock { _ in try process.run() }
    }
}
