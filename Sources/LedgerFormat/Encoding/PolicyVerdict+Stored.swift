/// Reading a verdict back from an entry's payload (`validation`, FORMAT.md §4.1): what queries,
/// receipts of repeated records and the verifier see, in the same type the policy engine returns.
extension PolicyVerdict {
    static let members: Set<String> = ["findings", "flags", "ruleSetVersion", "status"]

    /// Reads a recorded verdict, keeping `json` as it was hashed. Every member of §4.1 must be there
    /// with its type and the status must be a known one; rule ids, severities and flags are taken as
    /// written, so a verdict of a newer rule set reads back and one that breaks §4.1 is reported by
    /// `contradiction` instead of making the entry unreadable.
    package init(json: JSONValue) throws(RecordError) {
        guard case .object(let members) = json else {
            throw RecordError(field: "validation", rule: .wrongType, message: "must be an object, not \(json.typeName)")
        }
        let reader = FieldReader(members: members, path: "validation")
        try reader.rejectUnknown(allowed: Self.members)
        var findings: [Finding] = []
        for (index, element) in try reader.array("findings").enumerated() {
            let path = "validation.findings[\(index)]"
            guard case .object(let members) = element else {
                throw RecordError(field: path, rule: .wrongType, message: "must be an object, not \(element.typeName)")
            }
            let finding = FieldReader(members: members, path: path)
            findings.append(Finding(rule: RuleID(rawValue: try finding.string("rule")), check: try finding.string("check"),
                                    severity: Severity(rawValue: try finding.string("severity")),
                                    message: try finding.string("message"), fields: try finding.strings("fields")))
        }
        self.init(ruleSetVersion: try reader.string("ruleSetVersion"), status: try reader.code("status"), findings: findings,
                  flags: Set(try reader.strings("flags").map(VerdictFlag.init(rawValue:))), json: json)
    }

    /// Reads a verdict the canonical reader produced, with exactly the checks of `init(json:)`; nil
    /// wherever that initialiser would throw, so the general path can name the problem.
    package init?(canonical json: JSONValue) {
        guard case .object(let members) = json, members.allSatisfy({ Self.members.contains($0.key) }),
              case .string(let ruleSetVersion)? = members["ruleSetVersion"], case .string(let statusText)? = members["status"],
              let status = ValidationStatus(rawValue: statusText), case .array(let elements)? = members["findings"],
              case .array(let flagValues)? = members["flags"]
        else { return nil }
        var findings: [Finding] = []
        findings.reserveCapacity(elements.count)
        for element in elements {
            guard case .object(let finding) = element, case .string(let rule)? = finding["rule"], case .string(let check)? = finding["check"],
                  case .string(let severity)? = finding["severity"], case .string(let message)? = finding["message"],
                  case .array(let fieldValues)? = finding["fields"], let fields = Self.strings(fieldValues)
            else { return nil }
            findings.append(Finding(rule: RuleID(rawValue: rule), check: check, severity: Severity(rawValue: severity), message: message, fields: fields))
        }
        guard let flags = Self.strings(flagValues) else { return nil }
        self.init(ruleSetVersion: ruleSetVersion, status: status, findings: findings, flags: Set(flags.map(VerdictFlag.init(rawValue:))), json: json)
    }

    /// The elements when every one is a string, else nil.
    private static func strings(_ values: [JSONValue]) -> [String]? {
        var strings: [String] = []
        strings.reserveCapacity(values.count)
        for value in values {
            guard case .string(let string) = value else { return nil }
            strings.append(string)
        }
        return strings
    }
}
