/// One text's bytes and words, scanned by the detectors `R18FlaggingScreen` does not have: obfuscated
/// e-mail addresses, IP addresses, identifiers announced by a word (date of birth, passport, phone,
/// BSN), identifiers with check characters among letters (codice fiscale, DNI/NIE), and phone and
/// national numbers in digit runs.
struct TextScan {
    let bytes: [UInt8]
    /// The words: maximal runs of ASCII letters and digits and non-ASCII bytes, as byte ranges.
    let words: [Range<Int>]

    /// The scan of `bytes`; their words are found only `findingWords`, for the detectors that read
    /// words (most texts that get this far only need their digit runs read).
    init(_ bytes: [UInt8], findingWords: Bool) {
        self.bytes = bytes
        guard findingWords else {
            words = []
            return
        }
        var words: [Range<Int>] = []
        var start: Int?
        for (index, byte) in bytes.enumerated() {
            if ASCIIByte.isAlnum(byte) || byte >= 0x80 {
                if start == nil { start = index }
            } else if let first = start {
                words.append(first..<index)
                start = nil
            }
        }
        if let first = start { words.append(first..<bytes.count) }
        self.words = words
    }

    /// The first identifier found by the detectors `signals` leaves possible, in a fixed order.
    func firstMatch(_ signals: TextSignals) -> PersonalDataScreen.Kind? {
        if signals.hasAtWord, containsObfuscatedEmail() { return .email }
        if signals.colons >= 2, containsIPv6() { return .ipAddress }
        if signals.hasCheckLetterShape, let kind = lettersAndDigitsMatch() { return kind }
        guard signals.digits >= 4 else { return nil }
        if signals.dots >= 3, containsIPv4() { return .ipAddress }
        if signals.hasAnnouncingWord, let kind = announcedMatch() { return kind }
        return signals.digits >= 8 ? numberRunMatch() : nil
    }

    // MARK: Words

    /// Whether word `index` spells `lowercase` (ASCII letters compared without case).
    func word(_ index: Int, is lowercase: String) -> Bool {
        guard index >= 0, index < words.count else { return false }
        let range = words[index]
        guard range.count == lowercase.utf8.count else { return false }
        return zip(bytes[range], lowercase.utf8).allSatisfy { ASCIIByte.lowercased($0) == $1 }
    }

    /// Whether word `index` starts with `lowercase`.
    func word(_ index: Int, startsWith lowercase: String) -> Bool {
        guard index >= 0, index < words.count else { return false }
        let range = words[index]
        guard range.count >= lowercase.utf8.count else { return false }
        return zip(bytes[range], lowercase.utf8).allSatisfy { ASCIIByte.lowercased($0) == $1 }
    }

    /// Whether word `index` is made of digits only, with a length in `lengths`.
    func word(_ index: Int, isNumberOf lengths: ClosedRange<Int>) -> Bool {
        guard index >= 0, index < words.count else { return false }
        let range = words[index]
        return lengths.contains(range.count) && bytes[range].allSatisfy(ASCIIByte.isDigit)
    }

    /// The value of a word made of digits only.
    func number(_ index: Int) -> Int {
        bytes[words[index]].reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    /// The digits' values in `range`, skipping every other byte.
    func digits(in range: Range<Int>) -> [UInt8] {
        bytes[range].filter(ASCIIByte.isDigit).map { $0 - 0x30 }
    }

    /// Whether the byte before `index` is a letter or digit (so a match starting there is inside a word).
    func continuesWord(before index: Int) -> Bool {
        index > 0 && ASCIIByte.isAlnum(bytes[index - 1])
    }

    /// Whether the byte at `index` is a letter or digit (so a match ending there is inside a word).
    func continuesWord(at index: Int) -> Bool {
        index < bytes.count && ASCIIByte.isAlnum(bytes[index])
    }

    /// The index of the word that starts at byte `offset`, if one does.
    func wordIndex(startingAt offset: Int) -> Int? {
        var low = 0, high = words.count
        while low < high {
            let middle = (low + high) / 2
            if words[middle].lowerBound < offset { low = middle + 1 } else { high = middle }
        }
        return low < words.count && words[low].lowerBound == offset ? low : nil
    }
}
