extension Timestamp {
    /// The instant whose canonical spelling (FORMAT.md §3) is exactly `text`, read from bytes; nil
    /// for any other text. Agrees with `canonical(_:)`, which parses and re-formats, as a test checks.
    package static func canonical(utf8 text: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        // `YYYY-MM-DDTHH:MM:SSZ`, with `.fff` or `.ffffff` before the `Z` when there is a fraction.
        let count = text.count
        guard count == 20 || count == 24 || count == 27,
              text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"), text[10] == UInt8(ascii: "T"),
              text[13] == UInt8(ascii: ":"), text[16] == UInt8(ascii: ":"), text[count - 1] == UInt8(ascii: "Z")
        else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                let digit = text[index] &- 0x30
                guard digit <= 9 else { return nil }
                value = value * 10 + Int64(digit)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var fraction: Int64 = 0
        if count > 20 {
            guard text[19] == UInt8(ascii: "."), let digits = number(20..<count - 1) else { return nil }
            // Three digits only for a whole, non-zero millisecond; six only when it is not one.
            if count == 24 {
                guard digits != 0 else { return nil }
                fraction = digits * 1_000
            } else {
                guard digits % 1_000 != 0 else { return nil }
                fraction = digits
            }
        }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let daysInMonth: Int64 = switch month {
        case 2: leap ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
        guard (1...12).contains(month), (1...daysInMonth).contains(day), hour < 24, minute < 60, second < 60 else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Timestamp(microseconds: (days * 86_400 + hour * 3_600 + minute * 60 + second) * 1_000_000 + fraction)
    }

    /// `canonical(utf8:)` for a String, such as a stored `recordedAt`.
    package static func canonical(text: String) -> Timestamp? {
        var text = text
        return text.withUTF8 { canonical(utf8: $0) }
    }
}
