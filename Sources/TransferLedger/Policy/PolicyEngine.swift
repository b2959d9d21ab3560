import LedgerFormat

/// Judges transfers, corrections and government access requests against the law in force on the
/// day they happened: reference data (regions, adequacy decisions) plus the group registry as of
/// that day. Pure: no storage, no clock; the same inputs always give the same verdict.
///
/// ```swift
/// let engine = PolicyEngine()
/// let verdict = engine.evaluate(transfer, registry: registry) { seq in parentTransfer(seq) }
/// // store verdict.jsonValue with the entry; verdict.status is the record's ValidationStatus
/// ```
package struct PolicyEngine: Sendable {
    /// The version of the rules implemented here; stored in every verdict.
    public static let ruleSetVersion = "2026.06-R1-R24.1"

    /// Switches for rules whose legal status is still moving.
    public struct Options: Hashable, Sendable {
        /// Treat a client sending directly to a non-EEA member under BCR-P as FAIL instead of WARN
        /// (set once the EDPB's draft Recommendations 1/2026 are final).
        public var bcrProcessorClientLegFails: Bool

        /// The options in force today.
        public init(bcrProcessorClientLegFails: Bool = false) {
            self.bcrProcessorClientLegFails = bcrProcessorClientLegFails
        }
    }

    /// The region table: EEA membership and adequacy decisions with their dates.
    public let referenceData: ReferenceData
    /// The importer conditions of each adequacy decision.
    public let adequacyScopes: AdequacyScopes
    /// The switches in force.
    public let options: Options

    /// An engine over the given reference data and options; adequacy scopes default to those of
    /// `referenceData`, so one region table decides both regions and importer conditions.
    public init(referenceData: ReferenceData = .embedded, adequacyScopes: AdequacyScopes? = nil, options: Options = Options()) {
        self.referenceData = referenceData
        self.adequacyScopes = adequacyScopes ?? (referenceData.version == ReferenceData.embedded.version
            ? .embedded : AdequacyScopes(referenceData: referenceData))
        self.options = options
    }

    /// The rule-set version verdicts carry, including any non-default option.
    public var effectiveRuleSetVersion: String {
        options.bcrProcessorClientLegFails ? Self.ruleSetVersion + "+bcrpClientLegFails" : Self.ruleSetVersion
    }

    /// Evaluates a structurally valid transfer against every rule.
    ///
    /// - Parameters:
    ///   - transfer: the transfer to judge.
    ///   - registry: the group registry as it stood before the transfer's entry.
    ///   - claimedRegion: a region stored or supplied with the transfer, checked against the derived one (R1).
    ///   - parent: the transfer recorded at a sequence number, for onward transfers (R16); nil when none.
    public func evaluate(_ transfer: Transfer, registry: Registry, claimedRegion: Region? = nil,
                         parent: (UInt64) throws -> Transfer?) rethrows -> PolicyVerdict {
        let parentTransfer = try transfer.parent.flatMap(parent)
        var evaluation = TransferEvaluation(transfer: transfer, engine: self, registry: registry, parentTransfer: parentTransfer)
        evaluation.run(claimedRegion: claimedRegion)
        return PolicyVerdict(ruleSetVersion: effectiveRuleSetVersion, findings: evaluation.findings, flags: evaluation.flags)
    }

    /// Evaluates a structurally valid transfer that names no parent to look up (or whose parent is
    /// unknown to the caller) against every rule.
    public func evaluate(_ transfer: Transfer, registry: Registry, claimedRegion: Region? = nil) -> PolicyVerdict {
        evaluate(transfer, registry: registry, claimedRegion: claimedRegion) { _ in nil }
    }

    /// Throws the first free-text field of `transfer` that looks like personal data (R18), as
    /// `StructuralRules.check` does before any transfer is recorded or judged.
    public static func screenFreeText(_ transfer: Transfer) throws(RecordError) {
        try transfer.forEachFreeText { (field, text) throws(RecordError) in try PersonalDataScreen.refuse(text, field: field()) }
    }
}
