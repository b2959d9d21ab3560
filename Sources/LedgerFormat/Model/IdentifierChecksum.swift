/// The check-digit algorithms of the identifiers the personal-data screens recognise. A checksum is
/// what tells an identifier from an ordinary number of the same length, so each screen asks for it.
/// Digits are values 0…9, not ASCII.
enum IdentifierChecksum {
    /// Luhn (ISO/IEC 7812-1): payment cards, Swedish personnummer.
    static func luhn(_ digits: some BidirectionalCollection<UInt8>) -> Bool {
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            let value = Int(digit) * (offset % 2 == 1 ? 2 : 1)
            sum += value > 9 ? value - 9 : value
        }
        return sum % 10 == 0
    }

    /// ISO 13616 (IBAN) over ASCII characters: the first four moved to the end, letters become 10…35,
    /// remainder mod 97; a valid IBAN gives 1.
    static func ibanRemainder(_ characters: [UInt8]) -> Int {
        var remainder = 0
        for byte in characters.dropFirst(4) + characters.prefix(4) {
            if byte >= 0x30 && byte <= 0x39 {
                remainder = (remainder * 10 + Int(byte - 0x30)) % 97
            } else {
                remainder = (remainder * 100 + Int(byte - 0x41 + 10)) % 97
            }
        }
        return remainder
    }

    /// The digits read as one decimal number, after the digits of `prefix`, modulo `modulus`.
    static func remainder(_ digits: some Collection<UInt8>, modulo modulus: Int, prefix: Int = 0) -> Int {
        digits.reduce(prefix % modulus) { ($0 * 10 + Int($1)) % modulus }
    }

    /// French NIR: the last two digits are 97 minus the first thirteen modulo 97.
    static func nirKeyIsValid(_ digits: [UInt8]) -> Bool {
        digits.count == 15 && 97 - remainder(digits.prefix(13), modulo: 97) == Int(digits[13]) * 10 + Int(digits[14])
    }

    /// ISO 7064 MOD 11,10 check digit (German Steuer-ID) of `digits`.
    static func mod11_10CheckDigit(_ digits: some Collection<UInt8>) -> UInt8 {
        var product = 10
        for digit in digits {
            var sum = (Int(digit) + product) % 10
            if sum == 0 { sum = 10 }
            product = (sum * 2) % 11
        }
        let check = 11 - product
        return UInt8(check == 10 ? 0 : check)
    }

    /// Dutch "11-test" (BSN): 9·d1 + 8·d2 + … + 2·d8 − d9 is a non-zero multiple of 11.
    static func elevenTest(_ digits: [UInt8]) -> Bool {
        guard digits.count == 9 else { return false }
        var sum = -Int(digits[8])
        for (index, digit) in digits.prefix(8).enumerated() { sum += (9 - index) * Int(digit) }
        return sum != 0 && sum % 11 == 0
    }

    /// Polish PESEL: weights 1 3 7 9 repeated over the first ten digits; the eleventh makes the sum end in 0.
    static func peselIsValid(_ digits: [UInt8]) -> Bool {
        guard digits.count == 11 else { return false }
        let weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
        let sum = zip(digits, weights).reduce(0) { $0 + Int($1.0) * $1.1 }
        return (10 - sum % 10) % 10 == Int(digits[10])
    }

    /// Belgian national number: the last two digits are 97 minus the first nine modulo 97, with a 2
    /// put before the nine for people born in 2000 or later.
    static func belgianCheckIsValid(_ digits: [UInt8]) -> Bool {
        guard digits.count == 11 else { return false }
        let check = Int(digits[9]) * 10 + Int(digits[10])
        let body = digits.prefix(9)
        return 97 - remainder(body, modulo: 97) == check || 97 - remainder(body, modulo: 97, prefix: 2) == check
    }

    /// The check letter of a Spanish DNI number (a NIE's X, Y, Z counts as 0, 1, 2 in front).
    static func dniLetter(_ number: Int) -> UInt8 {
        Array("TRWAGMYFPDXBNJZSQVHLCKE".utf8)[number % 23]
    }

    /// The check letter of an Italian codice fiscale's first fifteen characters (uppercase ASCII):
    /// characters in odd positions (1st, 3rd, …) are mapped through a fixed table, those in even
    /// positions by their value, and the sum modulo 26 is the letter.
    static func codiceFiscaleLetter(_ characters: ArraySlice<UInt8>) -> UInt8 {
        let odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
        var sum = 0
        for (offset, byte) in characters.enumerated() {
            let value = byte <= 0x39 ? Int(byte - 0x30) : Int(byte - 0x41)
            sum += offset % 2 == 0 ? odd[value] : value
        }
        return UInt8(0x41 + sum % 26)
    }
}
