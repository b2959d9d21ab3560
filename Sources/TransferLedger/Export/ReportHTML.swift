/// The human-readable page of a report bundle, rendered from `report.json` without its entries.
///
/// Placeholder: the full renderer replaces this file and keeps the signature, which export and
/// `verify-report` both call so `report.html` is always what `report.json` regenerates.
public enum ReportHTML {
    /// The page for `report`, the report object without `entries`; the same input always gives the same bytes.
    public static func render(report: JSONValue) -> String {
        let header = report.objectValue?["header"]?.objectValue ?? [:]
        let totals = report.objectValue?["sections"]?.objectValue?["totals"]?.objectValue ?? [:]
        func text(_ value: JSONValue?) -> String {
            switch value {
            case .string(let string): escape(string)
            case .integer(let integer): String(integer)
            case .some(let other): escape(String(decoding: CanonicalJSON.encode(other), as: UTF8.self))
            case .none: ""
            }
        }
        var html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>\(text(header["reportId"]))</title></head><body>\n"
        html += "<h1>Transfer report \(text(header["reportId"]))</h1>\n"
        html += "<p>For \(text(header["addressee"])), period \(text(header["periodStart"])) to \(text(header["periodEnd"])).</p>\n"
        html += "<p>Records: \(text(totals["records"]))</p>\n</body></html>\n"
        return html
    }

    /// Escapes text for HTML element content and attribute values.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
