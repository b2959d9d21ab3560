/// Finds identifiers in free text that would put personal data into the ledger (rule R18).
///
/// The screen is deliberately narrow — e-mail addresses, international or national phone numbers,
/// IBANs (mod-97 checked), card numbers (Luhn checked), French NIR and US SSN patterns — so that
/// ordinary references such as "batch 2026-05-01, ticket CHG-4411" pass. It reports what kind of
/// identifier it saw, never the identifier itself.
public enum PersonalDataScreen {
    /// A kind of identifier the screen recognises.
    public enum Kind: String, Sendable, CustomStringConvertible {
        case email, phoneNumber, iban, cardNumber, nationalId

        public var description: String {
            switch self {
            case .email: "an e-mail address"
            case .phoneNumber: "a phone number"
            case .iban: "an IBAN"
            case .cardNumber: "a payment card number"
            case .nationalId: "a national identification number"
            }
        }
    }

    /// Refuses `text` as the value of `field` when it holds an identifier; the error names the field
    /// and the kind found, never the value, because the error text may itself end up in logs.
    public static func refuse(_ text: String, field: @autoclosure () -> String) throws(RecordError) {
        guard let kind = firstMatch(in: text) else { return }
        throw RecordError(field: field(), rule: .invalidCode,
                          message: "looks like it contains personal data (\(kind.description)); the ledger keeps no personal data in free text")
    }

    /// The first kind of identifier found in `text`, or nil when it looks clean.
    public static func firstMatch(in text: String) -> Kind? {
        // Fast path, taken by almost every reference and key: every pattern needs an '@' or at
        // least eight digits (IBANs included, whose check digits and bank codes are numeric).
        var digitCount = 0
        var hasAt = false
        for byte in text.utf8 {
            if isDigit(byte) { digitCount += 1 } else if byte == UInt8(ascii: "@") { hasAt = true }
        }
        guard hasAt || digitCount >= 8 else { return nil }
        let bytes = Array(text.utf8)
        if containsEmail(bytes) { return .email }
        if containsIBAN(bytes) { return .iban }
        return numberMatch(bytes)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    private static func isAlnum(_ byte: UInt8) -> Bool { isDigit(byte) || isUpper(byte) || (byte >= 0x61 && byte <= 0x7A) }

    private static func containsEmail(_ b: [UInt8]) -> Bool {
        for (at, byte) in b.enumerated() where byte == UInt8(ascii: "@") {
            let localOK = at > 0 && (isAlnum(b[at - 1]) || b[at - 1] == UInt8(ascii: "_") || b[at - 1] == UInt8(ascii: "-"))
            guard localOK else { continue }
            // Domain: labels of letters, digits and hyphens with at least one dot and a 2+ letter end.
            var index = at + 1
            var sawDot = false
            var lastLabelLength = 0
            var lastLabelAlpha = true
            while index < b.count, isAlnum(b[index]) || b[index] == UInt8(ascii: "-") || b[index] == UInt8(ascii: ".") {
                if b[index] == UInt8(ascii: ".") {
                    sawDot = true
                    lastLabelLength = 0
                    lastLabelAlpha = true
                } else {
                    lastLabelLength += 1
                    if !isAlnum(b[index]) || isDigit(b[index]) { lastLabelAlpha = false }
                }
                index += 1
            }
            if sawDot && lastLabelLength >= 2 && lastLabelAlpha { return true }
        }
        return false
    }

    private static func containsIBAN(_ b: [UInt8]) -> Bool {
        var start = 0
        while start + 4 <= b.count {
            defer { start += 1 }
            guard isUpper(b[start]), isUpper(b[start + 1]), isDigit(b[start + 2]), isDigit(b[start + 3]),
                  start == 0 || !isAlnum(b[start - 1]) else { continue }
            var characters: [UInt8] = []
            var index = start
            while index < b.count, characters.count < 34 {
                if isDigit(b[index]) || isUpper(b[index]) {
                    characters.append(b[index])
                } else if b[index] != UInt8(ascii: " ") || index + 1 >= b.count || !isAlnum(b[index + 1]) {
                    break
                }
                index += 1
                let atBoundary = index >= b.count || !isAlnum(b[index])
                if atBoundary, characters.count >= 15, mod97(characters) == 1 { return true }
            }
        }
        return false
    }

    /// ISO 13616: move the first four characters to the end, letters become 10…35, remainder mod 97.
    private static func mod97(_ characters: [UInt8]) -> Int {
        var remainder = 0
        for byte in characters.dropFirst(4) + characters.prefix(4) {
            if isDigit(byte) {
                remainder = (remainder * 10 + Int(byte - 0x30)) % 97
            } else {
                remainder = (remainder * 100 + Int(byte - 0x41 + 10)) % 97
            }
        }
        return remainder
    }

    /// Walks maximal runs of digits joined by single spaces, hyphens or dots and classifies each.
    private static func numberMatch(_ b: [UInt8]) -> Kind? {
        var index = 0
        while index < b.count {
            guard isDigit(b[index]), index == 0 || !isAlnum(b[index - 1]) else { index += 1; continue }
            let plus = index > 0 && b[index - 1] == UInt8(ascii: "+")
            var digits: [UInt8] = []
            var shape: [UInt8] = []
            var end = index
            while end < b.count {
                if isDigit(b[end]) {
                    digits.append(b[end] - 0x30)
                    shape.append(UInt8(ascii: "9"))
                } else if b[end] == UInt8(ascii: " ") || b[end] == UInt8(ascii: "-") || b[end] == UInt8(ascii: "."),
                          end + 1 < b.count, isDigit(b[end + 1]) {
                    shape.append(b[end])
                } else {
                    break
                }
                end += 1
            }
            if end < b.count, isAlnum(b[end]) { index = end; continue }
            if let kind = classify(digits: digits, shape: shape, plus: plus) { return kind }
            index = end
        }
        return nil
    }

    private static func classify(digits: [UInt8], shape: [UInt8], plus: Bool) -> Kind? {
        if plus && (8...15).contains(digits.count) { return .phoneNumber }
        if shape == ssnShape { return .nationalId }
        if digits.count == 10, digits[0] == 0, digits[1] != 0 { return .phoneNumber }
        if digits.count == 15, digits[0] == 1 || digits[0] == 2, nirKeyIsValid(digits) { return .nationalId }
        if (13...19).contains(digits.count), luhn(digits) { return .cardNumber }
        return nil
    }

    private static let ssnShape = Array("999-99-9999".utf8)

    private static func luhn(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            let value = Int(digit) * (offset % 2 == 1 ? 2 : 1)
            sum += value > 9 ? value - 9 : value
        }
        return sum % 10 == 0
    }

    /// French NIR: the last two digits are 97 minus the first thirteen modulo 97.
    private static func nirKeyIsValid(_ digits: [UInt8]) -> Bool {
        var remainder = 0
        for digit in digits.prefix(13) { remainder = (remainder * 10 + Int(digit)) % 97 }
        return 97 - remainder == Int(digits[13]) * 10 + Int(digits[14])
    }
}
