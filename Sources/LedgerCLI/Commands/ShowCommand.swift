import TransferLedger

/// `ledger show SEQ`: one entry, its canonical bytes and hashes.
enum ShowCommand {
    static let command = Command(
        name: "show",
        abstract: "Show one entry with its hashes and payload.",
        usage: "show <seq> [--db <path>] [--json]",
        arguments: [("<seq>", "The entry's sequence number.")],
        options: [.database, OptionSpec("--json", help: "Print the entry as JSON, with its canonical bytes in hex.")],
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 1)
        guard let text = arguments.positionals.first else { throw CommandFailure.usage("missing <seq>") }
        let seq = try Arguments.number(text, named: "<seq>", in: Arguments.positions)
        let ledger = try Ledger(path: arguments.databasePath, readOnly: true)
        let entry = try ledger.entry(at: seq)
        let payload = (try? JSONParser.parse(entry.payload)) ?? .string(entry.payloadText)
        // Versions of a transfer (R23): the entry stays as recorded; say which correction replaced it.
        let supersededBy = entry.kind == .transfer || entry.kind == .correction ? try ledger.supersededBy(seq) : nil
        let supersedes = entry.kind == .correction ? try ledger.correction(at: seq)?.supersedes : nil
        // The payload still commits to an erased private document by its digest; say where it went.
        let erasedBy = entry.kind == .transfer || entry.kind == .correction ? try ledger.erasure(of: seq) : nil
        if arguments.has("--json") {
            var members: JSONObject = [
                "seq": .integer(Int64(entry.seq)),
                "kind": .string(entry.kind.rawValue),
                "recordedAt": .string(entry.recordedAt),
                "previousHash": .string(entry.previousHash.hex),
                "hash": .string(entry.hash.hex),
                "format": .integer(Int64(entry.format)),
                "canonicalBytes": .string(Hex.encode(entry.canonicalBytes)),
                "payload": payload,
            ]
            members["supersededBy"] = supersededBy.map { .integer(Int64($0)) }
            members["erasedBy"] = erasedBy.map { .integer(Int64($0)) }
            console.print(JSONValue.object(members).prettyText())
        } else {
            console.print("entry \(entry.seq)")
            console.print("  kind:           \(entry.kind)")
            console.print("  recorded at:    \(entry.recordedAt)")
            console.print("  previous hash:  \(entry.previousHash.hex)")
            console.print("  hash:           \(entry.hash.hex)")
            console.print("  format:         \(entry.format)")
            console.print("  canonical size: \(entry.canonicalBytes.count) bytes")
            if let supersedes { console.print("  supersedes:     entry \(supersedes)") }
            if let supersededBy { console.print("  superseded by:  entry \(supersededBy) (a correction; this version is no longer current)") }
            if let erasedBy { console.print("  private:        erased by entry \(erasedBy) (idempotencyKey, loggedBy, notes)") }
            console.print("payload:")
            console.print(payload.prettyText())
        }
        return .success
    }
}
