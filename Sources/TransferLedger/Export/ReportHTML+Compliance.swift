import LedgerFormat

extension ReportHTML {
    /// A count band's code as the range it stands for: `b1k_10k` → `1,001–10,000`.
    static func band(_ code: String) -> String {
        guard let band = CountBand(rawValue: code) else { return code }
        guard let bounds = band.bounds else { return "unknown" }
        return bounds.upper.map { grouped(bounds.lower) + "–" + grouped($0) } ?? "≥ " + grouped(bounds.lower)
    }

    /// Section 5: every Art. 49 use on its own line, counted per ground, with repeated flows flagged.
    static func derogationsSection(_ list: Field, flows: Field) -> String {
        let uses = list.array
        guard !uses.isEmpty else { return section("derogations", empty("No Art. 49 derogation was used in the period.")) }
        let threshold = DerogationFlows.threshold
        var html = element("p", [("class", "lead")], derogationBadge + " "
            + escape("Derogations are exceptions for occasional transfers (Art. 49; EDPB Guidelines 2/2018). Each use is listed, and counted per flow "
                + "(exporter, importer, destination, ground). A flow using the same ground more than \(threshold) times in the period is a finding: "
                + "its transfers look regular rather than occasional, and need Art. 46 safeguards or a documented reason."))

        var perGround: [String: Int] = [:]
        var perFlow: [String: Int] = [:]
        func flow(_ use: Field) -> String {
            [use["exporter"].text, use["importer"].text, use["destination"].text, use["ground"].text].joined(separator: "\u{1F}")
        }
        for use in uses { perGround[use["ground"].text, default: 0] += 1 }
        for row in flows.array { perFlow[flow(row)] = row["uses"].count }
        let repeated = flows.array.filter { $0["repeated"].bool == true }
        if !repeated.isEmpty {
            let total = repeated.reduce(0) { $0 + $1["uses"].count }
            html += element("p", [("class", "notice")], badge("! Finding", "warn") + " " + escape(
                "\(grouped(repeated.count)) flow\(repeated.count == 1 ? "" : "s") used an Art. 49 derogation more than \(threshold) times in the period (\(grouped(total)) uses in all)."))
        }
        let flowRows = flows.array.map { row -> (cells: [Cell], classes: String) in
            let flagged = row["repeated"].bool == true
            return ([Cell(row["exporter"].text, "nowrap"), Cell(row["importer"].text, "nowrap"), Cell(row["destination"].text),
                     Cell(html: derogationBadge + " " + escape(Label.mechanism(row["ground"].text).long), "ground"),
                     Cell(html: (flagged ? badge("! more than \(threshold)", "warn") + " " : "") + escape(grouped(row["uses"].count)), "num")], flagged ? "derog" : "")
        }
        html += element("h3", [], "Uses per flow")
        html += table(columns: [("Exporter", false), ("Importer", false), ("Destination", false), ("Ground", false), ("Uses", true)], rows: flowRows, keep: flowRows.count <= 12)
        let grounds = perGround.keys.sorted { (Label.mechanismRank($0), $0) < (Label.mechanismRank($1), $1) }
        let groundRows = grounds.map { ([Cell(html: derogationBadge + " " + escape(Label.mechanism($0).long)), Cell(grouped(perGround[$0] ?? 0), "num")], "derog") }
        html += element("h3", [], "Uses per ground")
        html += table(columns: [("Ground", false), ("Uses", true)], rows: groundRows,
                      footer: [Cell("All grounds"), Cell(grouped(uses.count), "num")], keep: true)

        let rows = uses.map { use -> (cells: [Cell], classes: String) in
            let repeats = perFlow[flow(use)] ?? 1
            let ground = escape(Label.mechanism(use["ground"].text).long) + (repeats > threshold ? " " + badge("repeated ×\(repeats)", "warn") : "")
            return ([Cell(html: derogationBadge), Cell(instant(use["occurredAt"].string), "nowrap"), Cell(html: ground, "ground"),
                     Cell(use["exporter"].text, "nowrap"), Cell(use["importer"].text, "nowrap"), Cell(use["destination"].text),
                     Cell(band(use["subjectCount"].text), "num"), Cell(use["mechanismRef"].text, "nowrap"), Cell(use["seq"].int.map(String.init) ?? "—", "num")], "derog")
        }
        html += element("h3", [], "Each use")
        html += table(columns: [("", false), ("Occurred", false), ("Ground", false), ("Exporter", false), ("Importer", false),
                                ("Destination", false), ("Data subjects", true), ("Assessment", false), ("Entry", true)], rows: rows)
        return section("derogations", html)
    }

