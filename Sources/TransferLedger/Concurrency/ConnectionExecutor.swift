import Dispatch

/// Runs one connection's jobs, one at a time, on a serial Dispatch queue of its own.
///
/// SQLite and libpq calls block their thread until the disk or the server answers (a durable commit is
/// an fsync). Run on Swift's cooperative pool, which has one thread per core, a few of them would stall
/// every other task of the process; a serial queue is served by a thread outside that pool, so the
/// tasks that await a connection suspend instead of blocking.
final class ConnectionExecutor: SerialExecutor {
    private let queue: DispatchQueue

    /// An executor whose thread is named `label` in debuggers and crash reports.
    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
