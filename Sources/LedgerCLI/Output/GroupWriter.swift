import TransferLedger

/// Prints the groups of `ledger query --group-by` in one of the query formats.
///
/// Every format carries the same fields: the key (named after what was grouped by), the number of
/// transfers, and the subject range as `subjectsMin`, `subjectsMax` (null or empty when open-ended) and
/// `unknownBands`. The table adds the range as people read it.
enum GroupWriter {
    static func write(_ aggregation: TransferAggregation, format: TransferFormat, to console: inout Console) {
        let name = aggregation.key.rawValue
        let groups = aggregation.groups
        switch format {
        case .table:
            let rows = groups.map { group in
                [group.key, Count.text(group.transfers), group.subjects.text, Count.text(group.subjects.unknownBands)]
            }
            console.printTable(header: [name, "transfers", "subjects", "unknownBands"], rows: rows)
            console.print("\(Count.text(groups.count)) group(s), \(Count.text(aggregation.transferCount)) transfer(s)")
        case .csv:
            console.output.write(CSV.row([name, "transfers", "subjectsMin", "subjectsMax", "unknownBands"]))
            for group in groups {
                console.output.write(CSV.row([group.key, String(group.transfers), String(group.subjects.lower),
                                              group.subjects.upper.map(String.init) ?? "", String(group.subjects.unknownBands)]))
            }
        case .ndjson:
            for group in groups { console.print(json(group, name: name).canonicalText) }
        case .json:
            console.print(groups.isEmpty ? "[]" : "[\n" + groups.map { json($0, name: name).canonicalText }.joined(separator: ",\n") + "\n]")
        }
    }

    static func json(_ group: TransferGroup, name: String) -> JSONValue {
        .object([
            name: .string(group.key),
            "transfers": .integer(Int64(group.transfers)),
            "subjectsMin": .integer(Int64(group.subjects.lower)),
            "subjectsMax": group.subjects.upper.map { .integer(Int64($0)) } ?? .null,
            "unknownBands": .integer(Int64(group.subjects.unknownBands)),
        ])
    }
}
