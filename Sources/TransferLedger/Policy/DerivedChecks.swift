import LedgerFormat

/// A problem `ledger verify --policy` finds by looking across entries rather than at one (domain §3.6).
public struct DerivedFinding: Hashable, Sendable, CustomStringConvertible {
    /// The kind of cross-entry check that found it.
    public enum Check: String, LedgerCode {
        /// A BCR transfer predates a party's membership of the instrument it cites.
        case bcrTransferBeforeMembership
        /// A BCR transfer follows a party's exit from the instrument, or the party was never bound.
        case bcrTransferWithoutMembership
        /// An onward transfer names no parent, or a parent not recorded before it.
        case onwardWithoutParent
        /// An onward transfer's exporter is not its parent's importer.
        case onwardParentMismatch
        /// A TIA past its review date is still relied on.
        case overdueTiaInUse
        /// A transfer on compelling legitimate interests repeats one between the same parties for a
        /// shared purpose within the 12 months before it (R11: not repetitive).
        case compellingInterestsRepeated
        /// A region table adopted after the transfer changes its destination's status on its day
        /// (for example an adequacy decision annulled with retroactive effect); the verdict is kept.
        case referenceDataDrift
    }

    /// Which check found it.
    public let check: Check
    /// The transfer entry concerned, if one.
    public let seq: UInt64?
    /// What is wrong, for people.
    public let message: String

    /// `entry N: message [check]`.
    public var description: String { (seq.map { "entry \($0): " } ?? "") + message + " [\(check.rawValue)]" }
}

/// The cross-entry checks of §3.6, run in one pass over the transfers in chain order against the
/// registry as it stands now (so late-recorded registry corrections surface here).
///
/// ```swift
/// var checks = DerivedChecks(registry: registry)
/// try ledger.forEachTransfer(matching: .all) { checks.observe(seq: $0.seq, transfer: $0.transfer) }
/// let findings = checks.finish(asOf: Day(Timestamp.now()))
/// ```
package struct DerivedChecks: Sendable {
    private let registry: Registry
    private var importerBySeq: [UInt64: String] = [:]
    private var tiaUse: [String: (count: Int, last: Day)] = [:]
    /// (exporter, importer, purpose) → the days and seqs of the transfers on compelling legitimate interests.
    private var compellingInterests: [String: [(day: Day, seq: UInt64)]] = [:]
    private var findings: [DerivedFinding] = []

    /// A pass against `registry`.
    public init(registry: Registry) {
        self.registry = registry
    }

    /// Feeds the transfer recorded at `seq`; call in ascending `seq` order.
    public mutating func observe(seq: UInt64, transfer: Transfer) {
        let day = Day(transfer.occurredAt)
        if transfer.mechanism == .bcrController || transfer.mechanism == .bcrProcessor, let ref = transfer.mechanismRef {
            for party in [transfer.exporter.entity, transfer.importer.entity] where party != transfer.onBehalfOf {
                checkMembership(of: party, in: ref, day: day, seq: seq)
            }
        }
        if transfer.transferKind == .onward {
            if let parent = transfer.parent, let parentImporter = importerBySeq[parent] {
                if parentImporter != transfer.exporter.entity {
                    findings.append(DerivedFinding(check: .onwardParentMismatch, seq: seq,
                        message: "onward exporter \(transfer.exporter.entity) is not the importer of parent entry \(parent) (\(parentImporter))"))
                }
            } else {
                let detail = transfer.parent.map { "parent entry \($0) is not a transfer recorded before it" } ?? "no parent is named"
                findings.append(DerivedFinding(check: .onwardWithoutParent, seq: seq, message: "onward transfer whose chain is broken: \(detail)"))
            }
        }
        if let tia = transfer.tiaRef {
            let previous = tiaUse[tia]
            tiaUse[tia] = ((previous?.count ?? 0) + 1, max(previous?.last ?? day, day))
        }
        if transfer.mechanism == .derogationCompellingLegitimateInterests { checkRepetition(seq: seq, transfer: transfer, day: day) }
        importerBySeq[seq] = transfer.importer.entity
    }

    /// R11: reports a transfer on compelling legitimate interests when an earlier-recorded one between
    /// the same exporter and importer, for a purpose they share, occurred in the 365 days up to it.
    private mutating func checkRepetition(seq: UInt64, transfer: Transfer, day: Day) {
        var repeated: (day: Day, seq: UInt64)?
        for purpose in transfer.purposes {
            let key = "\(transfer.exporter.entity)\u{0}\(transfer.importer.entity)\u{0}\(purpose.rawValue)"
            if repeated == nil {
                repeated = compellingInterests[key]?.first { $0.day <= day && $0.day >= day.adding(days: -365) }
            }
            compellingInterests[key, default: []].append((day, seq))
        }
        if let repeated {
            findings.append(DerivedFinding(check: .compellingInterestsRepeated, seq: seq,
                message: "transfer on \(day) from \(transfer.exporter.entity) to \(transfer.importer.entity) on compelling legitimate interests repeats entry \(repeated.seq) of \(repeated.day): the derogation covers only a transfer that is not repetitive (R11)"))
        }
    }

    private mutating func checkMembership(of party: String, in instrument: String, day: Day, seq: UInt64) {
        guard registry.bcr(instrument, at: day).known != nil,
              registry.membership(of: party, in: instrument, at: day) == nil else { return }
        let memberships = registry.memberships(of: party, in: instrument)
        if let later = memberships.filter({ $0.validity.from > day }).min(by: { $0.validity.from < $1.validity.from }) {
            findings.append(DerivedFinding(check: .bcrTransferBeforeMembership, seq: seq,
                message: "transfer on \(day) under \(instrument) predates \(party)'s membership, bound only from \(later.validity.from) (\(later.label))"))
        } else {
            findings.append(DerivedFinding(check: .bcrTransferWithoutMembership, seq: seq,
                message: "transfer on \(day) under \(instrument) involves \(party), which is not bound by it on that day"))
        }
    }

    /// The findings so far, plus every TIA past review on `asOf` that transfers relied on within the
    /// `recentDays` before `asOf` (the flows still "active").
    public func finish(asOf: Day, recentDays: Int64 = 90) -> [DerivedFinding] {
        var result = findings
        for tia in registry.latestAssessments where tia.reviewDue < asOf {
            guard let use = tiaUse[tia.id], use.last >= asOf.adding(days: -recentDays) else { continue }
            result.append(DerivedFinding(check: .overdueTiaInUse, seq: nil,
                message: "\(tia.label) was due for review on \(tia.reviewDue) and is still relied on: \(use.count) transfers, the last on \(use.last)"))
        }
        return result
    }
}
