import LedgerFormat

extension ReportVerifier {
    /// Reports every name in the bundle directory that `report.sig` does not cover: a bundle is
    /// exactly its signed files and the signature, so nothing unsigned can pass as part of it.
    static func checkListedFiles(directory: String, into result: inout ReportVerification) {
        // An unreadable directory is reported by the first file that cannot be opened.
        guard let names = FileSystem.names(in: directory) else { return }
        let listed = Set(ReportBundle.signedFiles + [ReportBundle.signatureFile])
        for name in names.sorted() where !listed.contains(name) {
            result.problems.append(ReportProblem(file: name, message: "is in the bundle but not among the files report.sig lists"))
        }
    }
}
