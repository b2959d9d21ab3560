extension ReportHTML {
    /// Inline SVG charts. Geometry is integer arithmetic only, so the bytes never depend on how a
    /// platform prints floating-point numbers; every chart sits next to a table with the same figures.
    enum Chart {
        /// One horizontal bar: a label, coloured segments that add up, text after the total (such as a
        /// share) and a flag in the derogation colour (such as `▲ 9 Art. 49`).
        struct Bar {
            let label: String
            let segments: [(value: Int, style: String, name: String)]
            var suffix = ""
            var flag = ""
            var total: Int { segments.reduce(0) { $0 + $1.value } }
        }

        /// The CSS class that colours a mechanism family.
        static func style(family: String) -> String {
            switch family {
            case "NONE": "f-none"
            case "ADEQUACY": "f-adequacy"
            case "SAFEGUARDS_46": "f-safeguards"
            case "DEROGATION_49": "f-derogation"
            default: "f-other"
            }
        }

        /// Horizontal bars, longest first as given, with the total at the end of each bar.
        static func bars(_ bars: [Bar], title: String, width: Int = 1040) -> String {
            // SVG cannot measure text: 7.5 units a character at 12.5px fits the widest common glyphs, so
            // the label column grows with the longest label ("European Patent Organisation (INT-EPO)").
            let longest = bars.map(\.label.count).max() ?? 0
            let labelWidth = max(210, longest * 15 / 2 + 16), valueWidth = 230, row = 26, top = 6
            let plot = width - labelWidth - valueWidth
            let largest = max(1, bars.map(\.total).max() ?? 1)
            let height = top * 2 + row * bars.count
            var body = ""
            for (index, bar) in bars.enumerated() {
                let y = top + index * row
                body += text(bar.label, x: labelWidth - 8, y: y + 17, anchor: "end", style: "label")
                var cumulative = 0
                for segment in bar.segments where segment.value > 0 {
                    let x0 = labelWidth + cumulative * plot / largest
                    cumulative += segment.value
                    let x1 = max(x0 + 1, labelWidth + cumulative * plot / largest)
                    body += element("rect", [("x", "\(x0)"), ("y", "\(y + 5)"), ("width", "\(x1 - x0)"), ("height", "16"), ("class", segment.style)],
                                    element("title", [], escape("\(bar.label) — \(segment.name): \(grouped(segment.value))")))
                }
                let end = labelWidth + max(1, bar.total * plot / largest)
                let value = grouped(bar.total) + bar.suffix
                body += text(value, x: end + 6, y: y + 17, anchor: "start", style: "value")
                if !bar.flag.isEmpty {
                    // SVG cannot measure text; 7 units a character is wide enough for the value's digits.
                    body += text(bar.flag, x: end + 16 + value.count * 7, y: y + 17, anchor: "start", style: "mark-derog")
                }
            }
            body += element("line", [("x1", "\(labelWidth)"), ("y1", "\(top)"), ("x2", "\(labelWidth)"), ("y2", "\(height - top)"), ("class", "axis")])
            return svg(title: title, width: width, height: height, body)
        }

        /// One month's column: records, and the counts flagged beneath it.
        struct Column {
            let month: String
            let records: Int
            let nonCompliant: Int
            let derogations: Int
        }

        /// Vertical columns per month on a labelled scale; months with derogations or non-compliant
        /// records carry a marker beneath the axis, in text as well as colour.
        static func months(_ columns: [Column], title: String, width: Int = 1040) -> String {
            let left = 64, right = 12, top = 18, plotHeight = 180, bottom = 70
            let height = top + plotHeight + bottom
            let scale = niceCeiling(max(1, columns.map(\.records).max() ?? 1))
            let slot = (width - left - right) / max(1, columns.count)
            let barWidth = max(4, slot * 3 / 5)
            var body = ""
            for step in 0...4 {
                let value = scale * step / 4
                let y = top + plotHeight - plotHeight * step / 4
                body += element("line", [("x1", "\(left)"), ("y1", "\(y)"), ("x2", "\(width - right)"), ("y2", "\(y)"), ("class", step == 0 ? "axis" : "grid")])
                body += text(grouped(value), x: left - 6, y: y + 4, anchor: "end", style: "tick")
            }
            var previousYear = ""
            for (index, column) in columns.enumerated() {
                let x = left + index * slot + (slot - barWidth) / 2
                let barHeight = column.records == 0 ? 0 : max(1, column.records * plotHeight / scale)
                let y = top + plotHeight - barHeight
                let centre = x + barWidth / 2
                body += element("rect", [("x", "\(x)"), ("y", "\(y)"), ("width", "\(barWidth)"), ("height", "\(barHeight)"), ("class", "f-records")],
                                element("title", [], escape("\(column.month): \(grouped(column.records)) records")))
                body += text(grouped(column.records), x: centre, y: y - 4, anchor: "middle", style: "tick")
                let (year, name) = monthName(column.month)
                body += text(name, x: centre, y: top + plotHeight + 15, anchor: "middle", style: "label")
                if year != previousYear {
                    body += text(year, x: centre, y: top + plotHeight + 29, anchor: "middle", style: "tick")
                    previousYear = year
                }
                if column.derogations > 0 {
                    body += text("▲ \(grouped(column.derogations))", x: centre, y: top + plotHeight + 45, anchor: "middle", style: "mark-derog")
                }
                if column.nonCompliant > 0 {
                    body += text("✖ \(grouped(column.nonCompliant))", x: centre, y: top + plotHeight + 60, anchor: "middle", style: "mark-bad")
                }
            }
            return svg(title: title, width: width, height: height, body)
        }

        /// `"2026-03"` as `("2026", "Mar")`; anything else as it is.
        static func monthName(_ month: String) -> (year: String, name: String) {
            let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            let parts = month.split(separator: "-")
            guard parts.count == 2, let number = Int(parts[1]), (1...12).contains(number) else { return ("", month) }
            return (String(parts[0]), names[number - 1])
        }

        /// The smallest 1, 2 or 5 times a power of ten, times four, at or above `value`: a scale with
        /// four even steps.
        static func niceCeiling(_ value: Int) -> Int {
            var magnitude = 1
            while true {
                for factor in [1, 2, 5] where factor * magnitude * 4 >= value { return factor * magnitude * 4 }
                guard magnitude <= Int.max / 100 else { return value }
                magnitude *= 10
            }
        }

        static func text(_ content: String, x: Int, y: Int, anchor: String, style: String) -> String {
            element("text", [("x", "\(x)"), ("y", "\(y)"), ("text-anchor", anchor), ("class", style)], escape(content))
        }

        static func svg(title: String, width: Int, height: Int, _ body: String) -> String {
            element("svg", [("viewBox", "0 0 \(width) \(height)"), ("width", "\(width)"), ("height", "\(height)"),
                            ("role", "img"), ("aria-label", title), ("class", "chart")],
                    element("title", [], escape(title)) + body)
        }
    }
}
