extension ReportHTML {
    /// The first page: who the report is for, what it covers, and what its integrity rests on.
    static func headerBlock(header: Field, integrity: Field, sections: Field, format: String?) -> String {
        let controller = header["controller"]
        // `group` (export --group) is a display name; the registry's legal name is shown regardless.
        let display = header["group"].string ?? ""
        let group = display.isEmpty ? controller["group"]["legalName"].string ?? "" : display
        var html = element("h1", [], escape("Personal-data transfer report"))
        html += element("div", [("class", "subtitle")], escape([group, header["reportId"].string ?? ""].filter { !$0.isEmpty }.joined(separator: " · ")))
        html += conclusion(totals: sections["totals"], withoutAdequacy: sections["withoutAdequacy"], integrity: integrity, header: header)

        let start = header["periodStart"].string
        let period = (start.map { String($0.prefix(10)) } ?? "—") + " to " + lastDay(beforeExclusive: header["periodEnd"].string)
        var facts: [(String, String)] = [
            ("Report", escape(header["reportId"].text)),
            ("Addressee", escape(header["addressee"].text)),
        ]
        if !display.isEmpty { facts.append(("Group", escape(display))) }
        facts += controllerFacts(controller)
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

    /// The report in one sentence, before any hash: transfers, those without adequacy, those
    /// non-compliant, and what the integrity evidence is (the report cannot vouch for itself;
    /// `ledger verify-report` checks it).
    static func conclusion(totals: Field, withoutAdequacy: Field, integrity: Field, header: Field) -> String {
        let records = totals["records"].count, outside = withoutAdequacy["records"].count
        let nonCompliant = totals["byStatus"]["nonCompliant"].count
        func count(_ n: Int, _ one: String, _ many: String) -> String { "\(grouped(n)) \(n == 1 ? one : many)" }
        let figures = "In the period, \(count(records, "transfer was", "transfers were")) recorded; "
            + "\(grouped(outside)) went to third countries or international organisations without an adequacy decision, and "
            + "\(grouped(nonCompliant)) \(nonCompliant == 1 ? "is" : "are") non-compliant."
        let evidence = " Integrity: all \(count(integrity["entriesInRange"].count, "ledger entry", "ledger entries")) of the covered range are in the bundle, "
            + "with a proof against a checkpoint of \(count(header["checkpointSize"].count, "entry", "entries")) signed by the ledger's key; "
            + "ledger verify-report checks it with the public key alone."
        return element("p", [("class", nonCompliant > 0 ? "conclusion bad" : "conclusion")], escape(figures) + element("span", [("class", "evidence")], escape(evidence)))
    }

    /// The controller as the registry names it: the group's legal name and contact point, the exporting
    /// entities with their countries, and each BCR's lead authority.
    static func controllerFacts(_ controller: Field) -> [(String, String)] {
        let group = controller["group"]
        var facts: [(String, String)] = [("Controller", group.isAbsent ? escape("not named (no group registry entry)")
                                            : escape(group["legalName"].text) + " " + element("span", [("class", "muted")], escape("(\(group["id"].text))")))]
        let contact = [group["contactEmail"].string, group["contactAddress"].string].compactMap { $0 }
        if !contact.isEmpty { facts.append(("Contact point", contact.map(escape).joined(separator: void("br")))) }
        let exporters = controller["exporters"].array.map { entity in
            entity["legalName"].isAbsent ? escape(entity["code"].text + " (not in the registry)")
                : escape("\(entity["legalName"].text), \(entity["country"].text)") + " " + element("span", [("class", "muted")], escape("(\(entity["code"].text))"))
        }
        if !exporters.isEmpty { facts.append(("Exporting entities", exporters.joined(separator: void("br")))) }
        let instruments = controller["bcr"].array.map { escape("\($0["leadAuthority"].text) for \($0["id"].text)") }
        if !instruments.isEmpty { facts.append(("BCR lead authority", instruments.joined(separator: void("br")))) }
        return facts
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
