/// How serious a finding is: a FAIL makes the record non-compliant, a WARN only qualifies it.
///
/// A struct rather than an enum so that a verdict read back from storage holds whatever severity it
/// was written with: `ledger verify` reports one other than FAIL or WARN (FORMAT.md §4.1) instead of
/// failing to read the entry. Encoded as its raw text, `"FAIL"` or `"WARN"`.
public struct Severity: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The severity as stored in findings.
    public let rawValue: String

    /// The severity spelt `rawValue`.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Makes the record non-compliant.
    public static let fail = Severity(rawValue: "FAIL")
    /// Qualifies the record without making it non-compliant.
    public static let warn = Severity(rawValue: "WARN")

    /// The severity as stored, `FAIL` or `WARN`.
    public var description: String { rawValue }
}

/// The stable id of a legal rule of domain §3.5 (`R5a`, `R13`, …), or `REG` for registry references.
///
/// A struct rather than an enum so that a verdict recorded under a newer rule set, with rules this
/// build does not know, still reads back. Encoded as its raw text, such as `"R5a"`.
public struct RuleID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The id as stored in findings.
    public let rawValue: String

    /// The rule called `rawValue`.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Every transfer, agreement, TIA or entity a record cites must exist in the registry.
    public static let registry = RuleID(rawValue: "REG")
    /// R1: the destination's region is derived from reference data, never trusted.
    public static let r1 = RuleID(rawValue: "R1")
    /// R2: Chapter V applies exactly when data leaves the EEA.
    public static let r2 = RuleID(rawValue: "R2")
    /// R3: Art. 49 derogations only absent adequacy and Art. 46 safeguards.
    public static let r3 = RuleID(rawValue: "R3")
    /// R4: adequacy only inside the decision's territorial and importer scope.
    public static let r4 = RuleID(rawValue: "R4")
    /// R5a: BCR-C transfers between bound members inside the material scope.
    public static let r5a = RuleID(rawValue: "R5a")
    /// R5b: BCR-P transfers for an external controller under its service agreement.
    public static let r5b = RuleID(rawValue: "R5b")
    /// R6: SCC 2021/914 between exactly these parties with the module the roles imply.
    public static let r6 = RuleID(rawValue: "R6")
    /// R7: a current, positive TIA for every Art. 46 tool, with its measures applied.
    public static let r7 = RuleID(rawValue: "R7")
    /// R10: derogations are exceptional and documented per ground.
    public static let r10 = RuleID(rawValue: "R10")
    /// R11: compelling legitimate interests only for a non-repetitive transfer of few people, notified and informed.
    public static let r11 = RuleID(rawValue: "R11")
    /// R12: processor exports need the controller and its documented instructions.
    public static let r12 = RuleID(rawValue: "R12")
    /// R13: sub-processors need the controller's authorisation, objection period elapsed.
    public static let r13 = RuleID(rawValue: "R13")
    /// R14: special categories need an Art. 9(2) condition and extra safeguards.
    public static let r14 = RuleID(rawValue: "R14")
    /// R15: criminal-offence data needs an Art. 10 basis.
    public static let r15 = RuleID(rawValue: "R15")
    /// R16: onward transfers continue an existing chain under a tool of their own.
    public static let r16 = RuleID(rawValue: "R16")
    /// R17: every artefact relied on is in force on the day of the transfer.
    public static let r17 = RuleID(rawValue: "R17")
    /// R18: no personal data in free-text fields.
    public static let r18 = RuleID(rawValue: "R18")
    /// R20: international organisations need an `INT-` code and, for adequacy, a decision.
    public static let r20 = RuleID(rawValue: "R20")
    /// R22: exporters in Iceland, Liechtenstein and Norway rely on an adequacy decision only once
    /// the EEA Agreement incorporates it.
    public static let r22 = RuleID(rawValue: "R22")
    /// R23: corrections supersede an existing, current transfer and are validated afresh.
    public static let r23 = RuleID(rawValue: "R23")
    /// R24: government access requests are linked to flows and disclosed only on an Art. 48 basis.
    public static let r24 = RuleID(rawValue: "R24")

    /// The rule's id, such as `R7`.
    public var description: String { rawValue }
}

/// One legal problem found in a record, in words a compliance officer can act on.
///
/// `Codable` with the members of FORMAT.md §4.1: `check`, `fields`, `message`, `rule`, `severity`.
public struct Finding: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The rule broken.
    public let rule: RuleID
    /// A stable, finer-grained code for this check, such as `R5a.importerNotBound` (for exception approvals).
    public let check: String
    /// FAIL or WARN.
    public let severity: Severity
    /// What is wrong, naming the fields and registry entries involved.
    public let message: String
    /// The record fields involved, such as `importer.entity`.
    public let fields: [String]

    /// A finding with the given parts.
    public init(rule: RuleID, check: String, severity: Severity, message: String, fields: [String]) {
        self.rule = rule
        self.check = check
        self.severity = severity
        self.message = message
        self.fields = fields
    }

    /// The finding as `{"check", "fields", "message", "rule", "severity"}`.
    package var jsonValue: JSONValue {
        // Members in canonical order, so encoding need not sort them.
        .object([
            "check": .string(check), "fields": .array(fields.map(JSONValue.string)), "message": .string(message),
            "rule": .string(rule.rawValue), "severity": .string(severity.rawValue),
        ])
    }

    /// `FAIL R5a: message`.
    public var description: String { "\(severity.rawValue) \(rule.rawValue): \(message)" }
}
