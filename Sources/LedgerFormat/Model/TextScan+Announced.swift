/// Identifiers too short or too plain to tell from a reference on their own, found after the word
/// that announces them: "born 1984-03-02", "DOB 02/03/1984", "né le 2 mars 1984",
/// "passport no. X1234567", "call 347 123 4567", "BSN 111222333", "personnummer 8112289874".
extension TextScan {
    /// What a word announces.
    enum Announcement {
        case birth, passport, phone, dutchBSN, swedishPersonnummer
    }

    /// Words that announce an identifier when a word is exactly one of them.
    static let announcingWords: [(word: String, announcement: Announcement)] =
        ["born", "dob", "geboren", "geb", "né", "née", "nacido", "nacida", "urodzony", "urodzona"].map { ($0, .birth) }
        + ["phone", "telephone", "tel", "tél", "téléphone", "mobile", "mobil", "mob", "cell", "cellphone", "fax", "call", "gsm",
           "handy", "telefon", "telefono", "teléfono", "portable", "whatsapp"].map { ($0, .phone) }
        + ["bsn", "burgerservicenummer", "sofinummer"].map { ($0, .dutchBSN) }
        + ["personnummer", "personnr"].map { ($0, .swedishPersonnummer) }

    /// Words that announce an identifier when a word starts with one of them ("birthdate", "passports").
    static let announcingPrefixes: [(prefix: String, announcement: Announcement)] =
        [("birth", .birth)] + ["passport", "passeport", "pasaporte", "passaporto", "reisepass", "paspoort", "paszport"].map { ($0, .passport) }

    /// Words skipped between the announcing word and the identifier ("passport no.", "born on", "né le").
    static let fillers: Set<String> = ["no", "nr", "n°", "nº", "number", "num", "nummer", "numéro", "numero", "on", "le", "am", "the",
                                       "is", "was", "date", "of", "de", "id", "me", "at", "vom", "el", "il", "den", "from"]

    /// Month names and their common abbreviations in English, French, German, Spanish and Italian, by their
    /// first three letters.
    static let monthPrefixes = ["jan", "feb", "fév", "mar", "mär", "apr", "avr", "abr", "may", "mai", "mag", "jun", "jui", "jul",
                                "giu", "lug", "aug", "aoû", "ago", "sep", "set", "oct", "okt", "ott", "nov", "dec", "déc", "dez",
                                "dic", "ene", "gen"]

    func announcedMatch() -> PersonalDataScreen.Kind? {
        var index = 0
        while index < words.count {
            var last = index
            var announcement = announcement(of: index)
            // "d.o.b." is three one-letter words.
            if announcement == nil, word(index, is: "d"), word(index + 1, is: "o"), word(index + 2, is: "b") {
                announcement = .birth
                last = index + 2
            }
            if let announcement, let kind = identifier(announcedBy: announcement, at: wordAfterFillers(last + 1)) {
                return kind
            }
            index = last + 1
        }
        return nil
    }

    private func announcement(of index: Int) -> Announcement? {
        let length = words[index].count
        guard length >= 2, length <= 20, ASCIIByte.isLetter(bytes[words[index].lowerBound]) else { return nil }
        if let found = Self.announcingWords.first(where: { word(index, is: $0.word) }) { return found.announcement }
        return Self.announcingPrefixes.first { word(index, startsWith: $0.prefix) }?.announcement
    }

    private func wordAfterFillers(_ index: Int) -> Int {
        var index = index
        for _ in 0..<3 where index < words.count && Self.fillers.contains(where: { word(index, is: $0) }) { index += 1 }
        return index
    }

    private func identifier(announcedBy announcement: Announcement, at index: Int) -> PersonalDataScreen.Kind? {
        guard index < words.count else { return nil }
        let start = words[index].lowerBound
        switch announcement {
        case .birth:
            return dateStarts(at: index) ? .dateOfBirth : nil
        case .passport:
            let range = words[index]
            let characters = bytes[range]
            let shaped = (6...10).contains(range.count) && characters.allSatisfy { ASCIIByte.isDigit($0) || ASCIIByte.isUpper($0) }
            return shaped && characters.filter(ASCIIByte.isDigit).count >= 4 ? .passportNumber : nil
        case .phone:
            guard let run = NumberRun(in: self, at: start), (7...15).contains(run.digitCount), !run.startsWithDate else { return nil }
            return .phoneNumber
        case .dutchBSN:
            guard let run = NumberRun(in: self, at: start), run.digitCount == 9, IdentifierChecksum.elevenTest(run.digits) else { return nil }
            return .dutchBSN
        case .swedishPersonnummer:
            guard let run = NumberRun(in: self, at: start), run.isSwedishPersonnummer(formatted: false) else { return nil }
            return .swedishPersonnummer
        }
    }

    /// Whether a date starts at word `index`: numeric (1984-03-02, 02/03/1984, 2.3.84) or with the
    /// month's name (2 March 1984, March 2, 1984, 2. März 1984).
    func dateStarts(at index: Int) -> Bool {
        if numericDate(at: words[index].lowerBound) { return true }
        let isDay = { (word: Int) in self.word(word, isNumberOf: 1...2) && (1...31).contains(self.number(word)) }
        let isYear = { (word: Int) in self.word(word, isNumberOf: 4...4) && (1900...2099).contains(self.number(word)) }
        return (isDay(index) && isMonthName(index + 1) && isYear(index + 2))
            || (isMonthName(index) && isDay(index + 1) && isYear(index + 2))
    }

    private func isMonthName(_ index: Int) -> Bool {
        guard index < words.count, words[index].count <= 12, ASCIIByte.isLetter(bytes[words[index].lowerBound]) else { return false }
        return Self.monthPrefixes.contains { word(index, startsWith: $0) }
    }

    /// Whether three numbers joined by the same `-`, `/` or `.` starting at byte `offset` form a date,
    /// year first (4 digits) or last (2 or 4 digits), day and month in either order.
    func numericDate(at offset: Int) -> Bool {
        var index = offset
        func number(maximumLength: Int) -> (value: Int, length: Int)? {
            var value = 0, length = 0
            while index < bytes.count, ASCIIByte.isDigit(bytes[index]) {
                guard length < maximumLength else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
                length += 1
                index += 1
            }
            return length == 0 ? nil : (value, length)
        }
        guard let first = number(maximumLength: 4), index < bytes.count else { return false }
        let separator = bytes[index]
        guard separator == UInt8(ascii: "-") || separator == UInt8(ascii: "/") || separator == UInt8(ascii: ".") else { return false }
        index += 1
        guard let second = number(maximumLength: 2), index < bytes.count, bytes[index] == separator else { return false }
        index += 1
        guard let third = number(maximumLength: 4), !continuesWord(at: index) else { return false }
        return Self.isDate(first, second, third)
    }

    /// Whether the three numbers of a written date (with their lengths) can be a calendar date.
    static func isDate(_ first: (value: Int, length: Int), _ second: (value: Int, length: Int), _ third: (value: Int, length: Int)) -> Bool {
        let isDayMonth = { (day: Int, month: Int) in (1...31).contains(day) && (1...12).contains(month) }
        if first.length == 4 { return third.length <= 2 && isDayMonth(third.value, second.value) }
        guard first.length <= 2, third.length == 2 || third.length == 4 else { return false }
        return isDayMonth(first.value, second.value) || isDayMonth(second.value, first.value)
    }
}
