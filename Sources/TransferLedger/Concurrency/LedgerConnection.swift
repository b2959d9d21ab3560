/// One `Ledger` connection confined to an executor of its own: the only place it is ever used, so a
/// `Ledger`, which is not `Sendable`, can serve any number of tasks, one call at a time.
actor LedgerConnection {
    private let ledger: Ledger
    private nonisolated let executor: ConnectionExecutor

    nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    /// Takes `ledger` over; nothing else may keep it.
    init(_ ledger: sending Ledger, label: String) {
        self.ledger = ledger
        executor = ConnectionExecutor(label: label)
    }

    /// Runs `body` with the connection, unless the calling task was cancelled before its turn came:
    /// then nothing runs and `CancellationError` is thrown. Once `body` has started it runs to the end
    /// (a write commits or rolls back whole) and its result is returned, cancelled or not.
    func run<T: Sendable>(_ body: @Sendable (Ledger) throws -> T) throws -> T {
        try Task.checkCancellation()
        return try body(ledger)
    }
}
