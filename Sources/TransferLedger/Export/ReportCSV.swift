import LedgerFormat

/// `transfers.csv`: one RFC 4180 row per in-scope transfer, in chain order, with every disclosed
/// payload member and none of the private ones (idempotencyKey, loggedBy, notes are not in the payload).
enum ReportCSV {
    /// The column names, in order.
    static let columns = [
        "seq", "hash", "recordedAt", "occurredAt", "windowEnd", "exporter", "exporterRole", "importer",
        "importerRole", "onBehalfOf", "destination", "region", "mechanism", "family", "mechanismRef",
        "sccModule", "tiaRef", "transferKind", "frequency", "purposes", "dataCategories", "subjectCategories",
        "specialCategories", "criminalData", "art9Condition", "art10Basis", "subjectCount", "parent",
        "supplementaryMeasures", "contractRefs", "status", "rules",
    ]

    /// The header row.
    static var header: [UInt8] { line(columns) }

    /// The row of one in-scope transfer.
    static func row(_ disclosed: DisclosedTransfer, entry: Entry) -> [UInt8] {
        let transfer = disclosed.transfer
        // Lists are joined with ';' so each stays one field that spreadsheets can split.
        func list<Code: RawRepresentable>(_ codes: [Code]?) -> String where Code.RawValue == String {
            (codes ?? []).map(\.rawValue).joined(separator: ";")
        }
        return line([
            String(entry.seq), entry.hash.hex, entry.recordedAt, transfer.occurredAt.rfc3339,
            transfer.windowEnd?.rfc3339 ?? "", transfer.exporter.entity, transfer.exporter.role.rawValue,
            transfer.importer.entity, transfer.importer.role.rawValue, transfer.onBehalfOf ?? "",
            transfer.destination, disclosed.region.rawValue, transfer.mechanism.rawValue,
            transfer.mechanism.family.rawValue, transfer.mechanismRef ?? "", transfer.sccModule?.rawValue ?? "",
            transfer.tiaRef ?? "", transfer.transferKind.rawValue, transfer.frequency?.rawValue ?? "",
            list(transfer.purposes), list(transfer.dataCategories), list(transfer.subjectCategories),
            list(transfer.specialCategories), transfer.criminalData ? "true" : "false",
            transfer.art9Condition?.rawValue ?? "", transfer.art10Basis ?? "", transfer.subjectCount.rawValue,
            transfer.parent.map(String.init) ?? "", list(transfer.supplementaryMeasures),
            (transfer.contractRefs ?? []).joined(separator: ";"), disclosed.verdict.status.rawValue,
            disclosed.verdict.rules.map(\.rawValue).joined(separator: ";"),
        ])
    }

    /// One RFC 4180 record ending in CRLF.
    static func line(_ fields: [String]) -> [UInt8] {
        CSVRecord.line(fields)
    }
}
