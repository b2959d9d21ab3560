import LedgerFormat
import LedgerStorage

/// What `TransferAggregation` groups transfers by.
public enum AggregationKey: String, LedgerCode {
    /// The destination's code, such as `IN`.
    case destination
    /// The transfer mechanism, such as `bcrController`.
    case mechanism
    /// The mechanism's family, such as `DEROGATION_49`.
    case family
    /// The exporter's and importer's roles, as `controller→processor`.
    case role
    /// The UTC calendar month of `occurredAt`, as `YYYY-MM`.
    case month
    /// The exporter's entity code.
    case exporter
    /// The importer's entity code.
    case importer

    /// The group a transfer falls in under this key.
    public func value(of recorded: RecordedTransfer) -> String {
        let transfer = recorded.transfer
        switch self {
        case .destination: return transfer.destination
        case .mechanism: return transfer.mechanism.rawValue
        case .family: return transfer.mechanism.family.rawValue
        case .role: return transfer.exporter.role.rawValue + "→" + transfer.importer.role.rawValue
        // Months are UTC calendar months of `occurredAt`, the instant reports' periods are cut on.
        case .month: return String(transfer.occurredAt.rfc3339.prefix(7))
        case .exporter: return transfer.exporter.entity
        case .importer: return transfer.importer.entity
        }
    }
}

/// The transfers of one group: how many, and how many data subjects their bands add up to.
public struct TransferGroup: Hashable, Sendable {
    /// The group's value of the key, such as `IN`, `sccCommission` or `controller→processor`.
    public let key: String
    /// How many transfers fell in the group.
    public internal(set) var transfers: Int
    /// The data subjects of those transfers, summed over their count bands.
    public internal(set) var subjects: SubjectRange

    /// A group with the given totals.
    package init(key: String, transfers: Int = 0, subjects: SubjectRange = SubjectRange()) {
        self.key = key
        self.transfers = transfers
        self.subjects = subjects
    }
}

/// Transfers grouped by one key, built one transfer at a time so memory grows with the number of
/// groups, not of transfers.
public struct TransferAggregation: Sendable {
    /// What the transfers are grouped by.
    public let key: AggregationKey
    private var byKey: [String: TransferGroup] = [:]

    /// An aggregation with no transfers yet.
    public init(by key: AggregationKey) {
        self.key = key
    }

    /// Counts one transfer into its group.
    public mutating func add(_ recorded: RecordedTransfer) {
        let value = key.value(of: recorded)
        var group = byKey[value] ?? TransferGroup(key: value)
        group.transfers += 1
        group.subjects.add(recorded.transfer.subjectCount)
        byKey[value] = group
    }

    /// The groups, ordered by key (code-point order, so months sort by time) for stable output.
    public var groups: [TransferGroup] {
        byKey.values.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
    }

    /// How many transfers were added across every group.
    public var transferCount: Int {
        byKey.values.reduce(0) { $0 + $1.transfers }
    }
}

extension Ledger {
    /// The transfers matching `query`, grouped by `key`, read in one streaming pass.
    public func aggregate(matching query: TransferQuery, by key: AggregationKey) throws(LedgerError) -> TransferAggregation {
        var aggregation = TransferAggregation(by: key)
        try wrap { try forEachTransfer(matching: query) { aggregation.add($0) } }
        return aggregation
    }
}
