extension ReportHTML {
    /// Section 1: the headline figures, by mechanism family and by policy status.
    static func totalsSection(_ totals: Field, withoutAdequacy: Field) -> String {
        let records = totals["records"].count
        let byFamily = totals["byFamily"], byStatus = totals["byStatus"]
        let derogations = byFamily["DEROGATION_49"].count, nonCompliant = byStatus["nonCompliant"].count
        func tile(_ figure: Field, _ caption: String, _ kind: String = "") -> String {
            element("div", [("class", kind.isEmpty ? "tile" : "tile " + kind)],
                    element("div", [("class", "figure")], escape(figure.text)) + element("div", [("class", "caption")], escape(caption)))
        }
        var html = element("div", [("class", "tiles")], [
            tile(totals["records"], "transfer records"),
            tile(totals["destinations"], "destinations"),
            tile(totals["importers"], "importers"),
            tile(byStatus["compliantWithWarnings"], "compliant with warnings"),
            tile(byStatus["nonCompliant"], "✖ non-compliant (\(percent(nonCompliant, of: records)))", nonCompliant > 0 ? "bad" : ""),
            tile(byFamily["DEROGATION_49"], "▲ Art. 49 derogations (\(percent(derogations, of: records)))", derogations > 0 ? "derog" : ""),
            tile(totals["specialCategoryRecords"], "with Art. 9 special categories"),
            tile(totals["criminalDataRecords"], "with Art. 10 criminal-offence data"),
        ].joined())
        html += subjectsNote(totals["subjects"])
        html += withoutAdequacyBlock(withoutAdequacy, records: records)

        let bars = Label.families.map { family in
            let count = byFamily[family.code].count
            return Chart.Bar(label: family.name, segments: [(count, Chart.style(family: family.code), family.name)],
                             suffix: " (\(percent(count, of: records)))",
                             flag: family.code == "DEROGATION_49" && count > 0 ? "▲ Art. 49" : "")
        }
        html += element("h3", [], "By mechanism family")
        html += element("figure", [], Chart.bars(bars, title: "Transfer records by mechanism family"))

        let familyRows = Label.families.map { family -> (cells: [Cell], classes: String) in
            let count = byFamily[family.code].count
            let isDerogation = family.code == "DEROGATION_49" && count > 0
            let name = escape(family.name) + (isDerogation ? " " + derogationBadge : "")
            return ([Cell(html: name), Cell(grouped(count), "num"), Cell(percent(count, of: records), "num")], isDerogation ? "derog" : "")
        }
        let statuses = ["compliant", "compliantWithWarnings", "exceptionApproved", "nonCompliant"]
        let statusCodes = statuses.filter { !byStatus[$0].isAbsent } + byStatus.members.map(\.name).filter { !statuses.contains($0) }
        let statusRows = statusCodes.map { code -> (cells: [Cell], classes: String) in
            let count = byStatus[code].count
            let bad = code == "nonCompliant" && count > 0
            let name = escape(statusName(code)) + (bad ? " " + nonCompliantBadge : "")
            return ([Cell(html: name), Cell(grouped(count), "num"), Cell(percent(count, of: records), "num")], bad ? "bad" : "")
        }
        let total = [Cell("All records"), Cell(grouped(records), "num"), Cell("100.0%", "num")]
        html += element("div", [("class", "two")],
                        table(caption: "By mechanism family", columns: [("Family", false), ("Records", true), ("Share", true)], rows: familyRows, footer: total, keep: true)
                        + table(caption: "By policy status", columns: [("Status", false), ("Records", true), ("Share", true)], rows: statusRows, footer: total, keep: true))
        return section("totals", html)
    }

    /// How many people the period's transfers concern, and how that figure is made.
    static func subjectsNote(_ subjects: Field) -> String {
        element("p", [], escape("Data subjects: \(range(subjects)) people across \(grouped(subjects["flows"].count)) flows. "
            + "A flow is one exporter, importer, destination and set of purposes; each flow counts once, with the largest subject-count band "
            + "any of its transfers reported, and the figure adds up those bands' bounds. Repeated transfers of the same flow are not more people; "
            + "where they concern different people each time, the figure is a lower bound."))
    }

