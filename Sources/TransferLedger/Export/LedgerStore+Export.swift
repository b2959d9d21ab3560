/// The reads a report export needs: entry ranges, and where a period starts in the chain.
extension LedgerStore {
    /// Calls `body` with every entry in `[start, end)`, in chain order, streaming.
    func forEachEntry(from start: UInt64, to end: UInt64, _ body: (Entry) throws -> Void) throws {
        let statement = try database.statement("SELECT \(Self.entryColumns) FROM entry e WHERE e.seq >= ? AND e.seq < ? ORDER BY e.seq")
        try statement.bind(.integer(Int64(bitPattern: start)), .integer(Int64(bitPattern: end)))
        try statement.forEachRow { try body(Self.entry(from: $0)) }
    }

    /// The first entry below `end` recorded at or after `instant`, else `end`.
    ///
    /// A binary search over seq: recordedAt never decreases along the chain (FORMAT.md §1, checked by
    /// `ledger verify`), and its text is not ordered as a string (fractions vary in width).
    func firstEntry(recordedAtOrAfter instant: Timestamp, before end: UInt64) throws -> UInt64 {
        let statement = try database.statement("SELECT recorded_at FROM entry WHERE seq = ?")
        var (low, high) = (UInt64(0), end)
        while low < high {
            let middle = low + (high - low) / 2
            try statement.bind(.integer(Int64(bitPattern: middle)))
            let text = try statement.firstRow { $0.text(0) } ?? ""
            if let recorded = Timestamp.canonical(text), recorded < instant { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The first transfer whose occurredAt lies in `[from, before)`, whenever it was recorded.
    func firstTransfer(occurredFrom from: Timestamp, before: Timestamp) throws -> UInt64? {
        let statement = try database.statement("SELECT min(seq) FROM transfer WHERE occurred_at >= ? AND occurred_at < ?")
        try statement.bind(.integer(from.microseconds), .integer(before.microseconds))
        return try statement.firstRow { $0.isNull(0) ? nil : UInt64(bitPattern: $0.int64(0)) } ?? nil
    }
}
