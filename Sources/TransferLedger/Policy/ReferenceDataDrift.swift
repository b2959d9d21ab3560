import LedgerFormat

/// Domain §3.6: a transfer judged by one region table whose destination another table, adopted after
/// it, sees differently on the transfer's day (an adequacy decision annulled with retroactive effect,
/// a decision backdated). The verdict stays as recorded — it was right under the table in force — but
/// `verify --policy` lists the transfer so that someone looks at it again.
struct ReferenceDataDrift {
    /// The region tables the chain adopted, with the entry that adopted each.
    let versions: ReferenceDataVersions

    /// The finding for the transfer recorded at `seq` under table `recorded`, or nil when no table
    /// adopted after it changes the destination's status on `occurredAt`; names the newest that does.
    func finding(seq: UInt64, transfer: Transfer, recorded: Digest) -> DerivedFinding? {
        guard let then = versions.engine(for: recorded)?.referenceData else { return nil }
        let before = Status(table: then, transfer: transfer)
        for adoption in versions.adoptions.reversed() where adoption.seq > seq {
            let later = adoption.engine.referenceData
            let after = Status(table: later, transfer: transfer)
            guard after != before else { continue }
            return DerivedFinding(check: .referenceDataDrift, seq: seq, message:
                "destination \(transfer.destination) on \(Day(transfer.occurredAt)) is \(before) under the recorded region table \(recorded.shortHex) but \(after) under table \(later.version.shortHex), adopted by entry \(adoption.seq) (effective \(adoption.effectiveFrom)); the recorded verdict is kept — review the transfer")
        }
        return nil
    }

    /// What a table says about a destination on a day: its region and the adequacy decision in force.
    private struct Status: Equatable, CustomStringConvertible {
        let region: Region?
        let decision: String?
        let conditions: [String]

        init(table: ReferenceData, transfer: Transfer) {
            let day = Day(transfer.occurredAt)
            region = table.region(of: transfer.destination, at: transfer.occurredAt)
            let adequacy = table.adequacyDecision(for: transfer.destination, on: day).flatMap { $0.applies(on: day.description) ? $0 : nil }
            decision = adequacy?.id
            conditions = adequacy?.importerConditions ?? []
        }

        var description: String {
            (region?.rawValue ?? "unknown") + (decision.map { " (adequacy decision \($0))" } ?? "")
        }
    }
}
