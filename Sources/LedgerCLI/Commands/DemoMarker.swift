import TransferLedger

/// How `ledger demo` recognises a ledger it made itself and that nothing has written to since: a marker
/// file beside it (`PATH.demo`) holding the entry count and tip hash demo left. A file is replaced only
/// when its marker is there, the ledger verifies intact, and it still ends exactly at that count and tip:
/// the chain links every entry to the tip, so any entry another writer appended, or a different ledger
/// put at the path, changes the tip and the file is refused.
enum DemoMarker {
    static let header = "ledger demo marker v1"

    static func path(for ledger: String) -> String { ledger + ".demo" }

    static func text(entries: UInt64, tip: Digest?) -> String {
        "\(header)\nentries \(entries)\ntip \(tip?.hex ?? "-")\n"
    }

    /// Records that the ledger at `ledger` is demo's own, as `report` (of its final verification) found it.
    static func write(for ledger: String, report: VerificationReport) throws {
        let bytes = Array(text(entries: report.entriesChecked, tip: report.tipHash).utf8)
        // Replacing: a marker left by a demo ledger someone deleted by hand says nothing about this one.
        try AtomicFile.write(bytes, to: path(for: ledger), replacing: true)
    }

    /// Removes the demo ledger at `ledger` with its marker; throws, removing nothing, unless it is one.
    static func removeDemoLedger(at ledger: String) throws {
        guard Environment.fileExists(ledger) else { return }
        func refuse(_ reason: String) -> CommandFailure {
            CommandFailure(message: "\(ledger) exists and \(reason); refusing to replace it: choose another --db, or remove it yourself",
                           status: .usage)
        }
        guard let marker = try? InputFile.read(path(for: ledger)) else {
            throw refuse("is not a ledger 'ledger demo' made (no marker \(path(for: ledger)))")
        }
        let report: VerificationReport
        do {
            report = try Ledger(path: ledger, readOnly: true).verify()
        } catch {
            throw refuse("cannot be checked as demo's own ledger (\(error))")
        }
        guard report.isIntact, String(decoding: marker, as: UTF8.self) == text(entries: report.entriesChecked, tip: report.tipHash) else {
            throw refuse("is not the ledger 'ledger demo' left there: entries were added or changed since")
        }
        for suffix in ["", "-wal", "-shm", ".demo"] { Environment.remove(ledger + suffix) }
    }
}
