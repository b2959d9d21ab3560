/// An aligned plain-text table: columns padded to their widest cell, two spaces apart.
enum Table {
    /// The narrowest a column is cut to: room for a few characters and the ellipsis.
    static let narrowest = 4

    /// The table; with `width`, the widest columns are cut (cells end in "…") until each line fits.
    static func render(header: [String], rows: [[String]], width: Int? = nil) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        if let width { widths = fitted(widths, into: width) }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let shown = cell.count > widths[column] ? String(cell.prefix(widths[column] - 1)) + "…" : cell
                return column == cells.count - 1 ? shown : shown + String(repeating: " ", count: widths[column] - shown.count)
            }.joined(separator: "  ") + "\n"
        }
        return ([line(header.map { $0.uppercased() })] + rows.map(line)).joined()
    }

    /// `widths` narrowed one character at a time, always in the widest column, until the line (with its
    /// two-space gaps) fits `width`, or every column is down to `narrowest`.
    static func fitted(_ widths: [Int], into width: Int) -> [Int] {
        var widths = widths
        var total = widths.reduce(0, +) + 2 * max(0, widths.count - 1)
        while total > width, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > narrowest {
            widths[widest] -= 1
            total -= 1
        }
        return widths
    }
}
