/// Finds identifiers in free text that would put personal data into the ledger (rule R18), so that
/// the text is refused before anything is written: a chained entry can never be erased.
///
/// It recognises e-mail addresses (also written `name (at) example dot com`), phone numbers, IBANs
/// (mod-97), payment cards (Luhn), IPv4 and IPv6 addresses, dates of birth and passport numbers next
/// to the words that announce them, and national identifiers by their check digits: FR NIR, US SSN,
/// DE Steuer-ID, IT codice fiscale, ES DNI/NIE, NL BSN (after "BSN"), BE national number, PL PESEL
/// and SE personnummer. It finds everything `R18FlaggingScreen` found, so no entry accepted now can
/// carry the R18 finding of the older rule set. It reports what kind of identifier it saw, never the
/// identifier itself.
package enum PersonalDataScreen {
    /// A kind of identifier the screen recognises.
    public enum Kind: String, CaseIterable, Sendable, CustomStringConvertible {
        case email, phoneNumber, iban, cardNumber, ipAddress, dateOfBirth, passportNumber
        case frenchNIR, usSSN, germanTaxID, italianFiscalCode, spanishDNI, dutchBSN, belgianNationalNumber
        case polishPESEL, swedishPersonnummer

        public var description: String {
            switch self {
            case .email: "an e-mail address"
            case .phoneNumber: "a phone number"
            case .iban: "an IBAN"
            case .cardNumber: "a payment card number"
            case .ipAddress: "an IP address"
            case .dateOfBirth: "a date of birth"
            case .passportNumber: "a passport number"
            case .frenchNIR: "a French social security number (NIR)"
            case .usSSN: "a US social security number"
            case .germanTaxID: "a German tax identification number (Steuer-ID)"
            case .italianFiscalCode: "an Italian codice fiscale"
            case .spanishDNI: "a Spanish DNI or NIE"
            case .dutchBSN: "a Dutch citizen service number (BSN)"
            case .belgianNationalNumber: "a Belgian national number"
            case .polishPESEL: "a Polish PESEL"
            case .swedishPersonnummer: "a Swedish personnummer"
            }
        }

        init(_ recognised: R18FlaggingScreen.Kind) {
            switch recognised {
            case .email: self = .email
            case .phoneNumber: self = .phoneNumber
            case .iban: self = .iban
            case .cardNumber: self = .cardNumber
            case .frenchNIR: self = .frenchNIR
            case .usSSN: self = .usSSN
            }
        }
    }

    /// Refuses `text` as the value of `field` when it holds an identifier; the error names the field,
    /// the kind found and rule R18, never the value, because the error text may itself end up in logs.
    public static func refuse(_ text: String, field: @autoclosure () -> String) throws(RecordError) {
        guard let kind = firstMatch(in: text) else { return }
        throw refusal(field: field(), kind: kind)
    }

    /// Refuses the first of `texts` (field path, text) that holds an identifier.
    public static func refuse(_ texts: [(field: String, text: String)]) throws(RecordError) {
        for (field, text) in texts { try refuse(text, field: field) }
    }

    /// Refuses only what `R18FlaggingScreen` found, naming the kind as `refuse` does: the decoders
    /// use it, because they also read stored entries, whose text the wider screen may not have seen.
    package static func refuseAsRecordedBefore(_ text: String, field: @autoclosure () -> String) throws(RecordError) {
        guard let recognised = R18FlaggingScreen.firstMatch(in: text) else { return }
        throw refusal(field: field(), kind: firstMatch(in: text) ?? Kind(recognised))
    }

    private static func refusal(field: String, kind: Kind) -> RecordError {
        RecordError(field: field, rule: .personalData,
                    message: "looks like it contains personal data (\(kind.description)); the ledger keeps no personal data in free text")
    }

    /// The first kind of identifier found in `text`, or nil when it looks clean.
    public static func firstMatch(in text: String) -> Kind? {
        // Fast path, taken by almost every key, reference and note: one pass over the bytes tells
        // which detectors could match at all (an '@', the word "at", enough digits, colons or dots,
        // a word that announces an identifier), and most texts need none.
        let signals = TextSignals(text)
        guard signals.mayHoldOldKinds || signals.needsScan else { return nil }
        let bytes = Array(text.utf8)
        // The old screen's own fast path is `mayHoldOldKinds`, counted the same way.
        if signals.mayHoldOldKinds, let recognised = R18FlaggingScreen.firstMatch(inBytes: bytes) { return Kind(recognised) }
        return signals.needsScan ? TextScan(bytes, findingWords: signals.needsWords).firstMatch(signals) : nil
    }
}
