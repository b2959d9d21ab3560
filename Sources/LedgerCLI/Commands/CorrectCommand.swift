import TransferLedger

/// `ledger correct`: records NDJSON corrections (R23) as one all-or-nothing batch.
enum CorrectCommand {
    static let command = Command(
        name: "correct",
        abstract: "Record corrections read as NDJSON: each supersedes a transfer with its complete corrected version.",
        usage: "correct [<file>] [--db <path>]",
        arguments: [("<file>", "NDJSON input; '-' or absent reads standard input.")],
        options: [.database],
        discussion: """
            Each line is {"supersedes": SEQ, "reason": CODE, "reasonNote": TEXT?, "transfer": {…}} with the
            complete corrected transfer (Schema/correction.schema.json), keeping the original's
            idempotencyKey. The original entry stays in the chain; `query` and `show` mark it superseded.
            A correction naming a missing entry, an entry that is not a transfer or correction, or one
            already superseded is refused and nothing is written; correct the current version instead.
            Receipts, findings on stderr and exit status 2 as for `record`.
            """,
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try RecordInput.record(arguments, to: &console, decode: { (line) throws(RecordError) in try TransferCorrection(json: NDJSON.json(line)) },
                               extra: { ["supersedes": .integer(Int64($0.supersedes))] }) { (ledger, corrections) throws(LedgerError) in
            try ledger.record(corrections: corrections)
        }
    }
}

/// `ledger gov-access`: records NDJSON government access requests (R24) as one all-or-nothing batch.
enum GovAccessCommand {
    static let command = Command(
        name: "gov-access",
        abstract: "Record government access requests read as NDJSON, each judged under R24.",
        usage: "gov-access [<file>] [--db <path>]",
        arguments: [("<file>", "NDJSON input; '-' or absent reads standard input.")],
        options: [.database],
        discussion: """
            One request per line (Schema/gov-access-request.schema.json). A request identical to one
            already recorded under its requestId prints that receipt ("duplicate"); a changed one (its
            outcome once known) is recorded as the request's newer state. Receipts carry the requestId
            as idempotencyKey; findings on stderr and exit status 2 as for `record`.
            """,
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try RecordInput.record(arguments, to: &console, decode: { (line) throws(RecordError) in try GovAccessRequest(json: NDJSON.json(line)) }) {
            (ledger, requests) throws(LedgerError) in try ledger.record(govAccessRequests: requests)
        }
    }
}
