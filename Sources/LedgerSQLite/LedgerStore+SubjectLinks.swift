import LedgerFormat
import LedgerStorage

/// The subject links (table `subject_link`, FORMAT.md §4.7): looked up by token through the primary
/// key, by entry through `subject_link_by_seq`.
extension LedgerStore {
    package func subjectLinks(at seq: UInt64) throws -> [SubjectLink] {
        let statement = try database.statement("SELECT token, salt FROM subject_link WHERE seq = ? ORDER BY token")
        try statement.bind(.integer(Int64(bitPattern: seq)))
        var links: [SubjectLink] = []
        try statement.forEachRow { links.append(SubjectLink(storedToken: $0.bytes(0), salt: $0.bytes(1))) }
        return links
    }

    package func entries(linkedTo token: SubjectToken) throws -> [UInt64] {
        let statement = try database.statement("SELECT seq FROM subject_link WHERE token = ? ORDER BY seq")
        try statement.bind(.blob(token.digest.bytes))
        var seqs: [UInt64] = []
        try statement.forEachRow { seqs.append(UInt64(bitPattern: $0.int64(0))) }
        return seqs
    }

    package func forEachSubjectLink(_ body: (UInt64, SubjectLink) throws -> Void) throws {
        try database.statement("SELECT seq, token, salt FROM subject_link ORDER BY seq, token").forEachRow {
            try body(UInt64(bitPattern: $0.int64(0)), SubjectLink(storedToken: $0.bytes(1), salt: $0.bytes(2)))
        }
    }

}
