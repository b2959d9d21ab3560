/// The structural rules every transfer must pass before it may enter the chain: lengths, syntax,
/// known destinations and consistent times. The legal rules come later, in the policy engine.
public enum StructuralRules {
    /// The longest entity code, service id or destination code accepted.
    public static let maximumCodeLength = 64
    /// The longest reference (mechanism, TIA, contract, Art. 10 basis) or idempotency key accepted.
    public static let maximumReferenceLength = 200
    /// The longest `notes` text accepted.
    public static let maximumNotesLength = 2_000
    /// The most `contractRefs` a transfer may list.
    public static let maximumContractRefs = 32
    /// The most subject links a transfer may carry: a transfer about more people is logged without them.
    public static let maximumSubjectLinks = 100

    /// Checks `transfer` against every structural rule and returns the destination's region at
    /// `occurredAt`, or throws the first rule broken. `screeningFreeText` refuses personal data in
    /// every free-text member (R18, `PersonalDataScreen`); a verifier turns it off, because entries
    /// recorded before that refusal carry an R18 finding instead and must still verify.
    @discardableResult
    public static func check(_ transfer: Transfer, referenceData: ReferenceData = .embedded,
                             screeningFreeText: Bool = true) throws(RecordError) -> Region {
        try checkCode(transfer.exporter.entity, field: "exporter.entity")
        try checkCode(transfer.importer.entity, field: "importer.entity")
        try checkCode(transfer.loggedBy, field: "loggedBy")
        if let onBehalfOf = transfer.onBehalfOf { try checkCode(onBehalfOf, field: "onBehalfOf") }
        try checkText(transfer.idempotencyKey, field: "idempotencyKey", limit: maximumReferenceLength)
        if let text = transfer.mechanismRef { try checkText(text, field: "mechanismRef", limit: maximumReferenceLength) }
        if let text = transfer.tiaRef { try checkText(text, field: "tiaRef", limit: maximumReferenceLength) }
        if let text = transfer.art10Basis { try checkText(text, field: "art10Basis", limit: maximumReferenceLength) }
        if let text = transfer.notes { try checkText(text, field: "notes", limit: maximumNotesLength, allowingLineBreaks: true) }
        if let refs = transfer.contractRefs {
            guard refs.count <= maximumContractRefs else {
                throw RecordError(field: "contractRefs", rule: .tooLong, message: "lists \(refs.count) contracts; at most \(maximumContractRefs) are accepted")
            }
            for (index, ref) in refs.enumerated() {
                try checkText(ref, field: { "contractRefs[\(index)]" }, limit: maximumReferenceLength)
            }
            try checkDistinct(refs, field: "contractRefs")
        }
        if let links = transfer.subjectLinks {
            guard !links.isEmpty else {
                throw RecordError(field: "subjectLinks", rule: .empty, message: "must list at least one token; leave the member out instead")
            }
            guard links.count <= maximumSubjectLinks else {
                throw RecordError(field: "subjectLinks", rule: .tooLong, message: "lists \(links.count) tokens; at most \(maximumSubjectLinks) are accepted")
            }
            try checkDistinct(links.map(\.description), field: "subjectLinks")
        }
        // Personal data is refused outright (R18), not logged as a finding: a chained entry can never
        // be erased, and the public references are disclosed in payloads, reports and CSV besides.
        if screeningFreeText {
            try transfer.forEachFreeText { (field, text) throws(RecordError) in try PersonalDataScreen.refuse(text, field: field()) }
        }

        try checkList(transfer.purposes, field: "purposes", mayBeEmpty: false)
        try checkList(transfer.dataCategories, field: "dataCategories", mayBeEmpty: false)
        try checkList(transfer.subjectCategories, field: "subjectCategories", mayBeEmpty: false)
        try checkList(transfer.specialCategories, field: "specialCategories", mayBeEmpty: true)
        if let measures = transfer.supplementaryMeasures {
            try checkList(measures, field: "supplementaryMeasures", mayBeEmpty: true)
        }

        if let windowEnd = transfer.windowEnd, windowEnd < transfer.occurredAt {
            throw RecordError(field: "windowEnd", rule: .windowBeforeStart,
                              message: "\(windowEnd) is before occurredAt \(transfer.occurredAt)")
        }
        guard let region = referenceData.region(of: transfer.destination, at: transfer.occurredAt) else {
            throw RecordError(field: "destination", rule: .unknownDestination,
                              message: "'\(transfer.destination)' is not an ISO 3166-1 alpha-2 code or a known international organisation code")
        }
        return region
    }

