/// A policy verdict as recorded in a transfer's payload (`validation`): kept as the exact JSON that was
/// hashed, with the parts queries and verification read.
public struct StoredVerdict: Hashable, Sendable {
    /// The verdict's JSON, member for member as hashed.
    public let json: JSONValue
    /// The recorded status.
    public let status: ValidationStatus
    /// The ids of the rules with findings, in order, without repeats.
    public let rules: [String]
    /// The recorded findings, as compliance officers read them.
    public let findings: [(severity: String, rule: String, message: String)]

    /// Wraps a verdict the policy engine just produced.
    public init(_ verdict: PolicyVerdict) {
        json = verdict.jsonValue
        status = verdict.status
        rules = verdict.rules.map(\.rawValue)
        findings = verdict.findings.map { ($0.severity.rawValue, $0.rule.rawValue, $0.message) }
    }

    /// Reads a recorded verdict, checking the members queries and verification depend on.
    init(json: JSONValue) throws(RecordError) {
        guard case .object(let members) = json else {
            throw RecordError(field: "validation", rule: .wrongType, message: "must be an object, not \(json.typeName)")
        }
        let reader = FieldReader(members: members, path: "validation")
        try reader.rejectUnknown(allowed: ["findings", "flags", "ruleSetVersion", "status"])
        _ = try reader.string("ruleSetVersion")
        status = try reader.code("status")
        var rules: [String] = []
        var findings: [(severity: String, rule: String, message: String)] = []
        for (index, element) in try reader.array("findings").enumerated() {
            let finding = FieldReader(members: element.objectValue ?? [:], path: "validation.findings[\(index)]")
            let rule = try finding.string("rule")
            if !rules.contains(rule) { rules.append(rule) }
            findings.append((try finding.string("severity"), rule, try finding.string("message")))
        }
        self.json = json
        self.rules = rules
        self.findings = findings
    }

    public static func == (lhs: StoredVerdict, rhs: StoredVerdict) -> Bool { lhs.json == rhs.json }

    public func hash(into hasher: inout Hasher) { hasher.combine(CanonicalJSON.encode(json)) }
}
