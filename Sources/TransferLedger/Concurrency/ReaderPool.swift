import Synchronization

/// Read-only connections lent to one task at a time: reads run in parallel with each other and with
/// the writer (SQLite in WAL mode lets readers see the last commit while a write goes on; on
/// PostgreSQL every reader is a connection of its own). A task that finds every connection lent
/// waits, in arrival order, for the first one returned.
final class ReaderPool: Sendable {
    private let connections: [LedgerConnection]
    private let state: Mutex<State>

    private struct State {
        var idle: [Int]
        /// Tasks waiting for a connection, first come first served; each is resumed with one, or with
        /// nil when it is cancelled while it waits.
        var waiting: [(id: UInt64, continuation: CheckedContinuation<Int?, Never>)] = []
        var nextWaiter: UInt64 = 0
    }

    /// Lends the `connections`, all idle at first.
    init(_ connections: [LedgerConnection]) {
        precondition(!connections.isEmpty, "a pool needs at least one reader")
        self.connections = connections
        state = Mutex(State(idle: Array(connections.indices.reversed())))
    }

    /// How many connections the pool lends.
    var count: Int { connections.count }

    /// How many tasks are waiting for a connection.
    var waitingCount: Int { state.withLock { $0.waiting.count } }

    /// Runs `body` on a connection of its own, lent for the call (see `LedgerConnection.run`). A task
    /// cancelled while it waits for one stops waiting and gets `CancellationError`.
    func read<T: Sendable>(_ body: @Sendable (Ledger) throws -> T) async throws -> T {
        guard let index = await borrow() else { throw CancellationError() }
        defer { giveBack(index) }
        return try await connections[index].run(body)
    }

    /// An idle connection's index, nil when the task is or gets cancelled before one is free.
    private func borrow() async -> Int? {
        guard !Task.isCancelled else { return nil }
        if let index = state.withLock({ $0.idle.popLast() }) { return index }
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let outcome = state.withLock { state -> Int?? in
                    // Returned between the first look and now.
                    if let index = state.idle.popLast() { return .some(index) }
                    // Cancelled before the handler below could find this waiter.
                    if Task.isCancelled { return .some(nil) }
                    state.waiting.append((id, continuation))
                    return .none
                }
                if case .some(let index) = outcome { continuation.resume(returning: index) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Int?, Never>? in
                guard let position = state.waiting.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiting.remove(at: position).continuation
            }
            waiter?.resume(returning: nil)
        }
    }

    private func giveBack(_ index: Int) {
        let next = state.withLock { state -> CheckedContinuation<Int?, Never>? in
            guard !state.waiting.isEmpty else {
                state.idle.append(index)
                return nil
            }
            return state.waiting.removeFirst().continuation
        }
        next?.resume(returning: index)
    }
}
