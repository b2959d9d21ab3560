/// The personal-data screen of rule set 2026.06-R1-R24.1, when R18 only flagged `notes` and the other
/// private members of a transfer (a FAIL finding, the text recorded) and refused registry text, a
/// correction's `reasonNote` and a request's texts.
///
/// Frozen on purpose: the verdicts recorded then replay (`verify --policy`) only while it finds exactly
/// what it found, and the stored texts it let through must still decode. New text is refused by
/// `PersonalDataScreen`, which finds everything this screen finds and more, so an entry accepted now
/// never carries an R18 finding.
package enum R18FlaggingScreen {
    /// A kind of identifier the screen recognised, as its findings named it.
    package enum Kind: Sendable {
        case email, phoneNumber, iban, cardNumber, frenchNIR, usSSN

        /// The words recorded findings used; a NIR and an SSN were both "a national identification number".
        package var recordedDescription: String {
            switch self {
            case .email: "an e-mail address"
            case .phoneNumber: "a phone number"
            case .iban: "an IBAN"
            case .cardNumber: "a payment card number"
            case .frenchNIR, .usSSN: "a national identification number"
            }
        }
    }

    /// The first kind of identifier this screen found in `text`, or nil when it looked clean to it.
    package static func firstMatch(in text: String) -> Kind? {
        // Fast path, taken by almost every reference and key: every pattern needs an '@' or at
        // least eight digits (IBANs included, whose check digits and bank codes are numeric).
        var digitCount = 0
        var hasAt = false
        for byte in text.utf8 {
            if ASCIIByte.isDigit(byte) { digitCount += 1 } else if byte == UInt8(ascii: "@") { hasAt = true }
        }
        guard hasAt || digitCount >= 8 else { return nil }
        return firstMatch(inBytes: Array(text.utf8))
    }

    /// `firstMatch(in:)` past its fast path, for a caller that has already seen an '@' or eight digits.
    package static func firstMatch(inBytes bytes: [UInt8]) -> Kind? {
        if containsEmail(bytes) { return .email }
        if containsIBAN(bytes) { return .iban }
        return numberMatch(bytes)
    }

    private static func containsEmail(_ b: [UInt8]) -> Bool {
        for (at, byte) in b.enumerated() where byte == UInt8(ascii: "@") {
            let localOK = at > 0 && (ASCIIByte.isAlnum(b[at - 1]) || b[at - 1] == UInt8(ascii: "_") || b[at - 1] == UInt8(ascii: "-"))
            guard localOK else { continue }
            // Domain: labels of letters, digits and hyphens with at least one dot and a 2+ letter end.
            var index = at + 1
            var sawDot = false
            var lastLabelLength = 0
            var lastLabelAlpha = true
            while index < b.count, ASCIIByte.isAlnum(b[index]) || b[index] == UInt8(ascii: "-") || b[index] == UInt8(ascii: ".") {
                if b[index] == UInt8(ascii: ".") {
                    sawDot = true
                    lastLabelLength = 0
                    lastLabelAlpha = true
                } else {
                    lastLabelLength += 1
                    if !ASCIIByte.isAlnum(b[index]) || ASCIIByte.isDigit(b[index]) { lastLabelAlpha = false }
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
            guard ASCIIByte.isUpper(b[start]), ASCIIByte.isUpper(b[start + 1]), ASCIIByte.isDigit(b[start + 2]), ASCIIByte.isDigit(b[start + 3]),
                  start == 0 || !ASCIIByte.isAlnum(b[start - 1]) else { continue }
            var characters: [UInt8] = []
            var index = start
            while index < b.count, characters.count < 34 {
                if ASCIIByte.isDigit(b[index]) || ASCIIByte.isUpper(b[index]) {
                    characters.append(b[index])
                } else if b[index] != UInt8(ascii: " ") || index + 1 >= b.count || !ASCIIByte.isAlnum(b[index + 1]) {
                    break
                }
                index += 1
                let atBoundary = index >= b.count || !ASCIIByte.isAlnum(b[index])
                if atBoundary, characters.count >= 15, IdentifierChecksum.ibanRemainder(characters) == 1 { return true }
            }
        }
        return false
    }

    /// Walks maximal runs of digits joined by single spaces, hyphens or dots and classifies each.
    private static func numberMatch(_ b: [UInt8]) -> Kind? {
        var index = 0
        // One pair of buffers for every run: a key or note holds several runs, and most are short.
        var digits: [UInt8] = []
        var shape: [UInt8] = []
        while index < b.count {
            guard ASCIIByte.isDigit(b[index]), index == 0 || !ASCIIByte.isAlnum(b[index - 1]) else { index += 1; continue }
            let plus = index > 0 && b[index - 1] == UInt8(ascii: "+")
            digits.removeAll(keepingCapacity: true)
            shape.removeAll(keepingCapacity: true)
            var end = index
            while end < b.count {
                if ASCIIByte.isDigit(b[end]) {
                    digits.append(b[end] - 0x30)
                    shape.append(UInt8(ascii: "9"))
                } else if b[end] == UInt8(ascii: " ") || b[end] == UInt8(ascii: "-") || b[end] == UInt8(ascii: "."),
                          end + 1 < b.count, ASCIIByte.isDigit(b[end + 1]) {
                    shape.append(b[end])
                } else {
                    break
                }
                end += 1
            }
            if end < b.count, ASCIIByte.isAlnum(b[end]) { index = end; continue }
            if let kind = classify(digits: digits, shape: shape, plus: plus) { return kind }
            index = end
        }
        return nil
    }

    private static func classify(digits: [UInt8], shape: [UInt8], plus: Bool) -> Kind? {
        if plus && (8...15).contains(digits.count) { return .phoneNumber }
        if shape == ssnShape { return .usSSN }
        if digits.count == 10, digits[0] == 0, digits[1] != 0 { return .phoneNumber }
        if digits.count == 15, digits[0] == 1 || digits[0] == 2, IdentifierChecksum.nirKeyIsValid(digits) { return .frenchNIR }
        if (13...19).contains(digits.count), IdentifierChecksum.luhn(digits) { return .cardNumber }
        return nil
    }

    private static let ssnShape = Array("999-99-9999".utf8)
}