    private static func checkCode(_ code: String, field: String) throws(RecordError) {
        guard !code.isEmpty else { throw RecordError(field: field, rule: .empty, message: "must not be empty") }
        guard code.utf8.count <= maximumCodeLength else {
            throw RecordError(field: field, rule: .tooLong, message: "is \(code.utf8.count) bytes long; at most \(maximumCodeLength) are accepted")
        }
        // Over the contiguous UTF-8 rather than `utf8`'s generic view: every transfer has several codes.
        var contiguous = code
        let allowed = contiguous.withUTF8 { utf8 in
            utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
            }
        }
        guard allowed, let first = code.utf8.first, first.isASCIIAlphanumeric else {
            throw RecordError(field: field, rule: .invalidCode,
                              message: "'\(code)' is not a code: use letters, digits and - _ . : and start with a letter or digit")
        }
    }

    private static func checkText(_ text: String, field: String, limit: Int, allowingLineBreaks: Bool = false) throws(RecordError) {
        try checkText(text, field: { field }, limit: limit, allowingLineBreaks: allowingLineBreaks)
    }

    /// `field` is built only for an error: list elements would otherwise format a name each.
    private static func checkText(_ text: String, field: () -> String, limit: Int, allowingLineBreaks: Bool = false) throws(RecordError) {
        guard !text.isEmpty else { throw RecordError(field: field(), rule: .empty, message: "must not be empty") }
        guard text.utf8.count <= limit else {
            throw RecordError(field: field(), rule: .tooLong, message: "is \(text.utf8.count) bytes long; at most \(limit) are accepted")
        }
        // Bytes, not scalars: a scalar below 0x80 is one UTF-8 byte, and no such byte occurs inside
        // the encoding of another scalar, so this finds exactly the same control characters.
        var contiguous = text
        let hasControl = contiguous.withUTF8 { utf8 in
            utf8.contains { byte in (byte < 0x20 && !(allowingLineBreaks && (byte == 0x0A || byte == 0x09))) || byte == 0x7F }
        }
        guard !hasControl else {
            throw RecordError(field: field(), rule: .invalidCode, message: "contains a control character")
        }
    }

    private static func checkList<Code: LedgerCode>(_ codes: [Code], field: String, mayBeEmpty: Bool) throws(RecordError) {
        guard mayBeEmpty || !codes.isEmpty else {
            throw RecordError(field: field, rule: .empty, message: "must list at least one of \(Code.spellings)")
        }
        if let index = firstRepeat(in: codes) {
            throw RecordError(field: "\(field)[\(index)]", rule: .duplicateValue, message: "'\(codes[index].rawValue)' is listed twice")
        }
    }

    private static func checkDistinct(_ values: [String], field: String) throws(RecordError) {
        if let index = firstRepeat(in: values) {
            throw RecordError(field: "\(field)[\(index)]", rule: .duplicateValue, message: "'\(values[index])' is listed twice")
        }
    }

    /// The index of the first value equal to an earlier one. Lists here are short (at most a few
    /// dozen), so comparing pairs is cheaper than hashing every value into a new Set.
    private static func firstRepeat<Value: Equatable>(in values: [Value]) -> Int? {
        for index in values.indices.dropFirst() where values[..<index].contains(values[index]) {
            return index
        }
        return nil
    }
}

extension UInt8 {
    fileprivate var isASCIIAlphanumeric: Bool {
        (self >= 0x30 && self <= 0x39) || (self >= 0x41 && self <= 0x5A) || (self >= 0x61 && self <= 0x7A)
    }
}
