import LedgerFormat

/// A value a query binds to a parameter.
package enum QueryParameter: Equatable {
    case integer(Int64)
    case text(String)
}

extension TransferQuery {
    /// The SQL of the query and its parameters, in the dialect both backends share, with each
    /// parameter written by `placeholder` (given its 1-based position: `?` for SQLite, `$n` for
    /// PostgreSQL). The columns are seq, recorded time, hash, payload, private document and
    /// occurredAt. Clauses are fixed strings chosen by which filters are set; every value is a bound
    /// parameter. A reader that pages through the matches asks for the rows after the last one it
    /// read (`continuingAfter`, else the query's own `after`, in the query's order), at most `limit` of them.
    package func sql(placeholder: (Int) -> String, continuingAfter last: (occurredAt: Int64, seq: Int64)? = nil,
                     limit: Int64? = nil) -> (sql: String, parameters: [QueryParameter]) {
        var clauses: [String] = []
        var parameters: [QueryParameter] = []
        func add(_ clause: String, _ values: QueryParameter...) {
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
        if let last = last ?? after.map({ ($0.occurredAt, $0.seq) }) {
            add("(t.occurred_at, t.seq) > (?, ?)", .integer(last.occurredAt), .integer(last.seq))
        }

        var sql = """
            SELECT e.seq, e.recorded_at, e.hash, e.payload, p.document, t.occurred_at,
                   CASE WHEN p.seq IS NULL THEN (SELECT i.erasure FROM erasure_item i WHERE i.seq = t.seq AND i.kind = 'private') END
            FROM transfer t JOIN entry e ON e.seq = t.seq LEFT JOIN transfer_private p ON p.seq = t.seq
            """
        if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
        sql += " ORDER BY t.occurred_at, t.seq"
        if let limit = limit ?? self.limit.map({ Int64(max(0, $0)) }) { sql += " LIMIT ?"; parameters.append(.integer(limit)) }
        // Every `?` is a parameter (the fixed text holds no other), numbered in order.
        var numbered = ""
        var position = 0
        for character in sql {
            guard character == "?" else { numbered.append(character); continue }
            position += 1
            numbered += placeholder(position)
        }
        return (numbered, parameters)
    }
}