    /// Section 6: transfers made under each BCR instrument, per destination.
    static func bcrSection(_ list: Field, titles: [String: String]) -> String {
        let rows = list.array
        guard !rows.isEmpty else { return section("bcr", empty("No transfer in the period relied on binding corporate rules.")) }
        let tableRows = rows.map { ([Cell($0["instrument"].text), Cell(titles[$0["destination"].text] ?? $0["destination"].text), Cell.count($0["records"])], "") }
        let total = rows.reduce(0) { $0 + $1["records"].count }
        return section("bcr", element("p", [("class", "lead")], escape("Transfers under Art. 47 binding corporate rules, by instrument and destination."))
            + table(columns: [("Instrument", false), ("Destination", false), ("Records", true)], rows: tableRows,
                    footer: [Cell("All BCR transfers"), Cell(""), Cell(grouped(total), "num")]))
    }

    /// Section 7: how many Art. 46 records cite a transfer impact assessment, and which assessments.
    static func tiaSection(_ tia: Field) -> String {
        let records = tia["art46Records"].count, covered = tia["art46WithTia"].count
        let missing = max(0, records - covered)
        let width = records > 0 ? covered * 1_000 / records : 0
        let share = tia["share"].string ?? percent(covered, of: records)
        var html = element("div", [("class", "keep")],
            element("div", [("class", "big")], escape(share))
            + element("p", [], escape("of \(grouped(records)) Art. 46 records cite a transfer impact assessment (\(grouped(covered)) records)."))
            + element("div", [("class", "meter"), ("role", "img"), ("aria-label", "\(share) covered")],
                      element("span", [("style", "width: \(width / 10).\(width % 10)%")])))
        if missing > 0 {
            html += element("p", [("class", "notice")], badge("✖ Missing", "bad") + " " + escape("\(grouped(missing)) Art. 46 records cite no TIA (rule R7)."))
        }
        let assessments = tia["assessments"].array
        if assessments.isEmpty {
            html += empty("No assessment was cited.")
        } else {
            html += table(caption: "Assessments cited", columns: [("Assessment", false), ("Records", true)],
                          rows: assessments.map { ([Cell($0["tiaRef"].text), Cell.count($0["records"])], "") })
        }
        return section("tia", html)
    }

