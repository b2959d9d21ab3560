extension ReportHTML {
    /// One destination's rows of the destination × mechanism list, added up.
    struct Destination {
        let code: String
        var name: String
        var region: String?
        var records = 0
        var byFamily: [String: Int] = [:]
        var byMechanism: [String: Int] = [:]

        /// The destination as people read it: `India (IN)`, or the code alone.
        var title: String { name.isEmpty || name == code ? code : "\(name) (\(code))" }
    }

    /// The destinations of `cells`, most records first, then by code.
    static func destinations(_ cells: [Field]) -> [Destination] {
        var byCode: [String: Destination] = [:]
        for cell in cells {
            let code = cell["destination"].text
            var destination = byCode[code] ?? Destination(code: code, name: cell["destinationName"].string ?? "", region: cell["region"].string)
            let records = cell["records"].count
            destination.records += records
            destination.byFamily[cell["family"].text, default: 0] += records
            destination.byMechanism[cell["mechanism"].text, default: 0] += records
            byCode[code] = destination
        }
        return byCode.values.sorted { ($1.records, $0.code) < ($0.records, $1.code) }
    }

    /// Section 3: a bar chart per destination, the destination × mechanism matrix, and its cells in detail.
    static func destinationsSection(_ list: Field) -> String {
        let cells = list.array
        guard !cells.isEmpty else { return section("destinations", empty("No transfers in the period.")) }
        let destinations = destinations(cells)
        let shown = 16
        func bar(_ label: String, _ group: some Collection<Destination>) -> Chart.Bar {
            let derogations = group.reduce(0) { $0 + ($1.byFamily["DEROGATION_49"] ?? 0) }
            return Chart.Bar(label: label, segments: Label.families.map { family in
                (group.reduce(0) { $0 + ($1.byFamily[family.code] ?? 0) }, Chart.style(family: family.code), family.name)
            }, flag: derogations > 0 ? "▲ \(grouped(derogations)) Art. 49" : "")
        }
        // Past a screenful of bars the tail is too short to read; it is summed, and the matrix lists it.
        var bars = destinations.prefix(shown).map { bar($0.title, [$0]) }
        if destinations.count > shown {
            bars.append(bar("\(destinations.count - shown) other destinations", destinations.dropFirst(shown)))
        }
        // Heading, key and chart stay on one printed page.
        var html = element("div", [("class", "keep")], element("h3", [], "Records by destination") + familyLegend()
            + element("figure", [], Chart.bars(bars, title: "Transfer records by destination and mechanism family")))
        html += element("h3", [], "Destination × mechanism")
        html += matrix(destinations)
        html += element("h3", [], "Cells in detail")
        html += details(cells, order: destinations.map(\.code))
        return section("destinations", html)
    }

    /// A destination as people read it, from one row that names it: `India (IN)`, or the code alone.
    static func title(_ row: Field) -> String {
        row["destinationName"].string.map { "\($0) (\(row["destination"].text))" } ?? row["destination"].text
    }

    /// Each destination code of the list with its title, for sections that carry only codes.
    static func titles(_ list: Field) -> [String: String] {
        Dictionary(list.array.map { ($0["destination"].text, title($0)) }, uniquingKeysWith: { first, _ in first })
    }

    /// Destinations down, mechanisms across, records in the cells; derogation columns are marked.
    static func matrix(_ destinations: [Destination]) -> String {
        let mechanisms = Set(destinations.flatMap(\.byMechanism.keys))
            .sorted { (Label.mechanismRank($0), $0) < (Label.mechanismRank($1), $1) }
        let head = element("tr", [], element("th", [("scope", "col")], "Destination") + element("th", [("scope", "col")], "Region")
            + mechanisms.map { code in
                let label = Label.mechanism(code)
                let derogation = Label.isDerogation(code)
                return element("th", [("class", derogation ? "num derog" : "num"), ("scope", "col"), ("title", label.long)],
                               escape(derogation ? "▲ " + label.short : label.short))
            }.joined() + element("th", [("class", "num"), ("scope", "col")], "Total"))
        let rows = destinations.map { destination in
            element("tr", [], element("th", [("scope", "row")], escape(destination.title))
                + cell(Cell(Label.region(destination.region), "region"))
                + mechanisms.map { code in
                    let count = destination.byMechanism[code] ?? 0
                    if count == 0 { return cell(Cell("·", "num zero")) }
                    return Label.isDerogation(code) ? cell(Cell("▲ " + grouped(count), "num derog")) : cell(Cell(grouped(count), "num"))
                }.joined()
                + cell(Cell(grouped(destination.records), "num"))) + "\n"
        }.joined()
        let totals = element("tr", [], element("td", [], "All destinations") + element("td", [], "")
            + mechanisms.map { code in cell(Cell(grouped(destinations.reduce(0) { $0 + ($1.byMechanism[code] ?? 0) }), "num")) }.joined()
            + cell(Cell(grouped(destinations.reduce(0) { $0 + $1.records }), "num")))
        let key = element("p", [("class", "legend")], mechanisms.map { code in
            let label = Label.mechanism(code)
            return element("span", [], element("strong", [], escape(label.short)) + " " + escape(label.long))
        }.joined())
        return element("table", [("class", "matrix")], element("thead", [], head) + element("tfoot", [], totals) + element("tbody", [], rows)) + key
    }

    /// Every destination × mechanism cell with its importers, subject range, special-category flag and onward count.
    static func details(_ cells: [Field], order: [String]) -> String {
        func rank(_ cell: Field) -> (Int, Int, String) {
            (order.firstIndex(of: cell["destination"].text) ?? order.count, Label.mechanismRank(cell["mechanism"].text), cell["mechanism"].text)
        }
        // The matrix's order, so a row here is found where it is in the matrix.
        let sorted = cells.map { (rank($0), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
        let rows = sorted.map { row -> (cells: [Cell], classes: String) in
            let mechanism = row["mechanism"].text
            let derogation = Label.isDerogation(mechanism)
            let special = row["specialCategories"].bool == true
            return ([Cell(title(row)),
                     Cell(html: escape(Label.mechanism(mechanism).long) + (derogation ? " " + derogationBadge : "")),
                     Cell.count(row["records"]), Cell.count(row["importers"]), Cell.count(row["subjects"]["flows"]),
                     Cell(range(row["subjects"]), "num"),
                     special ? Cell(html: badge("◆ Art. 9", "special")) : Cell("—", "zero"),
                     row["onward"].count == 0 ? Cell("0", "num zero") : Cell.count(row["onward"])],
                    derogation ? "derog" : "")
        }
        return table(columns: [("Destination", false), ("Mechanism", false), ("Records", true), ("Importers", true), ("Flows", true),
                               ("Data subjects (largest band per flow)", true), ("Special categories", false), ("Onward", true)], rows: rows)
            + element("p", [("class", "legend")], escape("A flow is one exporter, importer, destination and set of purposes. Each flow of a row counts once, with the largest subject-count band its transfers reported; the row adds up those bands and shows a range to avoid false precision. “≥” means at least one band was open-ended or unknown."))
    }
}
