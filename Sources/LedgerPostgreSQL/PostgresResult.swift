internal import CLibPQ

/// The complete result of one statement, owned: its rows stay readable, and their bytes stay where
/// libpq holds them, until the result is released.
final class PostgresResult {
    private let handle: OpaquePointer

    init(_ handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        PQclear(handle)
    }

    /// The number of rows.
    var count: Int { Int(PQntuples(handle)) }

    /// Row `index`, valid while this result is alive.
    func row(_ index: Int) -> PostgresRow {
        PostgresRow(result: handle, row: Int32(index))
    }
}

@available(*, unavailable)
extension PostgresResult: Sendable {}
