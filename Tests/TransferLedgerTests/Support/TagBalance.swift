/// A strict checker for the renderer's HTML: every element closed in order, void elements self-closed,
/// attributes double-quoted, `&` only in character references, no raw `<` or `>` in text.
enum TagBalance {
    static let voidElements: Set<String> = ["meta", "br", "hr", "img", "input", "link", "col", "wbr"]
    static let rawText: Set<String> = ["style"]

    /// What is wrong, with the character offset; empty when the page is well-formed.
    static func problems(in html: String) -> [String] {
        let s = Array(html.unicodeScalars)
        var problems: [String] = []
        var stack: [String] = []
        var i = 0
        func startsWith(_ text: String, at index: Int) -> Bool {
            let t = Array(text.unicodeScalars)
            return index + t.count <= s.count && Array(s[index..<index + t.count]) == t
        }
        func checkReferences(_ text: ArraySlice<Unicode.Scalar>, at offset: Int) {
            var j = text.startIndex
            while j < text.endIndex {
                if text[j] == "&" {
                    guard let end = text[j...].firstIndex(of: ";"), end - j <= 10 else { problems.append("\(offset): bare &"); return }
                    let name = String(String.UnicodeScalarView(text[(j + 1)..<end]))
                    let valid = name.first == "#" ? name.dropFirst().allSatisfy(\.isNumber) && name.count > 1 : name.allSatisfy(\.isLetter) && !name.isEmpty
                    if !valid { problems.append("\(offset): bad reference &\(name);") }
                    j = end
                } else if text[j] == ">" {
                    problems.append("\(offset + j - text.startIndex): raw > in text")
                }
                j += 1
            }
        }
        if startsWith("<!DOCTYPE html>", at: 0) { i = 15 } else { problems.append("no doctype") }
        while i < s.count {
            guard s[i] == "<" else {
                let next = s[i...].firstIndex(of: "<") ?? s.count
                checkReferences(s[i..<next], at: i)
                i = next
                continue
            }
            guard let close = s[i...].firstIndex(of: ">") else { problems.append("\(i): unterminated tag"); break }
            var inner = String(String.UnicodeScalarView(s[(i + 1)..<close]))
            let offset = i
            i = close + 1
            if inner.hasPrefix("/") {
                let name = String(inner.dropFirst())
                if stack.last == name { stack.removeLast() } else { problems.append("\(offset): </\(name)> closes <\(stack.last ?? "nothing")>") }
                continue
            }
            let selfClosing = inner.hasSuffix("/")
            if selfClosing { inner.removeLast() }
            let name = String(inner.prefix { $0.isLetter || $0.isNumber })
            guard !name.isEmpty, name == name.lowercased() else { problems.append("\(offset): bad tag <\(inner)>"); continue }
            problems += attributeProblems(String(inner.dropFirst(name.count)), at: offset)
            if voidElements.contains(name) {
                if !selfClosing { problems.append("\(offset): void <\(name)> not self-closed") }
                continue
            }
            if selfClosing { continue }
            if rawText.contains(name) {
                let end = "</\(name)>"
                var j = i
                while j < s.count, !startsWith(end, at: j) { j += 1 }
                if j >= s.count { problems.append("\(offset): <\(name)> never closed") }
                i = j + end.unicodeScalars.count
                continue
            }
            stack.append(name)
        }
        if !stack.isEmpty { problems.append("unclosed: \(stack)") }
        return problems
    }

    /// ` name="value"` pairs and nothing else; values hold no `<`.
    static func attributeProblems(_ text: String, at offset: Int) -> [String] {
        var rest = Substring(text)
        while !rest.isEmpty {
            guard rest.first == " " else { return ["\(offset): junk in tag: \(rest)"] }
            rest = rest.dropFirst()
            let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" }
            rest = rest.dropFirst(name.count)
            guard !name.isEmpty, rest.hasPrefix("=\"") else { return ["\(offset): attribute \(name) is not name=\"value\""] }
            rest = rest.dropFirst(2)
            guard let end = rest.firstIndex(of: "\"") else { return ["\(offset): unterminated attribute \(name)"] }
            if rest[..<end].contains("<") { return ["\(offset): < in attribute \(name)"] }
            rest = rest[rest.index(after: end)...]
        }
        return []
    }
}
