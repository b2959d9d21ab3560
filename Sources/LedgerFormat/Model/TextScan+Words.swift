/// Identifiers recognised by the shape of words: obfuscated e-mail addresses, IPv6 addresses, and
/// the codice fiscale and DNI/NIE, whose check character is a letter.
extension TextScan {
    /// Endings an address written `name at example dot com` may have: without brackets around "at",
    /// only a country code or one of these makes "at … dot …" an address rather than a sentence.
    static let genericTopLevelDomains: Set<String> = ["com", "org", "net", "edu", "gov", "int", "info", "biz", "io", "app", "dev", "mail"]

    /// `name (at) example.com`, `name[at]example[dot]com`, `name at example dot com`.
    func containsObfuscatedEmail() -> Bool {
        for index in words.indices.dropFirst() where word(index, is: "at") {
            guard let at = marker(around: index), gapIsBlank(words[index - 1].upperBound, at.start) else { continue }
            var label = index + 1
            guard label < words.count, gapIsBlank(at.end, words[label].lowerBound) else { continue }
            var labels = 1
            var obfuscatedDots = 0
            while label + 1 < words.count {
                let gap = bytes[words[label].upperBound..<words[label + 1].lowerBound]
                if gap.elementsEqual([UInt8(ascii: "-")]) {
                    label += 1
                } else if gap.elementsEqual([UInt8(ascii: ".")]) {
                    label += 1
                    labels += 1
                } else if word(label + 1, is: "dot"), let dot = marker(around: label + 1), gapIsBlank(words[label].upperBound, dot.start),
                          label + 2 < words.count, gapIsBlank(dot.end, words[label + 2].lowerBound) {
                    label += 2
                    labels += 1
                    obfuscatedDots += 1
                } else {
                    break
                }
            }
            let ending = words[label]
            guard labels >= 2, (2...6).contains(ending.count), bytes[ending].allSatisfy(ASCIIByte.isLetter) else { continue }
            if at.bracketed { return true }
            let generic = Self.genericTopLevelDomains.contains { word(label, is: $0) }
            if obfuscatedDots > 0, ending.count == 2 || generic { return true }
        }
        return false
    }

    /// The bytes a spelt-out "at" or "dot" occupies with its brackets, `(at)`, `[dot]`, or with the
    /// spaces around it when bare; nil when it is neither.
    private func marker(around index: Int) -> (start: Int, end: Int, bracketed: Bool)? {
        let range = words[index]
        guard range.lowerBound > 0, range.upperBound < bytes.count else { return nil }
        let opening = bytes[range.lowerBound - 1], closing = bytes[range.upperBound]
        let pairs: [(UInt8, UInt8)] = [(0x28, 0x29), (0x5B, 0x5D), (0x7B, 0x7D), (0x3C, 0x3E)]
        if pairs.contains(where: { $0.0 == opening && $0.1 == closing }) {
            return (range.lowerBound - 1, range.upperBound + 1, true)
        }
        if opening == UInt8(ascii: " "), closing == UInt8(ascii: " ") { return (range.lowerBound, range.upperBound, false) }
        return nil
    }

    /// Whether the bytes between two offsets are at most one space.
    private func gapIsBlank(_ from: Int, _ to: Int) -> Bool {
        from <= to && to - from <= 1 && bytes[from..<to].allSatisfy { $0 == UInt8(ascii: " ") }
    }

    /// Hexadecimal groups joined by colons: eight groups, or fewer around one `::` (at least two groups).
    func containsIPv6() -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let before = index > 0 ? bytes[index - 1] : 0
            guard ASCIIByte.isHexDigit(byte) || byte == UInt8(ascii: ":"), !ASCIIByte.isAlnum(before), before != UInt8(ascii: ":") else {
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, ASCIIByte.isHexDigit(bytes[end]) || bytes[end] == UInt8(ascii: ":") { end += 1 }
            if !continuesWord(at: end), Self.isIPv6(bytes[index..<end]) { return true }
            index = end + 1
        }
        return false
    }

    private static func isIPv6(_ characters: ArraySlice<UInt8>) -> Bool {
        let groups = characters.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard groups.count >= 3, groups.allSatisfy({ $0.count <= 4 }) else { return false }
        let filled = groups.filter { !$0.isEmpty }.count
        let doubleColons = zip(characters, characters.dropFirst()).filter { $0 == UInt8(ascii: ":") && $1 == UInt8(ascii: ":") }.count
        if doubleColons == 0 { return groups.count == 8 && filled == 8 }
        guard doubleColons == 1, (2...7).contains(filled) else { return false }
        // Only the "::" may leave a group empty.
        let interior = groups.dropFirst().dropLast()
        return interior.filter(\.isEmpty).count <= 1
    }

    /// Codice fiscale (16 characters with its check letter) or DNI/NIE (8 digits, or X, Y, Z and 7,
    /// then the check letter, attached or after one `-` or space).
    func lettersAndDigitsMatch() -> PersonalDataScreen.Kind? {
        for index in words.indices {
            let range = words[index]
            if range.count == 16, Self.isItalianFiscalCode(bytes[range].map { ASCIIByte.isLower($0) ? $0 - 0x20 : $0 }) {
                return .italianFiscalCode
            }
            if range.count == 9, Self.isSpanishID(bytes[range]) { return .spanishDNI }
            if range.count == 8, word(index, isNumberOf: 8...8), index + 1 < words.count, words[index + 1].count == 1,
               words[index + 1].lowerBound - range.upperBound == 1,
               [UInt8(ascii: "-"), UInt8(ascii: " ")].contains(bytes[range.upperBound]),
               Self.isSpanishID(bytes[range] + [bytes[words[index + 1].lowerBound]]) {
                return .spanishDNI
            }
        }
        return nil
    }

    private static func isSpanishID(_ characters: ArraySlice<UInt8>) -> Bool {
        guard characters.count == 9, let letter = characters.last, ASCIIByte.isUpper(letter) else { return false }
        var body = Array(characters.dropLast())
        if let nie = [UInt8(ascii: "X"), UInt8(ascii: "Y"), UInt8(ascii: "Z")].firstIndex(of: body[0]) {
            body[0] = UInt8(ascii: "0") + UInt8(nie)
        }
        guard body.allSatisfy(ASCIIByte.isDigit) else { return false }
        return IdentifierChecksum.dniLetter(body.reduce(0) { $0 * 10 + Int($1 - 0x30) }) == letter
    }

    /// Surname and name (6 letters), year (2), month (a letter of ABCDEHLMPRST), day (2), birthplace
    /// (a letter and 3), check letter; a digit may be replaced by one of LMNPQRSTUV (omocodia).
    private static func isItalianFiscalCode(_ characters: [UInt8]) -> Bool {
        let months = Array("ABCDEHLMPRST".utf8), omocodes = Array("LMNPQRSTUV".utf8)
        let isDigitLike = { (byte: UInt8) in ASCIIByte.isDigit(byte) || omocodes.contains(byte) }
        for (offset, byte) in characters.enumerated() {
            let fits = switch offset {
            case 0...5, 11, 15: ASCIIByte.isUpper(byte)
            case 8: months.contains(byte)
            default: isDigitLike(byte)
            }
            guard fits else { return false }
        }
        return IdentifierChecksum.codiceFiscaleLetter(characters[0..<15]) == characters[15]
    }
}
