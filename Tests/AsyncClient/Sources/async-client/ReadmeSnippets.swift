import TransferLedger

// The README's "Concurrency" and "Logging" examples, compiled with the rest of this package (one nested
// build for every snippet) and run by `async-client readme`. Each block between the markers must be,
// line for line, its README block (`ReadmeExampleTests` compares them); the functions around them supply
// what the README leaves to the reader (`transfers`, `query`, `path`, `logger`).

/// The "Concurrency" example: records `transfers` from one task each, streams `query`, verifies.
func readmeConcurrency(transfers: [Transfer], query: TransferQuery) async throws -> (receipts: [Receipt], report: VerificationReport) {
    // README concurrency begin
    let pool = try LedgerPool(path: "transfers.ledger", createIfMissing: true)   // or a postgresql:// URI
    let receipts = try await withThrowingTaskGroup(of: Receipt.self) { group in
        for transfer in transfers { group.addTask { try await pool.record(transfer) } }
        return try await group.reduce(into: []) { $0.append($1) }
    }
    for try await recorded in pool.transfers(matching: query) {   // streamed, a page at a time
        print(recorded.seq, recorded.transfer.destination)
    }
    let report = try await pool.verify()                          // on a reader, while writes go on
    // README concurrency end
    return (receipts, report)
}

/// The "Logging" example: a pool on the ledger at `path` whose events go to `logger`.
func readmeLogging(path: String, logger: Logger) throws -> LedgerPool {
    // README logging begin
    let pool = try LedgerPool(path: path, logHandler: { event in
        logger.log(level: Logger.Level(rawValue: event.level.rawValue)!, "\(event.message)", metadata: event.metadata.mapValues { .string($0) })
    })
    // README logging end
    return pool
}

/// A stand-in for swift-log's `Logger` (this package has no dependency but TransferLedger), with the
/// names and shapes of the members the README's adapter uses: `Level` with swift-log's raw values,
/// `log(level:_:metadata:)` taking a `Message` built by string interpolation and `Metadata` of
/// `MetadataValue`s. It prints each message as `log LEVEL: MESSAGE`.
struct Logger: Sendable {
    /// swift-log's levels and raw values.
    enum Level: String, Sendable {
        case trace, debug, info, notice, warning, error, critical
    }

    /// A log message, written as a string literal or interpolation as in swift-log.
    struct Message: ExpressibleByStringInterpolation, Sendable {
        let text: String
        init(stringLiteral value: String) { text = value }
    }

    /// A metadata value; swift-log's also has dictionaries, arrays and string-convertibles.
    enum MetadataValue: Sendable {
        case string(String)
    }

    typealias Metadata = [String: MetadataValue]

    func log(level: Level, _ message: @autoclosure () -> Message, metadata: @autoclosure () -> Metadata? = nil) {
        let fields = (metadata() ?? [:]).sorted { $0.key < $1.key }.map { field -> String in
            switch field.value { case .string(let text): "\(field.key)=\(text)" }
        }
        print((["log \(level.rawValue): \(message().text)"] + fields).joined(separator: " "))
    }
}
