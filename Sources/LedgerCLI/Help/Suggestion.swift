/// "Did you mean" for a mistyped command or option: the closest known name by edit distance.
enum Suggestion {
    /// The candidate closest to `input`, if close enough to be a typo: at most a third of the longer
    /// name's length in edits (at least one), so `qurey` finds `query` but `x` finds nothing.
    static func closest(to input: String, among candidates: [String]) -> String? {
        let scored = candidates.map { (name: $0, distance: distance(input, $0)) }
        guard let best = scored.min(by: { $0.distance < $1.distance }) else { return nil }
        let threshold = max(1, max(input.count, best.name.count) / 3)
        return best.distance <= threshold ? best.name : nil
    }

    /// `message` followed by "; did you mean '…'?" when a candidate is close to `input`.
    static func message(_ message: String, for input: String, among candidates: [String]) -> String {
        closest(to: input, among: candidates).map { "\(message); did you mean '\($0)'?" } ?? message
    }

    /// The optimal-string-alignment Damerau–Levenshtein distance: insertions, deletions, substitutions
    /// and swaps of two neighbours (`qurey` → `query` is one edit).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
