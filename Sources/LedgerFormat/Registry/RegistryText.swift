/// The structural checks on codes and texts inside registry facts and other non-transfer entries.
///
/// They mirror `StructuralRules` for transfers, so a code valid in a transfer is valid in the registry.
enum RegistryText {
    /// The longest free text (legal name, reason) accepted.
    static let maximumTextLength = 200

    static func checkCode(_ code: String, field: String) throws(RecordError) {
        guard !code.isEmpty else { throw RecordError(field: field, rule: .empty, message: "must not be empty") }
        guard code.utf8.count <= StructuralRules.maximumCodeLength else {
            throw RecordError(field: field, rule: .tooLong,
                              message: "is \(code.utf8.count) bytes long; at most \(StructuralRules.maximumCodeLength) are accepted")
        }
        var first = true
        for byte in code.utf8 {
            let alphanumeric = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            let punctuation = byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "/")
            guard alphanumeric || (!first && punctuation) else {
                throw RecordError(field: field, rule: .invalidCode,
                                  message: "'\(code)' is not a code: use letters, digits and - _ . : / and start with a letter or digit")
            }
            first = false
        }
    }

    static func checkText(_ text: String, field: String, limit: Int) throws(RecordError) {
        guard !text.isEmpty else { throw RecordError(field: field, rule: .empty, message: "must not be empty") }
        guard text.utf8.count <= limit else {
            throw RecordError(field: field, rule: .tooLong, message: "is \(text.utf8.count) bytes long; at most \(limit) are accepted")
        }
        guard !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw RecordError(field: field, rule: .invalidCode, message: "contains a control character")
        }
        // Decoders read stored entries too, which only the screen of their day had seen; new text meets
        // the wider screen when it is recorded (`refuse(_:)` on each entry kind's `freeText`).
        try PersonalDataScreen.refuseAsRecordedBefore(text, field: field)
    }

    static func checkList(_ values: [String], field: String, mayBeEmpty: Bool) throws(RecordError) {
        guard mayBeEmpty || !values.isEmpty else {
            throw RecordError(field: field, rule: .empty, message: "must list at least one value")
        }
        var seen: Set<String> = []
        for (index, value) in values.enumerated() where !seen.insert(value).inserted {
            throw RecordError(field: "\(field)[\(index)]", rule: .duplicateValue, message: "'\(value)' is listed twice")
        }
    }
}
