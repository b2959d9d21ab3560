/// Digits joined by short separators — spaces, `-`, `.`, `/`, `+` and parentheses, at most three
/// together — as phone and national numbers are written: `+33 (0)6 12 34 56 78`, `85.07.30-033.61`.
struct NumberRun {
    /// The digits' values, separators left out.
    private(set) var digits: [UInt8] = []
    /// The number of digits in each group between separators.
    private(set) var groups: [Int] = []
    /// The separator before each group after the first, as written.
    private(set) var separators: [ArraySlice<UInt8>] = []
    /// The byte offsets of the first digit and just past the last.
    let start: Int
    private(set) var end: Int

    /// The run whose first digit is at `start`; nil when `start` is not a digit or the run ends inside
    /// a word (`12345678Z`), which the word detectors judge instead.
    init?(in scan: TextScan, at start: Int) {
        let bytes = scan.bytes
        guard start < bytes.count, ASCIIByte.isDigit(bytes[start]) else { return nil }
        self.start = start
        var index = start
        while true {
            var length = 0
            while index < bytes.count, ASCIIByte.isDigit(bytes[index]) {
                digits.append(bytes[index] - 0x30)
                length += 1
                index += 1
            }
            groups.append(length)
            var next = index
            while next < bytes.count, next - index < 3, Self.isSeparator(bytes[next]) { next += 1 }
            guard next > index, next < bytes.count, ASCIIByte.isDigit(bytes[next]) else { break }
            separators.append(bytes[index..<next])
            index = next
        }
        end = index
        if scan.continuesWord(at: end) { return nil }
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