    /// Section 9: where Art. 9 special categories and Art. 10 criminal-offence data went.
    static func specialCategoriesSection(_ sections: Field, titles: [String: String]) -> String {
        let special = sections["specialCategories"], criminal = sections["criminalData"], totals = sections["totals"]
        func destination(_ row: Field) -> Cell { Cell(titles[row["destination"].text] ?? row["destination"].text) }
        let specialRows = special.array.map { row in
            ([destination(row), Cell(html: badge("◆", "special") + " " + escape(Label.specialCategory(row["category"].text))),
              Cell.count(row["records"])], "")
        }
        let criminalRows = criminal.array.map { ([destination($0), Cell.count($0["records"])], "") }
        let specialTable = specialRows.isEmpty ? empty("No special-category data was transferred.")
            : table(caption: "Special categories (Art. 9): \(totals["specialCategoryRecords"].text) records",
                    columns: [("Destination", false), ("Category", false), ("Records", true)], rows: specialRows)
        let criminalTable = criminalRows.isEmpty ? empty("No criminal-offence data was transferred.")
            : table(caption: "Criminal-offence data (Art. 10): \(totals["criminalDataRecords"].text) records",
                    columns: [("Destination", false), ("Records", true)], rows: criminalRows)
        // The condition or basis each record relies on; a record without one fails rule R14 or R15.
        let conditionRows = sections["art9Conditions"].array.map { row -> (cells: [Cell], classes: String) in
            let code = row["condition"].string
            return ([code.map { Cell(Label.art9Condition($0)) } ?? Cell(html: badge("✖ none stated (R14)", "bad")), Cell.count(row["records"])], code == nil ? "bad" : "")
        }
        let basisRows = sections["art10Bases"].array.map { row -> (cells: [Cell], classes: String) in
            let basis = row["basis"].string
            return ([basis.map { Cell($0) } ?? Cell(html: badge("✖ none stated (R15)", "bad")), Cell.count(row["records"])], basis == nil ? "bad" : "")
        }
        let conditionTable = conditionRows.isEmpty ? "" : table(caption: "By Art. 9(2) condition", columns: [("Condition", false), ("Records", true)], rows: conditionRows, keep: true)
        let basisTable = basisRows.isEmpty ? "" : table(caption: "By Art. 10 basis", columns: [("Basis", false), ("Records", true)], rows: basisRows, keep: true)
        return section("special-categories", element("p", [("class", "lead")],
                escape("Where special categories (Art. 9) and criminal-offence data (Art. 10) went, and what allowed it. A record with several special categories counts once per category in the destination table and once in the condition table."))
            + element("div", [("class", "two")], element("div", [], specialTable + conditionTable) + element("div", [], criminalTable + basisTable)))
    }

    /// Section 10: the rules with findings, FAIL before WARN as the report lists them.
    static func findingsSection(_ list: Field) -> String {
        let findings = list.array
        guard !findings.isEmpty else { return section("findings", empty("No rule produced a finding for the period.")) }
        let rows = findings.map { finding -> (cells: [Cell], classes: String) in
            let fail = finding["severity"].string == "FAIL"
            let severity = fail ? badge("✖ FAIL", "bad") : badge("! " + finding["severity"].text, "warn")
            return ([Cell(finding["rule"].text), Cell(Label.rule(finding["rule"].text)), Cell(html: severity), Cell.count(finding["records"])],
                    fail ? "bad" : "")
        }
        return section("findings", element("p", [("class", "lead")],
                escape("A FAIL makes a record non-compliant; a WARN qualifies it. Records are counted once per rule."))
            + table(columns: [("Rule", false), ("What it requires", false), ("Severity", false), ("Records", true)], rows: rows))
    }

    /// The annex: the signed checkpoint and the range proof the integrity statement rests on.
    static func evidenceSection(_ evidence: Field, integrity: Field) -> String {
        // From the integrity block, which verify-report regenerates: the page is rendered without entries.
        let total = integrity["entriesInRange"].count, full = integrity["entriesShown"].count
        let stubbed = integrity["entriesStubbed"].count, hashOnly = integrity["entriesHashOnly"].count
        var html = element("p", [("class", "lead")], escape("The bundle's report.json holds \(grouped(total)) entries (\(grouped(full)) in full, \(grouped(stubbed)) as stubs, \(grouped(hashOnly)) as hashes only). Recompute the Merkle root over seq \(integrity["rangeStart"].text) to \(integrity["rangeEnd"].int.map { grouped($0 - 1) } ?? "—") from them and the range proof below, and compare it with the signed checkpoint."))
        html += element("h3", [], "Signed checkpoint")
        html += element("pre", [("class", "note")], escape(evidence["checkpoint"].string ?? "—"))
        let proof = evidence["rangeProof"].array
        html += element("h3", [], escape("Range proof (\(proof.count) hashes)"))
        html += proof.isEmpty ? empty("The range is the whole checkpoint; no proof hashes are needed.")
            : element("ol", [("class", "hash")], proof.map { element("li", [], escape($0.text)) }.joined())
        return section("evidence", html)
    }
}
