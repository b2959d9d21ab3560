/// Text from input made safe to quote in a one-line message on a terminal.
package enum MessageText {
    /// `text` with every character a terminal could act on or a reader could misread written as
    /// `\u{HEX}`: controls (line feeds, ESC, NUL, DEL, …), line and paragraph separators, non-ASCII
    /// spaces, format characters (bidirectional overrides), private-use and unassigned code points.
    /// Printable ASCII and non-ASCII letters, marks, digits, punctuation and symbols stay, so
    /// escaping twice changes nothing and a message never spans lines.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !isShown($0) }) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            if isShown(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return result
    }

    private static func isShown(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return (0x20...0x7E).contains(scalar.value) }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }
}
