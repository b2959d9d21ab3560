import LedgerFormat
import LedgerStorage

/// The subject links (table `subject_link`, FORMAT.md §4.7): looked up by token through the primary
/// key, by entry through `subject_link_by_seq`.
extension PostgresStore {
    package func subjectLinks(at seq: UInt64) throws -> [SubjectLink] {
        var links: [SubjectLink] = []
        try each("SELECT token, salt FROM subject_link WHERE seq = $1 ORDER BY token", .integer(Int64(bitPattern: seq))) {
            links.append(SubjectLink(storedToken: $0.bytes(0), salt: $0.bytes(1)))
        }
        return links
    }

    package func entries(linkedTo token: SubjectToken) throws -> [UInt64] {
        var seqs: [UInt64] = []
        try each("SELECT seq FROM subject_link WHERE token = $1 ORDER BY seq", .digest(token.digest)) {
            seqs.append(UInt64(bitPattern: $0.int64(0)))
        }
        return seqs
    }

    package func forEachSubjectLink(_ body: (UInt64, SubjectLink) throws -> Void) throws {
        // Paged by (seq, token) like the verifier's other scans, so `body` may run statements between rows.
        try snapshot(streaming: true) {
            var after: (seq: Int64, token: [UInt8]) = (-1, [])
            while true {
                let page = try connection.statement("""
                    SELECT seq, token, salt FROM subject_link WHERE (seq, token) > ($1, $2) ORDER BY seq, token LIMIT $3
                    """).rows(bindings: [.integer(after.seq), .bytea(after.token), .integer(Self.pageSize)])
                for index in 0..<page.count {
                    let row = page.row(index)
                    after = (row.int64(0), row.bytes(1))
                    try body(UInt64(bitPattern: after.seq), SubjectLink(storedToken: after.token, salt: row.bytes(2)))
                }
                if Int64(page.count) < Self.pageSize { return }
            }
        }
    }

}
