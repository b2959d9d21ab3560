/// The legal status of a recorded entry (domain §3.3 ValidationStatus).
public enum ValidationStatus: String, LedgerCode {
    case compliant, compliantWithWarnings, exceptionApproved, nonCompliant

    /// The status FORMAT.md §4.1 links to findings with these counts of severities: `nonCompliant`
    /// with any FAIL, `compliantWithWarnings` with WARNs only, `compliant` with none. The engine judges
    /// by it and the verifier checks stored verdicts against it.
    public init(failures: Int, warnings: Int) {
        self = failures > 0 ? .nonCompliant : warnings > 0 ? .compliantWithWarnings : .compliant
    }
}

/// A marker reports filter on, set by the engine alongside the findings.
public enum VerdictFlag: String, LedgerCode {
    /// An Art. 49 derogation: exceptional by definition, listed in the Art. 30(1)(e)/49(6) extract.
    case exceptional
    /// To be reported to the BCR Lead SA under Art. 47(2)(m) (government access).
    case art47_2mReport
}

/// The policy engine's judgement of one entry: its status and every finding, under one rule set.
public struct PolicyVerdict: Hashable, Sendable {
    /// The rule-set version the verdict was reached under.
    public let ruleSetVersion: String
    /// `nonCompliant` with any FAIL, `compliantWithWarnings` with only WARNs, else `compliant`.
    public let status: ValidationStatus
    /// Every finding, in the order the rules ran.
    public let findings: [Finding]
    /// Markers for reports.
    public let flags: Set<VerdictFlag>

    /// A verdict whose status follows from `findings`.
    public init(ruleSetVersion: String, findings: [Finding], flags: Set<VerdictFlag> = []) {
        self.ruleSetVersion = ruleSetVersion
        self.findings = findings
        self.flags = flags
        let failures = findings.count { $0.severity == .fail }
        status = ValidationStatus(failures: failures, warnings: findings.count - failures)
    }

    /// The FAIL findings.
    public var failures: [Finding] { findings.filter { $0.severity == .fail } }

    /// The ids of the rules with findings, without repeats, in order.
    public var rules: [RuleID] {
        var seen: Set<RuleID> = []
        return findings.map(\.rule).filter { seen.insert($0).inserted }
    }

    /// The verdict as `{"findings", "flags", "ruleSetVersion", "status"}`, to embed in the entry payload.
    public var jsonValue: JSONValue {
        // Members in canonical order, so encoding need not sort them.
        .object([
            "findings": .array(findings.map(\.jsonValue)), "flags": .sortedStrings(flags.map(\.rawValue)),
            "ruleSetVersion": .string(ruleSetVersion), "status": .string(status.rawValue),
        ])
    }
}
