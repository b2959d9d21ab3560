import LedgerFormat

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
    /// Only the matches after this one, in the query's order: how a sequence reads its matches page by
    /// page, each page a query of its own, without holding a transaction open between them.
    package var after: QueryPosition?

    /// A query that matches every transfer.
    public init() {}
}

/// Where a transfer sits in a query's order: occurredAt (µs), then sequence number.
package struct QueryPosition: Sendable, Equatable {
    package var occurredAt: Int64
    package var seq: Int64

    /// The fields as given.
    package init(occurredAt: Int64, seq: Int64) {
        self.occurredAt = occurredAt
        self.seq = seq
    }
}

/// A transfer as recorded: where it sits in the chain, and what the ledger derived.
///
/// `Codable` with its property names; `transfer` with the contract's field names, `hash` in hex,
/// times in RFC 3339 and `region` as its code (`THIRD_COUNTRY`, …).
public struct RecordedTransfer: Sendable, Equatable, Codable {
    /// The entry's sequence number.
    public let seq: UInt64
    /// When the ledger recorded it, the entry's `recordedAt`.
    public let recordedAt: Timestamp
    /// The entry's hash.
    public let hash: Digest
    /// The destination's region at `occurredAt`.
    public let region: Region
    /// The transfer as the service reported it.
    public let transfer: Transfer
    /// The policy verdict recorded with it.
    public let verdict: PolicyVerdict?
    /// The correction entry that superseded this transfer (R23), nil while it is the current version.
    public package(set) var supersededBy: UInt64?
    /// The erasure entry that erased the transfer's private document (FORMAT.md §4.6): its
    /// `idempotencyKey` and `loggedBy` then read `erased` and `notes` is absent. Nil while it is stored.
    public package(set) var erasedBy: UInt64?

    /// The fields as given.
    package init(seq: UInt64, recordedAt: Timestamp, hash: Digest, region: Region, transfer: Transfer, verdict: PolicyVerdict? = nil, supersededBy: UInt64? = nil) {
        self.seq = seq
        self.recordedAt = recordedAt
        self.hash = hash
        self.region = region
        self.transfer = transfer
        self.verdict = verdict
        self.supersededBy = supersededBy
    }
}
