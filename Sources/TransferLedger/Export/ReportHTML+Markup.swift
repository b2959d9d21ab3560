import LedgerFormat
import LedgerStorage

extension ReportHTML {
    /// Text made safe for HTML content and attribute values: `& < > " '` become character references.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            // Control characters other than tab and newlines are not allowed in HTML text.
            case _ where scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r": result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Text made safe inside a double-quoted CSS string in a `<style>` element: everything but
    /// letters, digits and a few plain marks becomes a CSS hex escape, so `</style>` cannot appear.
    static func cssString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || " -_.:/".unicodeScalars.contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "\\" + String(scalar.value, radix: 16, uppercase: true) + " "
            }
        }
        return result + "\""
    }

    /// An element with attributes in the given order and `content`, which must already be markup.
    static func element(_ name: String, _ attributes: [(String, String)] = [], _ content: String = "") -> String {
        "<" + name + attributeText(attributes) + ">" + content + "</" + name + ">"
    }

    /// A void element, written self-closed so the page also parses as XML.
    static func void(_ name: String, _ attributes: [(String, String)] = []) -> String {
        "<" + name + attributeText(attributes) + "/>"
    }

    private static func attributeText(_ attributes: [(String, String)]) -> String {
        attributes.map { " " + $0.0 + "=\"" + escape($0.1) + "\"" }.joined()
    }

    /// `n` with a comma between groups of three digits.
    static func grouped(_ n: Int) -> String { SubjectRange.grouped(n) }

    /// `part` of `whole` as a percentage with one decimal, from integer arithmetic so every platform agrees.
    static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "—" }
        let permille = (part * 1_000 + whole / 2) / whole
        // A handful of derogations among 50,000 records is not "0.0%": say it is there, and small.
        if permille == 0 && part > 0 { return "< 0.1%" }
        return "\(permille / 10).\(permille % 10)%"
    }

    /// A subject range from the report's `{"min", "max"}`: `1,001–10,000`, or `≥ 1,001` when open.
    static func range(_ field: Field) -> String {
        guard let lower = field["min"].int else { return "—" }
        guard let upper = field["max"].int else { return lower == 0 ? "unknown" : "≥ " + grouped(lower) }
        return upper == lower ? grouped(lower) : grouped(lower) + "–" + grouped(upper)
    }

    /// An RFC 3339 instant as `2026-03-05 10:00 UTC`; other text is shown as given.
    static func instant(_ text: String?) -> String {
        guard let text else { return "—" }
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 16, scalars[10] == "T" else { return text }
        return String(String.UnicodeScalarView(scalars[0..<10])) + " " + String(String.UnicodeScalarView(scalars[11..<16])) + " UTC"
    }

    /// The last day an exclusive period end includes: the day before a midnight end, else its own day.
    static func lastDay(beforeExclusive text: String?) -> String {
        guard let text, let end = try? Timestamp(rfc3339: text) else { return text ?? "—" }
        return Timestamp(microseconds: end.microseconds - 1).date
    }
}

extension ReportHTML {
    /// A table cell: its markup and an optional class (`num`, `bad`, `derog`, …).
    struct Cell {
        let html: String
        let classes: String

        /// A cell of plain text, escaped.
        init(_ text: String, _ classes: String = "") {
            html = ReportHTML.escape(text)
            self.classes = classes
        }

        /// A cell of markup already built.
        init(html: String, _ classes: String = "") {
            self.html = html
            self.classes = classes
        }

        /// A right-aligned count.
        static func count(_ field: Field) -> Cell { Cell(field.text, "num") }
    }
}
