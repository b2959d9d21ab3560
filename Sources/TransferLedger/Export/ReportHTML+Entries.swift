/// The sections drawn from entry kinds other than transfers: government access requests (R24) and
/// corrections (R23).
extension ReportHTML {
    /// The counts of a `governmentAccess` row, in column order: member name and heading.
    static let requestOutcomes: [(member: String, title: String)] = [
        ("received", "Received"), ("challenged", "Challenged"), ("refused", "Refused"),
        ("partiallyDisclosed", "Partially disclosed"), ("disclosed", "Disclosed"), ("pending", "Pending"), ("withdrawn", "Withdrawn"),
    ]
    /// The notification and Art. 48 columns of a `governmentAccess` row.
    static let requestSafeguards: [(member: String, title: String)] = [
        ("exporterNotified", "Exporter notified"), ("notificationProhibited", "Notification prohibited"),
        ("art48InternationalAgreement", "Art. 48 agreement"), ("art48OtherGround", "Other ground"), ("art48None", "No Art. 48 basis"),
    ]

    /// Section 8: government access requests per country and authority, in their latest state: what
    /// happened to them, then whether the exporter was told and on which Art. 48 basis data was given.
    static func governmentAccessSection(_ list: Field, titles: [String: String]) -> String {
        let rows = list.array
        guard !rows.isEmpty else {
            return section("government-access", empty("No government access request was recorded for the period (SCC Clause 15; Art. 47(2)(m))."))
        }
        let unlawful = rows.reduce(0) { $0 + $1["art48None"].count }
        var html = element("p", [("class", "lead")], escape(
            "Requests by public authorities for data transferred (SCC Clause 15; Art. 47(2)(m)), each counted once in its latest state. "
            + "A request answered without an Art. 48 basis (rule R24) is marked."))
        if unlawful > 0 {
            html += element("p", [("class", "notice")], badge("✖ No Art. 48 basis", "bad") + " "
                + escape("\(grouped(unlawful)) request\(unlawful == 1 ? "" : "s") relied on no Art. 48 basis."))
        }
        func table(_ caption: String, _ counts: [(member: String, title: String)]) -> String {
            let tableRows = rows.map { row -> (cells: [Cell], classes: String) in
                let country = row["country"].text
                let flagged = row["art48None"].count > 0
                let authority = escape(Label.authority(row["authorityType"].text)) + (flagged ? " " + badge("✖", "bad") : "")
                return ([Cell(titles[country] ?? country), Cell(html: authority)] + counts.map { Cell.count(row[$0.member]) }, flagged ? "bad" : "")
            }
            let totals = counts.map { count in Cell(grouped(rows.reduce(0) { $0 + $1[count.member].count }), "num") }
            return ReportHTML.table(caption: caption, columns: [("Country", false), ("Authority", false)] + counts.map { ($0.title, true) },
                                    rows: tableRows, footer: [Cell("All requests", "nowrap"), Cell("")] + totals)
        }
        html += table("Requests and outcomes", requestOutcomes)
        html += table("Notification and Art. 48 basis", requestSafeguards)
        return section("government-access", html)
    }

    /// Section 11: every correction in the covered range, so a reader sees which entries the figures
    /// replaced and why.
    static func correctionsSection(_ list: Field) -> String {
        let corrections = list.array
        var html = element("p", [("class", "lead")], escape(
            "Nothing in the ledger is edited: a correction is a new entry that supersedes an earlier one, which stays in the chain unchanged. "
            + "The figures in this report count the latest version of each transfer: a superseded entry is not counted, and its correction counts in its place when it falls in the period."))
        guard !corrections.isEmpty else { return section("corrections", html + empty("No correction was recorded in the covered range.")) }
        html += element("p", [], escape("\(grouped(corrections.count)) correction\(corrections.count == 1 ? " was" : "s were") recorded in the covered range."))
        let rows = corrections.map { correction -> (cells: [Cell], classes: String) in
            ([Cell(correction["supersedes"].int.map(String.init) ?? "—", "num"), Cell(correction["seq"].int.map(String.init) ?? "—", "num"),
              Cell(Label.correctionReason(correction["reason"].text)), Cell(correction["recordedAt"].string.map { String($0.prefix(10)) } ?? "—", "nowrap"),
              Cell(html: changes(correction))], "")
        }
        html += table(columns: [("Corrected entry", true), ("Correcting entry", true), ("Reason", false), ("Date recorded", false), ("What changed", false)], rows: rows)
        return section("corrections", html)
    }

    /// A correction's changes, one `field: old → new` line each, or where its earlier version is.
    static func changes(_ correction: Field) -> String {
        switch correction["earlierVersion"].string {
        case "beforeRange": return escape("earlier version recorded before the covered range")
        case "notShown": return escape("earlier version not shown in this report")
        default: break
        }
        let lines = correction["changes"].array
        guard !lines.isEmpty else { return escape("no disclosed field changed") }
        return lines.map { change in
            element("div", [], element("code", [], escape(change["field"].text)) + ": " + escape(change["old"].text) + " → " + element("strong", [], escape(change["new"].text)))
        }.joined()
    }
}
