import LedgerFormat
import LedgerStorage

/// The transfers matching a query, oldest first (by occurredAt, then sequence number), as an
/// `AsyncSequence`: `for try await recorded in pool.transfers(matching: query)`.
///
/// Matches are read a page at a time, each page one short query on a reader connection that
/// continues after the last transfer of the page before (a keyset, not an offset): memory holds one
/// page whatever the number of matches, and no connection or transaction is held between pages, so an
/// iteration left unfinished costs nothing. Each page sees the ledger as committed when it is read: a
/// transfer recorded meanwhile appears if it sorts after the iteration's position; none is returned
/// twice, and none that matches throughout is skipped (entries are never removed or reordered).
public struct TransferSequence: AsyncSequence, Sendable {
    /// Each match, with where it sits in the chain and what the ledger derived.
    public typealias Element = RecordedTransfer

    let readers: ReaderPool
    let query: TransferQuery
    let pageSize: Int

    /// A new iteration from the first match; iterations of one sequence are independent.
    public func makeAsyncIterator() -> Iterator {
        Iterator(readers: readers, query: query, pageSize: pageSize)
    }

    /// Reads the next page when the current one is used up. Cancelling the iterating task makes the
    /// next page read throw `CancellationError`.
    public struct Iterator: AsyncIteratorProtocol, Sendable {
        private let readers: ReaderPool
        private let pageSize: Int
        /// The query of the next page: continuing after the last transfer returned.
        private var query: TransferQuery
        /// How many matches the caller's `limit` leaves, nil without one.
        private var remaining: Int?
        private var page: [RecordedTransfer] = []
        private var position = 0
        private var exhausted = false

        init(readers: ReaderPool, query: TransferQuery, pageSize: Int) {
            self.readers = readers
            self.pageSize = pageSize
            self.query = query
            remaining = query.limit.map { Swift.max(0, $0) }
        }

        /// The next matching transfer, nil after the last.
        public mutating func next() async throws -> RecordedTransfer? {
            if position == page.count {
                guard !exhausted else { return nil }
                try await readPage()
                guard !page.isEmpty else { return nil }
            }
            defer { position += 1 }
            return page[position]
        }

        private mutating func readPage() async throws {
            let size = Swift.min(pageSize, remaining ?? pageSize)
            var pageQuery = query
            pageQuery.limit = size
            let request = pageQuery
            // The page just read is let go before the next one is: one page in memory at a time.
            page = []
            position = 0
            page = size == 0 ? [] : try await readers.read { try $0.transfers(matching: request) }
            exhausted = page.count < size
            remaining = remaining.map { $0 - page.count }
            if let last = page.last {
                query.after = QueryPosition(occurredAt: last.transfer.occurredAt.microseconds, seq: Int64(last.seq))
            }
        }
    }
}
