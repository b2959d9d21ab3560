import LedgerFormat

/// The files of a report bundle, the line layout of `report.json`, and the text `report.sig` signs.
package enum ReportBundle {
    /// The format name written into `report.json` and the signature.
    public static let format = "transferledger-report/2"
    /// The report: header, integrity, sections, every entry of the range, and the evidence.
    public static let reportFile = "report.json"
    /// One row per in-scope transfer.
    public static let csvFile = "transfers.csv"
    /// The report for people to read.
    public static let htmlFile = "report.html"
    /// The signed note over the other files' digests.
    public static let signatureFile = "report.sig"
    /// The files `report.sig` covers, in the order it lists them.
    public static let signedFiles = [reportFile, csvFile, htmlFile]

    /// The longest line a verifier reads (FORMAT.md §22): far above any entry or closing line a real
    /// bundle holds, and the bound on the memory one line can take.
    static let maximumLineLength = 64 << 20

    /// The first line of `report.json`: entries come first because members are sorted by name.
    static let openingLine: [UInt8] = Array(#"{"entries":["#.utf8)

    /// The line of entry number `position` (from 0) of the range: a comma, except before the first.
    static func entryLine(_ line: [UInt8], position: UInt64) -> [UInt8] {
        (position == 0 ? [] : [UInt8(ascii: ",")]) + line + [0x0A]
    }

    /// The last line: the end of the entries array and every other member, canonical, then a newline.
    static func closingLine(_ document: JSONObject) -> [UInt8] {
        let object = CanonicalJSON.encode(.object(document))
        var line: [UInt8] = Array("]".utf8)
        // The canonical object starts with '{'; after the entries array its members follow a comma.
        if object.count > 2 { line.append(UInt8(ascii: ",")) }
        line.append(contentsOf: object.dropFirst())
        line.append(0x0A)
        return line
    }

    /// The signed text: format, report id, and one `sha256 HEX NAME` line per signed file.
    static func signatureText(reportID: String, digests: [String: Digest]) -> String {
        var text = "\(format)\nreport \(reportID)\n"
        for name in signedFiles { text += "sha256 \(digests[name]?.hex ?? "") \(name)\n" }
        return text
    }

    /// Reads the report id and the file digests back from a signed text.
    static func parseSignatureText(_ text: String) throws(ReportProblem) -> (reportID: String, digests: [String: Digest]) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        func fail(_ message: String) -> ReportProblem { ReportProblem(file: signatureFile, message: message) }
        guard lines.count == 2 + signedFiles.count, lines[0] == format else {
            throw fail("the signed text is not a \(format) file list")
        }
        guard lines[1].hasPrefix("report ") else { throw fail("the signed text names no report id") }
        var digests: [String: Digest] = [:]
        for (line, name) in zip(lines.dropFirst(2), signedFiles) {
            let parts = line.split(separator: " ")
            guard parts.count == 3, parts[0] == "sha256", parts[2] == name, let digest = Digest(hex: String(parts[1])) else {
                throw fail("line '\(line)' is not 'sha256 HEX \(name)'")
            }
            digests[name] = digest
        }
        return (String(lines[1].dropFirst("report ".count)), digests)
    }

    /// `directory/name`.
    static func path(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