    /// The headline figure for transfers that need Art. 46/47 safeguards or an Art. 49 derogation, and what covers them.
    static func withoutAdequacyBlock(_ block: Field, records: Int) -> String {
        let outside = block["records"].count
        var html = element("h3", [], "Third countries without an adequacy decision")
        html += element("div", [("class", "headline keep")], element("div", [("class", "big")], escape(grouped(outside)))
            + element("p", [], escape("of \(grouped(records)) transfer records (\(percent(outside, of: records))) went to a third country or international organisation "
                + "without an adequacy decision on the day, and needed Art. 46/47 safeguards or an Art. 49 derogation. What covered them:")))
        let rows = block["byMechanism"].array.sorted { (Label.mechanismRank($0["mechanism"].text), $0["mechanism"].text) < (Label.mechanismRank($1["mechanism"].text), $1["mechanism"].text) }
        guard !rows.isEmpty else { return element("div", [("class", "keep")], html + empty("None.")) }
        let tableRows = rows.map { row -> (cells: [Cell], classes: String) in
            let mechanism = row["mechanism"].text
            let derogation = Label.isDerogation(mechanism)
            let family = Label.families.first { $0.code == row["family"].text }?.name ?? row["family"].text
            return ([Cell(html: escape(Label.mechanism(mechanism).long) + (derogation ? " " + derogationBadge : "")), Cell(family),
                     Cell.count(row["records"]), Cell(percent(row["records"].count, of: outside), "num")], derogation ? "derog" : "")
        }
        // One block in print: the figure and what covers it are read together.
        return element("div", [("class", "keep")], html + table(columns: [("Mechanism", false), ("Family", false), ("Records", true), ("Share", true)], rows: tableRows,
                            footer: [Cell("All without adequacy"), Cell(""), Cell(grouped(outside), "num"), Cell("100.0%", "num")]))
    }

    static func statusName(_ code: String) -> String {
        switch code {
        case "compliant": "Compliant"
        case "compliantWithWarnings": "Compliant with warnings"
        case "exceptionApproved": "Exception approved"
        case "nonCompliant": "Non-compliant"
        default: code
        }
    }

    /// Section 2: records per calendar month, with derogations and non-compliant records marked.
    static func monthsSection(_ months: Field) -> String {
        let rows = months.array
        guard !rows.isEmpty else { return section("months", empty("No transfers in the period.")) }
        let columns = rows.map { Chart.Column(month: $0["month"].text, records: $0["records"].count,
                                              nonCompliant: $0["nonCompliant"].count, derogations: $0["derogations"].count) }
        var html = element("figure", [], Chart.months(columns, title: "Transfer records per month")
            + element("figcaption", [], escape("Beneath each month: ▲ Art. 49 derogations, ✖ non-compliant records (only where there are any).")))
        let tableRows = columns.map { column -> (cells: [Cell], classes: String) in
            let derog = column.derogations > 0, bad = column.nonCompliant > 0
            return ([Cell(column.month), Cell(grouped(column.records), "num"),
                     Cell(derog ? "▲ " + grouped(column.derogations) : "0", derog ? "num derog" : "num zero"),
                     Cell(bad ? "✖ " + grouped(column.nonCompliant) : "0", bad ? "num bad" : "num zero")], "")
        }
        let footer = [Cell("Period"), Cell(grouped(columns.reduce(0) { $0 + $1.records }), "num"),
                      Cell(grouped(columns.reduce(0) { $0 + $1.derogations }), "num"), Cell(grouped(columns.reduce(0) { $0 + $1.nonCompliant }), "num")]
        html += table(columns: [("Month", false), ("Records", true), ("Art. 49 derogations", true), ("Non-compliant", true)],
                      rows: tableRows, footer: footer, keep: true)
        return section("months", html)
    }

    /// Section 4: exporter role → importer role, per destination, in the matrix's order of destinations.
    static func rolesSection(_ roles: Field, cells: Field) -> String {
        let rows = roles.array
        guard !rows.isEmpty else { return section("roles", empty("No transfers in the period.")) }
        let order = ["controller→controller", "controller→processor", "processor→processor", "processor→controller"]
        func pair(_ row: Field) -> String { row["exporterRole"].text + "→" + row["importerRole"].text }
        let pairs = Set(rows.map(pair)).sorted { (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1) }
        var counts: [String: [String: Int]] = [:]
        for row in rows { counts[row["destination"].text, default: [:]][pair(row), default: 0] += row["records"].count }
        let known = Self.destinations(cells.array)
        let titles = Dictionary(known.map { ($0.code, $0.title) }, uniquingKeysWith: { first, _ in first })
        let destinations = known.map(\.code).filter { counts[$0] != nil }
            + counts.keys.filter { titles[$0] == nil }.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        func heading(_ pair: String) -> String {
            let parts = pair.split(separator: "→").map(String.init)
            return parts.count == 2 ? Label.role(parts[0]) + " → " + Label.role(parts[1]) : pair
        }
        let tableRows = destinations.map { destination -> (cells: [Cell], classes: String) in
            let values = pairs.map { counts[destination]?[$0] ?? 0 }
            return ([Cell(titles[destination] ?? destination)] + values.map { $0 == 0 ? Cell("·", "num zero") : Cell(grouped($0), "num") }
                    + [Cell(grouped(values.reduce(0, +)), "num")], "")
        }
        let totals = pairs.map { pair in destinations.reduce(0) { $0 + (counts[$1]?[pair] ?? 0) } }
        let footer = [Cell("All destinations")] + totals.map { Cell(grouped($0), "num") } + [Cell(grouped(totals.reduce(0, +)), "num")]
        var html = element("p", [("class", "lead")], escape("Records by the exporter's role and the importer's role (C controller, JC joint controller, P processor, SP sub-processor)."))
        html += table(columns: [("Destination", false)] + pairs.map { (heading($0), true) } + [("Total", true)], rows: tableRows, footer: footer)
        return section("roles", html)
    }
}
