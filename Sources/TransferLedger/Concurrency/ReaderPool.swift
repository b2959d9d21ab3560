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
        var waiting: [CheckedContinuation<Int, Never>] = []
    }

    /// Lends the `connections`, all idle at first.
    init(_ connections: [LedgerConnection]) {
        precondition(!connections.isEmpty, "a pool needs at least one reader")
        self.connections = connections
        state = Mutex(State(idle: Array(connections.indices.reversed())))
    }

    /// How many connections the pool lends.
    var count: Int { connections.count }

    /// Runs `body` on a connection of its own, lent for the call (see `LedgerConnection.run`).
    func read<T: Sendable>(_ body: @Sendable (Ledger) throws -> T) async throws -> T {
        let index = await borrow()
        defer { giveBack(index) }
        return try await connections[index].run(body)
    }

    private func borrow() async -> Int {
        if let index = state.withLock({ $0.idle.popLast() }) { return index }
        return await withCheckedContinuation { continuation in
            let index = state.withLock { state -> Int? in
                // Returned between the first look and now.
                if let index = state.idle.popLast() { return index }
                state.waiting.append(continuation)
                return nil
            }
            if let index { continuation.resume(returning: index) }
        }
    }

    private func giveBack(_ index: Int) {
        let next = state.withLock { state -> CheckedContinuation<Int, Never>? in
            guard !state.waiting.isEmpty else {
                state.idle.append(index)
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume(returning: index)
    }
}
