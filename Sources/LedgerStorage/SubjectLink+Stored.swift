import LedgerFormat

extension SubjectLink {
    /// A `subject_link` row as a link. A token of another length (the table's CHECK forbids it) reads
    /// padded or cut, and then matches no commitment, which the verifier reports at its entry.
    package init(storedToken token: [UInt8], salt: [UInt8]) {
        self.init(token: SubjectToken(Digest(uncheckedBytes: token)), salt: salt)
    }
}
