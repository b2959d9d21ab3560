/// Which transfers to return: every filter that is set must match; unset filters match everything.
public struct TransferQuery: Sendable, Equatable {
    /// Transfers that occurred at or after this instant.
    public var occurredFrom: Timestamp?
    /// Transfers that occurred strictly before this instant.
    public var occurredBefore: Timestamp?
    /// The exporting entity.
    public var exporter: String?
    /// The importing entity.
    public var importer: String?
    /// An entity on either side.
    public var party: String?
    /// A role played by either party.
    public var role: PartyRole?
    /// The destination code.
    public var destination: String?
    /// The destination's region at the time of transfer.
    public var region: Region?
    /// The transfer mechanism.
    public var mechanism: TransferMechanism?
    /// The mechanism's family.
    public var family: MechanismFamily?
    /// A data category that must be among the transfer's.
    public var dataCategory: DataCategory?
    /// When set, whether Art. 9 special categories are present (true) or absent (false).
    public var specialCategories: Bool?
    /// The recorded policy status.
    public var status: ValidationStatus?
    /// A rule (such as `R7`) with a finding on the transfer.
    public var rule: String?
    /// Leave out transfers a correction superseded (R23): a correction's own entry holds their
    /// current version.
    public var excludingSuperseded = false
    /// The most transfers to return; nil returns every match.
    public var limit: Int?

    /// A query that matches every transfer.
    public init() {}
}

/// A transfer as recorded: where it sits in the chain, and what the ledger derived.
public struct RecordedTransfer: Sendable, Equatable {
    /// The entry's sequence number.
    public let seq: UInt64
    /// When the ledger recorded it.
    public let recordedAt: String
    /// The entry's hash.
    public let hash: Digest
    /// The destination's region at `occurredAt`.
    public let region: Region
    /// The transfer as the service reported it.
    public let transfer: Transfer
    /// The policy verdict recorded with it.
    public let verdict: StoredVerdict?
    /// The correction entry that superseded this transfer (R23), nil while it is the current version.
    public internal(set) var supersededBy: UInt64? = nil
}

extension TransferQuery {
    /// The SQL and its parameters: the columns `LedgerStore.forEachTransfer` reads (seq, recorded time,
    /// hash, payload, private document). Clauses are fixed strings chosen by which filters are set;
    /// every value is a bound parameter.
    func sql() -> (sql: String, parameters: [SQLValue]) {
        var clauses: [String] = []
        var parameters: [SQLValue] = []
        func add(_ clause: String, _ values: SQLValue...) {
            clauses.append(clause)
            parameters.append(contentsOf: values)
        }
        if let occurredFrom { add("t.occurred_at >= ?", .integer(occurredFrom.microseconds)) }
        if let occurredBefore { add("t.occurred_at < ?", .integer(occurredBefore.microseconds)) }
        if let exporter { add("t.exporter = ?", .text(exporter)) }
        if let importer { add("t.importer = ?", .text(importer)) }
        if let party { add("(t.exporter = ? OR t.importer = ?)", .text(party), .text(party)) }
        if let role { add("(t.exporter_role = ? OR t.importer_role = ?)", .text(role.rawValue), .text(role.rawValue)) }
        if let destination { add("t.destination = ?", .text(destination)) }
        if let region { add("t.region = ?", .text(region.rawValue)) }
        if let mechanism { add("t.mechanism = ?", .text(mechanism.rawValue)) }
        if let family {
            let members = TransferMechanism.allCases.filter { $0.family == family }
            clauses.append("t.mechanism IN (" + members.map { _ in "?" }.joined(separator: ", ") + ")")
            parameters.append(contentsOf: members.map { .text($0.rawValue) })
        }
        if let dataCategory { add("(t.data_categories & ?) != 0", .integer(TransferRow.bit(for: dataCategory))) }
        if let status { add("t.status = ?", .text(status.rawValue)) }
        if let rule { add("t.seq IN (SELECT r.seq FROM transfer_rule r WHERE r.rule = ?)", .text(rule)) }
        if let specialCategories { clauses.append(specialCategories ? "t.special_categories != 0" : "t.special_categories = 0") }
        if excludingSuperseded { clauses.append("NOT EXISTS (SELECT 1 FROM correction c WHERE c.supersedes = t.seq)") }

        var sql = """
            SELECT e.seq, e.recorded_at, e.hash, e.payload, p.document
            FROM transfer t JOIN entry e ON e.seq = t.seq JOIN transfer_private p ON p.seq = t.seq
            """
        if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
        sql += " ORDER BY t.occurred_at, t.seq"
        if let limit { sql += " LIMIT ?"; parameters.append(.integer(Int64(max(0, limit)))) }
        return (sql, parameters)
    }
}
