/// Typed access to the member types registry facts use beyond those of transfers.
extension FieldReader {
    /// A reader for the object `json`, or a `notAnObject` error naming what was expected.
    package static func object(_ json: JSONValue, expected noun: String) throws(RecordError) -> FieldReader {
        guard case .object(let members) = json else {
            throw RecordError(field: "", rule: .notAnObject, message: "\(noun) must be a JSON object, not \(json.typeName)")
        }
        return FieldReader(members: members, path: "")
    }

    func day(_ name: String) throws(RecordError) -> Day {
        let text = try string(name)
        guard let day = Day(text) else {
            throw RecordError(field: fieldPath(name), rule: .malformedTimestamp, message: "'\(text)' is not a date YYYY-MM-DD")
        }
        return day
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws(RecordError) -> Int {
        let value = try value(name)
        guard case .integer(let integer) = value else { throw wrongType(name, expected: "an integer", got: value) }
        guard integer >= Int64(range.lowerBound), integer <= Int64(range.upperBound) else {
            throw RecordError(field: fieldPath(name), rule: .unknownValue, message: "\(integer) is not between \(range.lowerBound) and \(range.upperBound)")
        }
        return Int(integer)
    }

    func optionalString(_ name: String) throws(RecordError) -> String? {
        has(name) ? try string(name) : nil
    }

    func optionalCode<Code: LedgerCode>(_ name: String) throws(RecordError) -> Code? {
        has(name) ? try code(name) : nil
    }

    /// A code that must be a syntactically valid registry code (entity code, document id).
    func reference(_ name: String) throws(RecordError) -> String {
        let text = try string(name)
        try RegistryText.checkCode(text, field: fieldPath(name))
        return text
    }

    func optionalReference(_ name: String) throws(RecordError) -> String? {
        has(name) ? try reference(name) : nil
    }

    /// A list of codes that must not repeat; empty is allowed only when `mayBeEmpty`.
    func distinctCodes<Code: LedgerCode>(_ name: String, mayBeEmpty: Bool = false) throws(RecordError) -> [Code] {
        let list: [Code] = try codes(name)
        try RegistryText.checkList(list.map(\.rawValue), field: fieldPath(name), mayBeEmpty: mayBeEmpty)
        return list
    }

    /// A list of registry codes (entity codes, destination codes) that must not repeat.
    func distinctReferences(_ name: String, mayBeEmpty: Bool = false) throws(RecordError) -> [String] {
        let list = try strings(name)
        for (index, item) in list.enumerated() {
            try RegistryText.checkCode(item, field: fieldPath("\(name)[\(index)]"))
        }
        try RegistryText.checkList(list, field: fieldPath(name), mayBeEmpty: mayBeEmpty)
        return list
    }

    /// A free-text member: bounded, no control characters, screened for personal data (R18).
    func text(_ name: String, limit: Int = RegistryText.maximumTextLength) throws(RecordError) -> String {
        let value = try string(name)
        try RegistryText.checkText(value, field: fieldPath(name), limit: limit)
        return value
    }

    package func optionalText(_ name: String) throws(RecordError) -> String? {
        has(name) ? try text(name) : nil
    }
}
