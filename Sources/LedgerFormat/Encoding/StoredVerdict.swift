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
    package init(json: JSONValue) throws(RecordError) {
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

    /// What contradicts FORMAT.md §4.1's rule linking the status to the findings' severities, or nil:
    /// every severity is `FAIL` or `WARN`, and the status is `nonCompliant` with a FAIL,
    /// `compliantWithWarnings` with WARNs only, `compliant` with no finding; `exceptionApproved` is
    /// never recorded in format version 1.
    public var contradiction: String? {
        var fails = 0, warnings = 0
        for finding in findings {
            switch Severity(rawValue: finding.severity) {
            case .fail: fails += 1
            case .warn: warnings += 1
            case nil: return "a finding of rule \(finding.rule) has severity '\(finding.severity)', not FAIL or WARN (FORMAT.md §4.1)"
            }
        }
        let expected = ValidationStatus(failures: fails, warnings: warnings)
        guard status != expected else { return nil }
        return "the verdict's status \(status.rawValue) contradicts its findings (\(fails) FAIL, \(warnings) WARN), which give \(expected.rawValue) (FORMAT.md §4.1)"
    }

    public static func == (lhs: StoredVerdict, rhs: StoredVerdict) -> Bool { lhs.json == rhs.json }

    public func hash(into hasher: inout Hasher) { hasher.combine(CanonicalJSON.encode(json)) }
}

extension StoredVerdict {
    static let members: Set<String> = ["findings", "flags", "ruleSetVersion", "status"]

    /// Reads a verdict the canonical reader produced, with exactly the checks of `init(json:)`; nil
    /// wherever that initialiser would throw, so the general path can name the problem.
    package init?(canonical json: JSONValue) {
        guard case .object(let members) = json, members.allSatisfy({ Self.members.contains($0.key) }),
              case .string? = members["ruleSetVersion"], case .string(let statusText)? = members["status"],
              let status = ValidationStatus(rawValue: statusText), case .array(let elements)? = members["findings"]
        else { return nil }
        var rules: [String] = []
        var findings: [(severity: String, rule: String, message: String)] = []
        for element in elements {
            guard case .object(let finding) = element, case .string(let rule)? = finding["rule"],
                  case .string(let severity)? = finding["severity"], case .string(let message)? = finding["message"]
            else { return nil }
            if !rules.contains(rule) { rules.append(rule) }
            findings.append((severity, rule, message))
        }
        self.json = json
        self.status = status
        self.rules = rules
        self.findings = findings
    }
}

/// The verdicts one decoder has read, by their canonical bytes. A ledger repeats a few hundred
/// distinct verdicts over its entries, so most are found here instead of parsed; equal bytes read
/// as equal verdicts, so a hit is exactly what parsing would give.
struct VerdictCache {
    private var buckets: [UInt64: [(bytes: [UInt8], verdict: StoredVerdict)]] = [:]
    private var count = 0
    /// Bounds memory on a ledger with unusually many distinct verdicts: the cache starts over.
    static let capacity = 4_096

    /// The verdict spelt `bytes`: from the cache, else `read()`, remembered when it succeeds.
    mutating func verdict(spelledBy bytes: UnsafeBufferPointer<UInt8>, read: () -> StoredVerdict?) -> StoredVerdict? {
        let key = Self.hash(bytes)
        if let bucket = buckets[key] {
            for cached in bucket where cached.bytes.isEqual(to: bytes) {
                return cached.verdict
            }
        }
        guard let verdict = read() else { return nil }
        if count == Self.capacity {
            buckets.removeAll(keepingCapacity: true)
            count = 0
        }
        buckets[key, default: []].append((Array(bytes), verdict))
        count += 1
        return verdict
    }

    /// A quick 64-bit mix of the bytes, eight at a time; collisions only cost a byte comparison.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let raw = UnsafeRawBufferPointer(bytes)
        var hash = UInt64(truncatingIfNeeded: bytes.count) &* 0x9E37_79B9_7F4A_7C15
        var offset = 0
        while offset + 8 <= raw.count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            offset += 8
        }
        while offset < raw.count {
            hash = (hash ^ UInt64(raw[offset])) &* 0xC4CE_B9FE_1A85_EC53
            offset += 1
        }
        return hash ^ (hash >> 29)
    }
}
