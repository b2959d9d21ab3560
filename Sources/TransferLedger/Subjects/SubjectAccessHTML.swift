import LedgerFormat

/// Renders a subject access answer as one self-contained HTML page a DPO can send: the transfer
/// report's markup and style sheet (no script, no network), printable to A4.
public enum SubjectAccessHTML {
    private typealias H = ReportHTML

    /// The page for `report`; the same answer always gives the same bytes.
    public static func render(_ report: SubjectAccessReport) -> String {
        let title: String
        let about: String
        switch report.scope {
        case .category(_, let category):
            title = "Transfers of personal data of " + SubjectAccessWords.subjectCategory(category)
            about = "Everyone in the category " + SubjectAccessWords.subjectCategory(category)
                + (report.controllerName.map { " whose data " + $0 + " holds" } ?? "")
        case .subject:
            title = "Transfers of your personal data"
            about = "You: the transfers recorded with a link to you"
        }
        var body = header(report, title: title, about: about)
        body += summarySection(report)
        body += detailSection(report)
        body += rightsSection()
        body += H.element("footer", [], H.escape("Prepared from the transfer ledger on \(H.instant(report.generatedAt.rfc3339)). "
            + "It covers transfers recorded in the ledger, each in its latest corrected version."))
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
            + H.void("meta", [("charset", "utf-8")]) + "\n"
            + H.void("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")]) + "\n"
            + H.element("title", [], H.escape(title)) + "\n"
            + H.element("style", [], "\n" + H.styleSheet(footer: H.cssString(title)) + "\n" + extraStyle + "\n") + "\n"
            + "</head>\n<body>\n" + H.element("main", [], body) + "\n</body>\n</html>\n"
    }

    /// What this page adds to the transfer report's style sheet: one card per disclosure.
    static let extraStyle = """
        .card { border: 1px solid var(--rule); border-left: 5px solid var(--accent); border-radius: 4px; padding: 10px 14px; margin: 12px 0; }
        .card h3 { margin: 0 0 6px; text-transform: none; letter-spacing: 0; font-size: 15px; color: var(--ink); }
        .card.adequacy { border-left-color: var(--adequacy); } .card.safeguards { border-left-color: var(--safeguards); }
        .card.derogation { border-left-color: var(--derogation); } .card.none { border-left-color: var(--none); }
        @media print { section.flow { break-before: auto; } .card { break-inside: avoid; } }
        """

    private static func header(_ report: SubjectAccessReport, title: String, about: String) -> String {
        var facts: [(String, String)] = [("About", H.escape(about))]
        if let controller = report.controllerName { facts.append(("Controller", H.escape(controller))) }
        facts += [
            ("Period", H.escape(period(report))),
            ("Prepared", H.escape(H.instant(report.generatedAt.rfc3339))),
            ("Answers", H.escape("GDPR Art. 15(1)(c): the recipients or categories of recipients, in particular in third countries; Art. 15(2): the appropriate safeguards")),
        ]
        let list = H.element("dl", [("class", "facts")], facts.map { H.element("dt", [], H.escape($0.0)) + H.element("dd", [], $0.1) }.joined())
        let count = report.disclosures.reduce(0) { $0 + $1.transfers }
        let lead = report.disclosures.isEmpty
            ? "No transfer of this personal data to another organisation is recorded for the period."
            : whose(report) + " was sent to the \(recipientCount(report)) recipient\(recipientCount(report) == 1 ? "" : "s") below, "
                + "in \(H.grouped(count)) recorded transfer\(count == 1 ? "" : "s"). For each recipient you find the country, "
                + "the legal safeguard that protects your data there, why it was sent and which kinds of data were included."
        return H.element("header", [], H.element("h1", [], H.escape(title))
            + H.element("div", [("class", "subtitle")], H.escape(report.controllerName ?? "Subject access answer"))
            + list + H.element("p", [("class", "lead")], H.escape(lead)))
    }

    private static func whose(_ report: SubjectAccessReport) -> String {
        guard case .category(_, let category) = report.scope else { return "Your personal data" }
        return "The personal data of " + SubjectAccessWords.subjectCategory(category)
    }

    private static func summarySection(_ report: SubjectAccessReport) -> String {
        guard !report.disclosures.isEmpty else { return "" }
        let rows = report.disclosures.map { disclosure in
            (cells: [H.Cell(recipient(disclosure.recipient)), H.Cell(disclosure.destinationName + " (" + disclosure.destination + ")"),
                     H.Cell(H.Label.mechanism(disclosure.safeguard.mechanism.rawValue).long.replacingNonBreakingMarks()),
                     H.Cell(days(disclosure), "nowrap"), H.Cell(H.grouped(disclosure.transfers), "num")],
             classes: disclosure.safeguard.mechanism.family == .derogation49 ? "derog" : "")
        }
        return section("recipients", "Recipients at a glance", H.table(
            columns: [("Recipient", false), ("Country", false), ("Safeguard", false), ("When", false), ("Transfers", true)], rows: rows))
    }

    private static func detailSection(_ report: SubjectAccessReport) -> String {
        guard !report.disclosures.isEmpty else { return "" }
        let cards = report.disclosures.map { disclosure -> String in
            var facts: [(String, String)] = [
                ("Recipient", recipient(disclosure.recipient) + ", " + SubjectAccessWords.role(disclosure.recipient.role)),
                ("Sent by", recipient(disclosure.exporter)),
                ("Country", disclosure.destinationName + " (" + disclosure.destination + ")"),
                ("Safeguard", disclosure.safeguard.summary),
                ("Purposes", disclosure.purposes.map(SubjectAccessWords.purpose).joined(separator: "; ")),
                ("Data", disclosure.dataCategories.map(SubjectAccessWords.dataCategory).joined(separator: "; ")),
            ]
            if !disclosure.specialCategories.isEmpty {
                facts.append(("Special categories", disclosure.specialCategories.map { H.Label.specialCategory($0.rawValue) }.joined(separator: "; ")))
            }
            facts.append(("When", days(disclosure) + (disclosure.transfers == 1 ? "" : " (\(H.grouped(disclosure.transfers)) transfers)")))
            let list = H.element("dl", [("class", "facts")], facts.map { H.element("dt", [], H.escape($0.0)) + H.element("dd", [], H.escape($0.1)) }.joined())
            return H.element("div", [("class", "card " + family(disclosure.safeguard.mechanism))],
                             H.element("h3", [], H.escape(recipient(disclosure.recipient) + " — " + disclosure.destinationName)) + list)
        }
        return section("details", "Each recipient in detail", cards.joined(separator: "\n"))
    }

    private static func rightsSection() -> String {
        section("rights", "What you can ask for", H.element("p", [], H.escape(
            "You may ask the data protection officer for a copy of the safeguards named above (GDPR Art. 15(2), 46 and 47), "
            + "for the personal data itself (Art. 15(3)), and for its rectification or erasure (Art. 16 and 17). "
            + "You may also lodge a complaint with a supervisory authority (Art. 77).")))
    }

    private static func section(_ id: String, _ title: String, _ content: String) -> String {
        "\n" + H.element("section", [("id", id), ("class", "flow")], H.element("h2", [], H.escape(title)) + content)
    }

    private static func recipient(_ organisation: SubjectAccessReport.Organisation) -> String {
        organisation.legalName ?? ("a " + SubjectAccessWords.role(organisation.role) + (organisation.groupMember ? " in the group" : " outside the group"))
    }

    private static func recipientCount(_ report: SubjectAccessReport) -> Int {
        Set(report.disclosures.map { recipient($0.recipient) }).count
    }

    private static func days(_ disclosure: SubjectAccessReport.Disclosure) -> String {
        let first = disclosure.firstTransfer.date, last = disclosure.lastTransfer.date
        return first == last ? first : first + " to " + last
    }

    private static func period(_ report: SubjectAccessReport) -> String {
        switch (report.from, report.to) {
        case (nil, nil): "every recorded transfer"
        case (let from?, nil): "from " + from.date
        case (nil, let to?): "until " + to.date
        case (let from?, let to?): from.date + " to " + to.date + " (both days included)"
        }
    }

    private static func family(_ mechanism: TransferMechanism) -> String {
        switch mechanism.family {
        case .none: "none"
        case .adequacy: "adequacy"
        case .safeguards46: "safeguards"
        case .derogation49: "derogation"
        }
    }
}
