/// Phone and national numbers recognised in digit runs without an announcing word, by their prefix
/// and grouping (phones) or their birth date and check digits (national numbers); and IPv4 addresses.
extension TextScan {
    /// Words before a dotted quad that make it a version, not an address.
    static let versionWords: Set<String> = ["v", "version", "ver", "release", "build", "rev", "firmware", "sdk", "app"]

    func numberRunMatch() -> PersonalDataScreen.Kind? {
        var index = 0
        while index < bytes.count {
            guard ASCIIByte.isDigit(bytes[index]), !continuesWord(before: index) else { index += 1; continue }
            guard let run = NumberRun(in: self, at: index) else {
                index += 1
                while index < bytes.count, ASCIIByte.isAlnum(bytes[index]) { index += 1 }
                continue
            }
            if run.digitCount >= 8, let kind = nationalNumber(run) ?? (isPhoneNumber(run) ? .phoneNumber : nil) { return kind }
            index = run.end
        }
        return nil
    }

    /// National numbers with a birth date and check digits: PESEL, Belgian national number,
    /// Steuer-ID (no date, but a digit-repetition rule) and the written forms of a personnummer.
    private func nationalNumber(_ run: NumberRun) -> PersonalDataScreen.Kind? {
        guard run.digitCount == 11 else {
            return run.isSwedishPersonnummer(formatted: true) ? .swedishPersonnummer : nil
        }
        let digits = run.digits, groups = run.groups
        let month = Int(digits[2]) * 10 + Int(digits[3])
        let day = Int(digits[4]) * 10 + Int(digits[5])
        // PESEL encodes the century in the month: +80 for the 1800s, +20, +40, +60 for 2000, 2100, 2200.
        if groups == [11], (1...12).contains(month % 20), (1...31).contains(day), IdentifierChecksum.peselIsValid(digits) {
            return .polishPESEL
        }
        // Belgian numbers give month or day 0 when the birth date is unknown.
        let belgianShapes: [[Int]] = [[11], [2, 2, 2, 3, 2], [6, 3, 2], [6, 5]]
        if belgianShapes.contains(groups), (0...12).contains(month), (0...31).contains(day), IdentifierChecksum.belgianCheckIsValid(digits) {
            return .belgianNationalNumber
        }
        if groups == [11] || groups == [2, 3, 3, 3], Self.isGermanTaxID(digits) {
            return .germanTaxID
        }
        return nil
    }

    /// Steuer-ID: no leading zero; in the first ten digits exactly one digit occurs twice or three
    /// times (three not in a row) and the others once; the eleventh is the ISO 7064 MOD 11,10 check.
    static func isGermanTaxID(_ digits: [UInt8]) -> Bool {
        guard digits.count == 11, digits[0] != 0 else { return false }
        var counts = [Int](repeating: 0, count: 10)
        for digit in digits.prefix(10) { counts[Int(digit)] += 1 }
        let repeated = counts.filter { $0 > 1 }
        guard repeated.count == 1, repeated[0] <= 3 else { return false }
        if repeated[0] == 3 {
            for index in 0..<8 where digits[index] == digits[index + 1] && digits[index + 1] == digits[index + 2] { return false }
        }
        return IdentifierChecksum.mod11_10CheckDigit(digits.prefix(10)) == digits[10]
    }

    /// A phone number without an announcing word: international (`+`, or `00` and a country code),
    /// national with its trunk 0 and grouped digits, or North American with the area code in
    /// parentheses. A run opening with a date is none of these.
    private func isPhoneNumber(_ run: NumberRun) -> Bool {
        let before = run.start > 0 ? bytes[run.start - 1] : 0
        let plus = before == UInt8(ascii: "+") || (before == UInt8(ascii: "(") && run.start > 1 && bytes[run.start - 2] == UInt8(ascii: "+"))
        // Most runs (keys, dates, order numbers) start with another digit and no '+' or '(': decided
        // here, before any list of digits or groups is built.
        guard run.digitCount >= 8, run.digitCount <= 17, plus || before == UInt8(ascii: "(") || run.bytes.first == UInt8(ascii: "0"),
              !run.startsWithDate else { return false }
        let digits = run.digits
        if plus { return digits.count <= 15 }
        if digits[0] == 0, digits[1] == 0 { return digits[2] != 0 && (11...17).contains(digits.count) && run.groupCount >= 2 }
        if digits[0] == 0 { return (9...12).contains(digits.count) && run.groupCount >= 2 }
        return before == UInt8(ascii: "(") && run.groups == [3, 3, 4] && digits[0] >= 2 && digits[3] >= 2
    }

    /// Four decimal octets (0–255, no leading zeros) joined by dots, not inside a longer dotted number
    /// and not after a word such as "version".
    func containsIPv4() -> Bool {
        var index = 0
        while index < bytes.count {
            guard ASCIIByte.isDigit(bytes[index]), !continuesWord(before: index), index == 0 || bytes[index - 1] != UInt8(ascii: ".") else {
                index += 1
                continue
            }
            var end = index
            var octets = 0
            while octets < 4 {
                let first = end
                var value = 0
                while end < bytes.count, ASCIIByte.isDigit(bytes[end]), end - first < 4 {
                    value = value * 10 + Int(bytes[end] - 0x30)
                    end += 1
                }
                let length = end - first
                guard length >= 1, length <= 3, value <= 255, length == 1 || bytes[first] != UInt8(ascii: "0") else { break }
                octets += 1
                guard octets < 4, end + 1 < bytes.count, bytes[end] == UInt8(ascii: "."), ASCIIByte.isDigit(bytes[end + 1]) else { break }
                end += 1
            }
            let dottedOn = end + 1 < bytes.count && bytes[end] == UInt8(ascii: ".") && ASCIIByte.isDigit(bytes[end + 1])
            if octets == 4, !continuesWord(at: end), !dottedOn, !followsVersionWord(index) { return true }
            index = max(end, index + 1)
            while index < bytes.count, ASCIIByte.isDigit(bytes[index]) || bytes[index] == UInt8(ascii: ".") { index += 1 }
        }
        return false
    }

    private func followsVersionWord(_ offset: Int) -> Bool {
        guard let index = wordIndex(startingAt: offset), index > 0 else { return false }
        return Self.versionWords.contains { word(index - 1, is: $0) }
    }
}
