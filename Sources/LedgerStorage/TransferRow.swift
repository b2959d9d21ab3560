import LedgerFormat

/// The searchable columns of a transfer, derived from its payload; stored in the `transfer` table at
/// append time and derived again by the verifier to prove the table still matches the chain.
package struct TransferRow: Equatable {
    package var idempotencyKey: String
    package var occurredAt: Int64
    package var exporter: String
    package var exporterRole: String
    package var importer: String
    package var importerRole: String
    package var destination: String
    package var region: String
    package var mechanism: String
    package var dataCategories: Int64
    package var specialCategories: Int64
    package var status: String
    /// The rules with findings (table `transfer_rule`), as a set: row order is not meaningful.
    package var rules: Set<String>

    package init(_ transfer: Transfer, region: Region, verdict: PolicyVerdict?) {
        idempotencyKey = transfer.idempotencyKey
        occurredAt = transfer.occurredAt.microseconds
        exporter = transfer.exporter.entity
        exporterRole = transfer.exporter.role.rawValue
        importer = transfer.importer.entity
        importerRole = transfer.importer.role.rawValue
        destination = transfer.destination
        self.region = region.rawValue
        mechanism = transfer.mechanism.rawValue
        dataCategories = Self.bitSet(transfer.dataCategories)
        specialCategories = Self.bitSet(transfer.specialCategories)
        status = (verdict?.status ?? .compliant).rawValue
        rules = Set((verdict?.rules ?? []).map(\.rawValue))
    }


    /// A bit per code, in the code's declaration order: bit n set when the n-th code is listed.
    static func bitSet<Code: LedgerCode>(_ codes: [Code]) -> Int64 {
        // One pass over the cases for the whole list: `allCases` builds a new array on every call.
        var bits: Int64 = 0
        for (index, candidate) in Code.allCases.enumerated() where codes.contains(candidate) { bits |= 1 << Int64(index) }
        return bits
    }

    static func bit<Code: LedgerCode>(for code: Code) -> Int64 {
        var index: Int64 = 0
        for candidate in Code.allCases {
            if candidate == code { break }
            index += 1
        }
        return 1 << index
    }
}
