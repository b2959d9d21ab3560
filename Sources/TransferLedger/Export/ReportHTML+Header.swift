extension ReportHTML {
    /// The first page: who the report is for, what it covers, and what its integrity rests on.
    static func headerBlock(header: Field, integrity: Field, format: String?) -> String {
        let group = header["group"].string ?? ""
        var html = element("h1", [], escape("Personal-data transfer report"))
        html += element("div", [("class", "subtitle")], escape([group, header["reportId"].string ?? ""].filter { !$0.isEmpty }.joined(separator: " · ")))

        let start = header["periodStart"].string
        let period = (start.map { String($0.prefix(10)) } ?? "—") + " to " + lastDay(beforeExclusive: header["periodEnd"].string)
        var facts: [(String, String)] = [
            ("Report", escape(header["reportId"].text)),
            ("Addressee", escape(header["addressee"].text)),
        ]
        if !group.isEmpty { facts.append(("Group", escape(group))) }
        facts += [
            ("Period", element("span", [("title", "occurredAt ≥ \(start ?? "—") and < \(header["periodEnd"].text)")], escape(period + " (UTC, both days included)"))),
            ("Generated", escape(instant(header["generatedAt"].string))),
            ("Filters", filters(header["filters"])),
            ("Rule sets", escape(header["ruleSetVersions"].array.map(\.text).joined(separator: ", "))),
            ("Reference data", element("span", [("class", "hash")], escape(header["referenceData"].text))),
        ]
        let factList = element("dl", [("class", "facts")], facts.map { element("dt", [], escape($0.0)) + element("dd", [], $0.1) }.joined())

        html += element("div", [("class", "header-grid")], element("div", [], factList) + integrityBox(header: header, integrity: integrity))
        if header["narrowed"].bool == true {
            html += element("p", [("class", "notice")], element("strong", [], "Narrowed report. ")
                + escape("Only transfers matching the filters are counted and shown in full; every other entry in the range is included as a stub (or, if written before entry format 2, its hash only), so the whole range can still be checked against the checkpoint."))
        }
        return element("header", [], html)
    }

    /// The filters that were set, or a statement that the whole ledger is covered.
    static func filters(_ filters: Field) -> String {
        let set = filters.members.filter { !$0.field.isAbsent }
        guard !set.isEmpty else { return escape("none: every transfer in the period") }
        return set.map { element("code", [], escape($0.name)) + " = " + element("strong", [], escape($0.field.text)) }.joined(separator: "; ")
    }

    /// What is proven and the checkpoint it is proven against.
    static func integrityBox(header: Field, integrity: Field) -> String {
        let start = integrity["rangeStart"], end = integrity["rangeEnd"]
        let rows: [(String, String)] = [
            ("Ledger", escape(header["ledgerOrigin"].text)),
            ("Checkpoint size", escape(header["checkpointSize"].text + " entries")),
            ("Checkpoint root", element("span", [("class", "hash")], escape(header["checkpointRoot"].text))),
            ("Entries covered", escape("seq \(start.text) to \(end.int.map { grouped($0 - 1) } ?? "—") (\(integrity["entriesInRange"].text) entries)")),
            ("In full / stubs / hash only", escape("\(integrity["entriesShown"].text) / \(integrity["entriesStubbed"].text) / \(integrity["entriesHashOnly"].text)")),
        ]
        return element("div", [("class", "integrity keep")],
                       element("h3", [], escape("Integrity"))
                       + element("p", [], escape(integrity["statement"].text))
                       + element("dl", [("class", "facts")], rows.map { element("dt", [], escape($0.0)) + element("dd", [], $0.1) }.joined()))
    }
}
