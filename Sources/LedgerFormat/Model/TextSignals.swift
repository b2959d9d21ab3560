/// What one pass over a text's bytes tells about which personal-data detectors could match, so that
/// the text is only scanned word by word when one could: the screen runs on every free-text field of
/// every transfer recorded, and almost none holds anything.
struct TextSignals {
    private(set) var digits = 0
    private(set) var colons = 0
    private(set) var dots = 0
    private(set) var hasAtSign = false
    /// The word "at" on its own, as in `name (at) example dot com`.
    private(set) var hasAtWord = false
    /// A word that may announce an identifier ("born", "passport", "tel", …): its first two
    /// letters and length are those of one (`TextScan.announcingWords` and `announcingPrefixes`).
    private(set) var hasAnnouncingWord = false
    /// A word of 9 or 16 characters mixing letters and digits, or 8 digits and a lone letter after
    /// one separator: the shapes of a DNI/NIE and a codice fiscale.
    private(set) var hasCheckLetterShape = false

    /// Reads `text` once, and its words a second time only when it holds four digits or more: the
    /// fewest any identifier announced by a word or written with a check letter has.
    init(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            countCharacters(bytes)
            guard digits >= 4 else { return }
            Self.announcingLengths.withUnsafeBufferPointer { table in readWords(bytes, table: table) }
        }
    }

    /// Whether `R18FlaggingScreen` could find something: it needs an '@' or eight digits.
    var mayHoldOldKinds: Bool { hasAtSign || digits >= 8 }

    /// Whether the detectors that could find something read words, not only bytes and digit runs.
    var needsWords: Bool { hasAtWord || hasCheckLetterShape || hasAnnouncingWord || dots >= 3 }

    /// Whether any detector of `TextScan` could find something.
    var needsScan: Bool {
        hasAtWord || colons >= 2 || digits >= 8 || hasCheckLetterShape || (digits >= 4 && (dots >= 3 || hasAnnouncingWord))
    }

    private mutating func countCharacters(_ bytes: UnsafeBufferPointer<UInt8>) {
        // The last three bytes, to see the word "at" end: a non-letter, 'a', 't', then this non-letter.
        var last: (UInt8, UInt8, UInt8) = (0x20, 0x20, 0x20)
        for byte in bytes {
            if ASCIIByte.isDigit(byte) {
                digits += 1
            } else if byte == UInt8(ascii: ".") {
                dots += 1
            } else if byte == UInt8(ascii: ":") {
                colons += 1
            } else if byte == UInt8(ascii: "@") {
                hasAtSign = true
            }
            if last.2 | 0x20 == UInt8(ascii: "t") { noteAtWord(last, next: byte) }
            last = (last.1, last.2, byte)
        }
        if last.2 | 0x20 == UInt8(ascii: "t") { noteAtWord(last, next: 0x20) }
    }

    private mutating func noteAtWord(_ last: (UInt8, UInt8, UInt8), next: UInt8) {
        let isLetter = { (byte: UInt8) in ASCIIByte.isLetter(byte) || byte >= 0x80 }
        if last.1 | 0x20 == UInt8(ascii: "a"), !isLetter(last.0), !isLetter(next) { hasAtWord = true }
    }

    private mutating func readWords(_ bytes: UnsafeBufferPointer<UInt8>, table: UnsafeBufferPointer<UInt64>) {
        var letters = 0, first = 0, second = Self.none
        var word = 0, wordLetters = false, wordDigits = false
        // The word before the current one and the bytes since it: an 8-digit word, one separator, a letter.
        var eightDigitsBefore = false, gap = 0
        for index in 0...bytes.count {
            let byte: UInt8 = index < bytes.count ? bytes[index] : 0x20
            let isLetter = ASCIIByte.isLetter(byte) || byte >= 0x80
            let isDigit = ASCIIByte.isDigit(byte)
            if isLetter {
                letters += 1
                if letters == 1 { first = Self.letterIndex(byte) } else if letters == 2 { second = Self.letterIndex(byte) }
            } else if letters > 0 {
                if table[first * 28 + (letters > 1 ? second : Self.none)] & (1 << UInt64(min(letters, 63))) != 0 { hasAnnouncingWord = true }
                letters = 0
            }
            if isLetter || isDigit {
                word += 1
                wordLetters = wordLetters || isLetter
                wordDigits = wordDigits || isDigit
            } else if word > 0 {
                if word == 9 || word == 16, wordLetters, wordDigits { hasCheckLetterShape = true }
                if word == 1, wordLetters, eightDigitsBefore, gap == 1 { hasCheckLetterShape = true }
                eightDigitsBefore = word == 8 && !wordLetters
                gap = 1
                word = 0
                wordLetters = false
                wordDigits = false
            } else {
                gap += 1
            }
        }
    }

    /// 0…25 for an ASCII letter in either case, 26 for any other byte (non-ASCII), 27 for none.
    private static func letterIndex(_ byte: UInt8) -> Int {
        ASCIIByte.isLetter(byte) ? Int((byte | 0x20) - 0x61) : 26
    }
    private static let none = 27

    /// For each pair of first letters, the lengths (bit n for n bytes, bit 63 for 63 or more) of the
    /// announcing words that start with it, from `TextScan`'s lists, and "d" for "d.o.b.".
    private static let announcingLengths: [UInt64] = {
        var table = [UInt64](repeating: 0, count: 28 * 28)
        func add(_ word: String, orLonger: Bool) {
            let bytes = Array(word.utf8)
            let index = letterIndex(bytes[0]) * 28 + (bytes.count > 1 ? letterIndex(bytes[1]) : none)
            for length in min(bytes.count, 63)...(orLonger ? 63 : min(bytes.count, 63)) { table[index] |= 1 << UInt64(length) }
        }
        for (word, _) in TextScan.announcingWords { add(word, orLonger: false) }
        for (prefix, _) in TextScan.announcingPrefixes { add(prefix, orLonger: true) }
        add("d", orLonger: false)
        return table
    }()
}
