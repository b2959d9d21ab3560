import LedgerFormat

/// The region tables a ledger knows at a point of its chain: the one it was opened with (the embedded
/// table by default, with its earlier releases) and every table adopted by a `referenceData` entry so far, each with a policy
/// engine over it. Answers which table is in force at a ledger time and which table a recorded
/// version names.
struct ReferenceDataVersions {
    /// An adopted table: the entry that adopted it and the first day it judges appends.
    struct Adoption {
        let seq: UInt64
        let effectiveFrom: Day
        let engine: PolicyEngine
    }

    /// The engine over the table in force when nothing has been adopted.
    let base: PolicyEngine
    /// Adopted tables in chain order.
    private(set) var adoptions: [Adoption] = []
    private var byVersion: [Digest: PolicyEngine]

    init(base: PolicyEngine) {
        self.base = base
        byVersion = [base.referenceData.version: base]
        // A ledger on the embedded table also knows the table's earlier releases: transfers recorded by
        // an earlier build name them, and an upgrade must not make them unverifiable.
        guard base.referenceData.version == ReferenceData.embedded.version else { return }
        for earlier in ReferenceData.earlierEmbedded where byVersion[earlier.version] == nil {
            byVersion[earlier.version] = PolicyEngine(referenceData: earlier, options: base.options)
        }
    }

    /// The sequence number of the newest adoption, nil when there is none.
    var tip: UInt64? { adoptions.last?.seq }

    /// Records an adoption read from the chain.
    mutating func adopt(_ table: ReferenceData, effectiveFrom: Day, seq: UInt64) {
        let engine = PolicyEngine(referenceData: table, options: base.options)
        adoptions.append(Adoption(seq: seq, effectiveFrom: effectiveFrom, engine: engine))
        byVersion[table.version] = engine
    }

    /// The engine whose table is in force at ledger time `instant`: of the adopted tables effective
    /// on or before its UTC day, the one with the latest effective day (the later adoption on a tie);
    /// the base table when none is. `before` leaves out adoptions recorded at or after that entry,
    /// for replaying an entry already in the chain when later adoptions are known.
    func inForce(at instant: Timestamp, before seq: UInt64? = nil) -> PolicyEngine {
        let day = Day(instant)
        var best: Adoption?
        for adoption in adoptions where seq.map({ adoption.seq < $0 }) ?? true
            && adoption.effectiveFrom <= day && adoption.effectiveFrom >= (best?.effectiveFrom ?? adoption.effectiveFrom) {
            best = adoption
        }
        return best?.engine ?? base
    }

    /// The region table in force for the entry recorded at `recordedAt` as `seq`: the one its
    /// registry facts' codes were checked against. The base table when `recordedAt` is not canonical
    /// (verify reports that separately).
    func table(forEntry seq: UInt64, recordedAt: String) -> ReferenceData {
        Timestamp.canonical(recordedAt).map { inForce(at: $0, before: seq) }?.referenceData ?? base.referenceData
    }

    /// The engine over the table with `version`, nil when no known table has it.
    func engine(for version: Digest) -> PolicyEngine? {
        byVersion[version]
    }
}
