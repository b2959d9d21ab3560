import TransferLedger

/// How `ledger query` prints transfers.
enum TransferFormat: String, CaseIterable {
    case table, json, ndjson, csv
}

/// The columns of a recorded transfer, shared by the table and CSV writers.
struct TransferColumn: Sendable {
    let name: String
    let value: @Sendable (RecordedTransfer) -> String

    private static func list<Code: RawRepresentable<String>>(_ codes: [Code]?) -> String {
        (codes ?? []).map(\.rawValue).joined(separator: ";")
    }

    /// Every field, for CSV: one column per contract field plus the ledger's own.
    static let all: [TransferColumn] = [
        .init(name: "seq") { String($0.seq) },
        .init(name: "recordedAt") { $0.recordedAt.rfc3339 },
        .init(name: "hash") { $0.hash.hex },
        .init(name: "occurredAt") { $0.transfer.occurredAt.rfc3339 },
        .init(name: "windowEnd") { $0.transfer.windowEnd?.rfc3339 ?? "" },
        .init(name: "exporter") { $0.transfer.exporter.entity },
        .init(name: "exporterRole") { $0.transfer.exporter.role.rawValue },
        .init(name: "importer") { $0.transfer.importer.entity },
        .init(name: "importerRole") { $0.transfer.importer.role.rawValue },
        .init(name: "destination") { $0.transfer.destination },
        .init(name: "region") { $0.region.rawValue },
        .init(name: "mechanism") { $0.transfer.mechanism.rawValue },
        .init(name: "family") { $0.transfer.mechanism.family.rawValue },
        .init(name: "mechanismRef") { $0.transfer.mechanismRef ?? "" },
        .init(name: "transferKind") { $0.transfer.transferKind.rawValue },
        .init(name: "frequency") { $0.transfer.frequency?.rawValue ?? "" },
        .init(name: "onBehalfOf") { $0.transfer.onBehalfOf ?? "" },
        .init(name: "sccModule") { $0.transfer.sccModule?.rawValue ?? "" },
        .init(name: "tiaRef") { $0.transfer.tiaRef ?? "" },
        .init(name: "supplementaryMeasures") { list($0.transfer.supplementaryMeasures) },
        .init(name: "purposes") { list($0.transfer.purposes) },
        .init(name: "dataCategories") { list($0.transfer.dataCategories) },
        .init(name: "subjectCategories") { list($0.transfer.subjectCategories) },
        .init(name: "specialCategories") { list($0.transfer.specialCategories) },
        .init(name: "art9Condition") { $0.transfer.art9Condition?.rawValue ?? "" },
        .init(name: "criminalData") { $0.transfer.criminalData ? "true" : "false" },
        .init(name: "art10Basis") { $0.transfer.art10Basis ?? "" },
        .init(name: "subjectCount") { $0.transfer.subjectCount.rawValue },
        .init(name: "parent") { $0.transfer.parent.map(String.init) ?? "" },
        .init(name: "contractRefs") { ($0.transfer.contractRefs ?? []).joined(separator: ";") },
        .init(name: "loggedBy") { $0.transfer.loggedBy },
        .init(name: "idempotencyKey") { $0.transfer.idempotencyKey },
        .init(name: "notes") { $0.erasedBy == nil ? $0.transfer.notes ?? "" : "erased" },
        .init(name: "status") { $0.verdict?.status.rawValue ?? "" },
        .init(name: "rules") { ($0.verdict?.rules ?? []).map(\.rawValue).joined(separator: ";") },
        .init(name: "supersededBy") { $0.supersededBy.map(String.init) ?? "" },
        .init(name: "erasedBy") { $0.erasedBy.map(String.init) ?? "" },
    ]

    /// The columns a person reads on a terminal.
    static let summary: [TransferColumn] = ["seq", "occurredAt", "exporter", "exporterRole", "importer", "importerRole",
                                            "destination", "region", "mechanism", "subjectCount", "status"]
        .compactMap { name in all.first { $0.name == name } }
}

/// Streams transfers in one format; `finish` closes what needs closing (the JSON array, the table).
struct TransferWriter {
    let format: TransferFormat
    private var count = 0
    private var tableRows: [[String]] = []
    private var superseded = 0

    init(format: TransferFormat) {
        self.format = format
    }

    mutating func write(_ recorded: RecordedTransfer, to console: inout Console) {
        switch format {
        case .ndjson:
            console.print(Self.json(recorded).canonicalText)
        case .json:
            console.output.write((count == 0 ? "[\n" : ",\n") + Self.json(recorded).canonicalText)
        case .csv:
            if count == 0 { console.output.write(CSV.row(TransferColumn.all.map(\.name))) }
            console.output.write(CSV.row(TransferColumn.all.map { $0.value(recorded) }))
        case .table:
            // A table needs every width before its first line, so only the terminal format buffers.
            var row = TransferColumn.summary.map { $0.value(recorded) }
            if let correction = recorded.supersededBy, let last = row.indices.last {
                row[last] += ", superseded→\(correction)"
                superseded += 1
            }
            if recorded.erasedBy != nil, let last = row.indices.last { row[last] += ", erased" }
            tableRows.append(row)
        }
        count += 1
    }

    mutating func finish(to console: inout Console) {
        switch format {
        case .json: console.print(count == 0 ? "[]" : "\n]")
        case .table:
            console.printTable(header: TransferColumn.summary.map(\.name), rows: tableRows)
            console.print("\(Count.text(count)) transfer(s)" + (superseded == 0 ? "" : ", \(Count.text(superseded)) superseded (superseded→SEQ: see ledger show SEQ)"))
        case .ndjson, .csv: break
        }
    }

    /// A recorded transfer as JSON: the contract's fields plus seq, hash, recordedAt, region, family.
    static func json(_ recorded: RecordedTransfer) -> JSONValue {
        guard case .object(var members) = recorded.transfer.jsonValue else { return .null }
        members["seq"] = .integer(Int64(recorded.seq))
        members["hash"] = .string(recorded.hash.hex)
        members["recordedAt"] = .string(recorded.recordedAt.rfc3339)
        members["region"] = .string(recorded.region.rawValue)
        members["family"] = .string(recorded.transfer.mechanism.family.rawValue)
        members["validation"] = recorded.verdict?.jsonValue
        members["supersededBy"] = recorded.supersededBy.map { .integer(Int64($0)) }
        members["erasedBy"] = recorded.erasedBy.map { .integer(Int64($0)) }
        return .object(members)
    }
}
