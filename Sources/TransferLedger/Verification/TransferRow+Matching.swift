extension TransferRow {
    /// Whether this stored row equals `TransferRow(transfer, region:, verdict:)`, compared field by
    /// field without building that row: no bit-set walk over `allCases`, no Set of rules. A test checks
    /// that it agrees with `==` on rows that match and on rows altered in every field.
    func matches(_ transfer: Transfer, region: Region, verdict: StoredVerdict?) -> Bool {
        guard idempotencyKey == transfer.idempotencyKey, occurredAt == transfer.occurredAt.microseconds,
              exporter == transfer.exporter.entity, exporterRole == transfer.exporter.role.rawValue,
              importer == transfer.importer.entity, importerRole == transfer.importer.role.rawValue,
              destination == transfer.destination, self.region == region.rawValue,
              mechanism == transfer.mechanism.rawValue,
              dataCategories == Self.bits(transfer.dataCategories), specialCategories == Self.bits(transfer.specialCategories),
              status == (verdict?.status ?? .compliant).rawValue else { return false }
        // Set equality without a Set: `StoredVerdict.rules` lists each rule once, so equal counts and
        // every recorded rule stored mean the same rules.
        let recorded = verdict?.rules ?? []
        return rules.count == recorded.count && recorded.allSatisfy(rules.contains)
    }

    /// `bitSet(_:)`, with each code's position from its table instead of a fresh `allCases` array.
    private static func bits<Code: CanonicalCode>(_ codes: [Code]) -> Int64 {
        codes.reduce(0) { $0 | 1 << Int64(Code.codeTable.index(of: $1)) }
    }
}
