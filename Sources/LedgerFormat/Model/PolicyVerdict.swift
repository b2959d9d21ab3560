/// The legal status of a recorded entry (domain §3.3 ValidationStatus).
public enum ValidationStatus: String, LedgerCode {
    /// No finding.
    case compliant
    /// Warnings only: recorded, worth a look.
    case compliantWithWarnings
    /// Non-compliant but approved as an exception; never recorded in format version 1.
    case exceptionApproved
    /// At least one failure: recorded all the same (a transfer that happened is logged and flagged).
    case nonCompliant

    /// The status FORMAT.md §4.1 links to findings with these counts of severities: `nonCompliant`
    /// with any FAIL, `compliantWithWarnings` with WARNs only, `compliant` with none. The engine judges
    /// by it and the verifier checks stored verdicts against it.
    package init(failures: Int, warnings: Int) {
        self = failures > 0 ? .nonCompliant : warnings > 0 ? .compliantWithWarnings : .compliant
    }
}

/// A marker reports filter on, set by the engine alongside the findings.
///
/// A struct rather than an enum so that a verdict recorded under a newer rule set, with markers this
/// build does not know, still reads back. Encoded as its raw text, such as `"exceptional"`.
public struct VerdictFlag: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The marker as stored in verdicts.
    public let rawValue: String

    /// The marker spelt `rawValue`.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// An Art. 49 derogation: exceptional by definition, listed in the Art. 30(1)(e)/49(6) extract.
    public static let exceptional = VerdictFlag(rawValue: "exceptional")
    /// To be reported to the BCR Lead SA under Art. 47(2)(m) (government access).
    public static let art47_2mReport = VerdictFlag(rawValue: "art47_2mReport")

    /// The marker as stored.
    public var description: String { rawValue }
}

/// The policy engine's judgement of one entry: its status and every finding, under one rule set.
///
/// The one verdict type: `Ledger.check` returns it, `Receipt.verdict` and `RecordedTransfer.verdict`
/// carry it, and a verdict read back from an entry's payload (`validation`, FORMAT.md §4.1) is one too,
/// holding the exact JSON that was hashed. Two verdicts are equal when that JSON is. `Codable` with the
/// members of §4.1 (`findings`, `flags`, `ruleSetVersion`, `status`), read as strictly as a stored one.
public struct PolicyVerdict: Hashable, Sendable {
    /// The rule-set version the verdict was reached under.
    public let ruleSetVersion: String
    /// `nonCompliant` with any FAIL, `compliantWithWarnings` with only WARNs, else `compliant`; for a
    /// verdict read back from storage, the status as recorded (see `contradiction`).
    public let status: ValidationStatus
    /// Every finding, in the order the rules ran.
    public let findings: [Finding]
    /// Markers for reports.
    public let flags: Set<VerdictFlag>
    /// The verdict as `{"findings", "flags", "ruleSetVersion", "status"}`, exactly as embedded and
    /// hashed in the entry payload.
    package let jsonValue: JSONValue

    /// A verdict whose status follows from `findings`.
    public init(ruleSetVersion: String, findings: [Finding], flags: Set<VerdictFlag> = []) {
        let failures = findings.count { $0.severity == .fail }
        let status = ValidationStatus(failures: failures, warnings: findings.count - failures)
        // Members in canonical order, so encoding need not sort them.
        let json = JSONValue.object([
            "findings": .array(findings.map(\.jsonValue)), "flags": .sortedStrings(flags.map(\.rawValue)),
            "ruleSetVersion": .string(ruleSetVersion), "status": .string(status.rawValue),
        ])
        self.init(ruleSetVersion: ruleSetVersion, status: status, findings: findings, flags: flags, json: json)
    }

    /// The parts as read from `json`, which is kept as it was hashed.
    package init(ruleSetVersion: String, status: ValidationStatus, findings: [Finding], flags: Set<VerdictFlag>, json: JSONValue) {
        self.ruleSetVersion = ruleSetVersion
        self.status = status
        self.findings = findings
        self.flags = flags
        jsonValue = json
    }

    /// The FAIL findings.
    public var failures: [Finding] { findings.filter { $0.severity == .fail } }

    /// The ids of the rules with findings, without repeats, in order.
    public var rules: [RuleID] {
        var seen: Set<RuleID> = []
        return findings.map(\.rule).filter { seen.insert($0).inserted }
    }

    /// What contradicts FORMAT.md §4.1's rule linking the status to the findings' severities, or nil:
    /// every severity is `FAIL` or `WARN`, and the status is `nonCompliant` with a FAIL,
    /// `compliantWithWarnings` with WARNs only, `compliant` with no finding; `exceptionApproved` is
    /// never recorded in format version 1. Only a verdict read back from storage can contradict it.
    package var contradiction: String? {
        var fails = 0, warnings = 0
        for finding in findings {
            switch finding.severity {
            case .fail: fails += 1
            case .warn: warnings += 1
            default: return "a finding of rule \(finding.rule) has severity '\(finding.severity)', not FAIL or WARN (FORMAT.md §4.1)"
            }
        }
        let expected = ValidationStatus(failures: fails, warnings: warnings)
        guard status != expected else { return nil }
        return "the verdict's status \(status.rawValue) contradicts its findings (\(fails) FAIL, \(warnings) WARN), which give \(expected.rawValue) (FORMAT.md §4.1)"
    }

    /// Whether the two verdicts have the same JSON: a verdict read back equals the one recorded.
    public static func == (lhs: PolicyVerdict, rhs: PolicyVerdict) -> Bool { lhs.jsonValue == rhs.jsonValue }

    /// Hashes the canonical bytes of `jsonValue`, consistently with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(CanonicalJSON.encode(jsonValue)) }
}
