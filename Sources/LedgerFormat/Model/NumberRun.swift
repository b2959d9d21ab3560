/// Digits joined by short separators — spaces, `-`, `.`, `/`, `+` and parentheses, at most three
/// together — as phone and national numbers are written: `+33 (0)6 12 34 56 78`, `85.07.30-033.61`.
struct NumberRun {
    /// The run's bytes, from its first digit to its last.
    let bytes: ArraySlice<UInt8>
    /// How many digits and groups of digits it has; the lists below are built only when asked,
    /// since most runs in a note are too short to be anything.
    private(set) var digitCount = 0
    private(set) var groupCount = 0

    /// The byte offsets of the first digit and just past the last.
    var start: Int { bytes.startIndex }
    var end: Int { bytes.endIndex }

    /// The run whose first digit is at `start`; nil when `start` is not a digit or the run ends inside
    /// a word (`12345678Z`), which the word detectors judge instead.
    init?(in scan: TextScan, at start: Int) {
        let text = scan.bytes
        guard start < text.count, ASCIIByte.isDigit(text[start]) else { return nil }
        var index = start
        while true {
            while index < text.count, ASCIIByte.isDigit(text[index]) {
                digitCount += 1
                index += 1
            }
            groupCount += 1
            var next = index
            while next < text.count, next - index < 3, Self.isSeparator(text[next]) { next += 1 }
            guard next > index, next < text.count, ASCIIByte.isDigit(text[next]) else { break }
            index = next
        }
        if scan.continuesWord(at: index) { return nil }
        bytes = text[start..<index]
    }

    /// The digits' values, separators left out.
    var digits: [UInt8] { bytes.filter(ASCIIByte.isDigit).map { $0 - 0x30 } }

    /// The number of digits in each group between separators.
    var groups: [Int] {
        bytes.split { !ASCIIByte.isDigit($0) }.map(\.count)
    }

    /// The separator before each group after the first, as written.
    var separators: [ArraySlice<UInt8>] {
        bytes.split(whereSeparator: ASCIIByte.isDigit)
    }

    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/")
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")")
    }

    /// Whether the groups are `shape` and every separator is one of `allowed` (any when nil).
    func isGrouped(_ shape: [Int], by allowed: Set<String>? = nil) -> Bool {
        groups == shape && (allowed.map { allowed in separators.allSatisfy { allowed.contains(String(decoding: $0, as: UTF8.self)) } } ?? true)
    }

    /// Whether the run opens with a written date (`01.05.2026 10 …`, `2026-05-01 …`), which is no phone number.
    var startsWithDate: Bool {
        let groups = groups, separators = separators, digits = digits
        guard groups.count >= 3, separators[0].count == 1, separators[0] == separators[1] else { return false }
        let separator = separators[0].first
        guard separator == UInt8(ascii: "-") || separator == UInt8(ascii: ".") || separator == UInt8(ascii: "/") else { return false }
        var offset = 0
        var parts: [(value: Int, length: Int)] = []
        for length in groups.prefix(3) {
            parts.append((digits[offset..<offset + length].reduce(0) { $0 * 10 + Int($1) }, length))
            offset += length
        }
        return TextScan.isDate(parts[0], parts[1], parts[2])
    }

    /// YYMMDD (month 1–12, day 1–31, or 61–91 for a coordination number) followed by a Luhn-checked
    /// tail, with an optional century; `formatted` asks for the written form (`YYMMDD-NNNN`,
    /// `YYMMDD+NNNN`, `YYYYMMDD-NNNN` or twelve digits), since ten bare digits are too common otherwise.
    func isSwedishPersonnummer(formatted: Bool) -> Bool {
        guard digitCount == 10 || digitCount == 12 else { return false }
        let digits = digits
        let tail: ArraySlice<UInt8>
        switch digits.count {
        case 10:
            guard !formatted || isGrouped([6, 4], by: ["-", "+"]) else { return false }
            tail = digits[...]
        case 12:
            guard groups == [12] || isGrouped([8, 4], by: ["-"]), (18...20).contains(Int(digits[0]) * 10 + Int(digits[1])) else { return false }
            tail = digits.dropFirst(2)
        default:
            return false
        }
        let month = Int(tail[tail.startIndex + 2]) * 10 + Int(tail[tail.startIndex + 3])
        let day = Int(tail[tail.startIndex + 4]) * 10 + Int(tail[tail.startIndex + 5])
        return (1...12).contains(month) && ((1...31).contains(day) || (61...91).contains(day)) && IdentifierChecksum.luhn(tail)
    }
}
