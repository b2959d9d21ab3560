import LedgerFormat
import LedgerStorage

#if canImport(Glibc)
internal import Glibc
#endif

extension StoredTransferColumns {
    /// Whether these columns are the row an append writes for the transfer, `TransferRow(transfer,
    /// region:, verdict:)`, compared without building it: no strings, no Set of rules. A test checks
    /// that it agrees with `TransferRow`'s `==` on rows that match and on rows altered in every field.
    func matches(_ transfer: Transfer, region: Region, verdict: PolicyVerdict?) -> Bool {
        guard occurredAt == transfer.occurredAt.microseconds,
              dataCategories == Self.bits(transfer.dataCategories), specialCategories == Self.bits(transfer.specialCategories),
              Self.same(idempotencyKey, transfer.idempotencyKey),
              Self.same(exporter, transfer.exporter.entity), Self.same(exporterRole, transfer.exporter.role.rawValue),
              Self.same(importer, transfer.importer.entity), Self.same(importerRole, transfer.importer.role.rawValue),
              Self.same(destination, transfer.destination), Self.same(self.region, region.rawValue),
              Self.same(mechanism, transfer.mechanism.rawValue),
              Self.same(status, (verdict?.status ?? .compliant).rawValue) else { return false }
        return sameRules(verdict?.rules ?? [])
    }

    /// Whether the stored list names exactly the rules of `recorded`, as sets: the order of the rows
    /// `group_concat` joins is not meaningful, and empty names are not rules.
    private func sameRules(_ recorded: [RuleID]) -> Bool {
        var stored: [UnsafeBufferPointer<UInt8>] = []
        var start = 0
        for index in 0...rules.count where index == rules.count || rules[index] == UInt8(ascii: ",") {
            if index > start { stored.append(UnsafeBufferPointer(rebasing: rules[start..<index])) }
            start = index + 1
        }
        return stored.allSatisfy { name in recorded.contains { Self.same(name, $0.rawValue) } }
            && recorded.allSatisfy { rule in stored.contains { Self.same($0, rule.rawValue) } }
    }

    /// Whether `bytes` are exactly the UTF-8 of `text`.
    private static func same(_ bytes: UnsafeBufferPointer<UInt8>, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            utf8.count == bytes.count && (utf8.isEmpty || memcmp(utf8.baseAddress!, bytes.baseAddress!, utf8.count) == 0)
        }
    }

    /// `TransferRow.bitSet(_:)`, with each code's position from its table instead of a fresh `allCases` array.
    private static func bits<Code: CanonicalCode>(_ codes: [Code]) -> Int64 {
        codes.reduce(0) { $0 | 1 << Int64(Code.codeTable.index(of: $1)) }
    }
}
