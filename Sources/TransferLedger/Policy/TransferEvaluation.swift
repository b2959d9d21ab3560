import LedgerFormat

/// The state of evaluating one transfer: what was resolved from the registry once, and the
/// findings so far. Each rule family lives in its own `TransferEvaluation+….swift` file.
struct TransferEvaluation {
    let transfer: Transfer
    let engine: PolicyEngine
    let registry: Registry
    let parentTransfer: Transfer?
    /// The UTC day of `occurredAt`: every registry question is asked for this day.
    let day: Day
    let destination: ReferenceData.Destination?
    /// The region derived from reference data at `occurredAt`; nil for an unknown destination.
    var region: Region?
    var exporter: LegalEntity?
    var importer: LegalEntity?
    var controller: LegalEntity?
    /// The TIA relied on, once R7 resolved it.
    var tia: TransferImpactAssessment?
    /// The derogation assessment relied on, once R10 resolved it.
    var derogation: DerogationAssessment?
    var findings: [Finding] = []
    var flags: Set<VerdictFlag> = []

    init(transfer: Transfer, engine: PolicyEngine, registry: Registry, parentTransfer: Transfer?) {
        self.transfer = transfer
        self.engine = engine
        self.registry = registry
        self.parentTransfer = parentTransfer
        day = Day(transfer.occurredAt)
        destination = engine.referenceData.destination(transfer.destination)
        let day = day
        citedAgreements = (transfer.contractRefs ?? []).compactMap { ref in
            registry.kind(ofDocument: ref) == Agreement.kind ? (ref, registry.agreement(ref, at: day)) : nil
        }
    }

    mutating func run(claimedRegion: Region?) {
        checkParties()
        checkRegion(claimed: claimedRegion)
        checkInternationalOrganisation()
        checkChapterV()
        // Chapter V applies only to a transfer: inside the EEA a mechanism is unnecessary (R2 warns),
        // and the rules that exist only for Chapter V tools do not run.
        if isChapterVTransfer {
            switch transfer.mechanism {
            case .adequacy: checkAdequacy()
            case .bcrController: checkBcrController()
            case .bcrProcessor: checkBcrProcessor()
            case .sccCommission: checkScc()
            default: break
            }
            if transfer.mechanism.family == .safeguards46, needsTia { checkTia() }
            if transfer.mechanism.family == .derogation49 {
                checkDerogation()
                checkMechanismLadder()
            }
        }
        checkProcessorExport()
        checkSubprocessing()
        checkSpecialCategories()
        checkCriminalData()
        checkOnward()
        checkFreeText()
    }

    // MARK: Recording findings

    mutating func fail(_ rule: RuleID, _ check: String, _ message: String, fields: [String]) {
        findings.append(Finding(rule: rule, check: "\(rule.rawValue).\(check)", severity: .fail, message: message, fields: fields))
    }

    mutating func warn(_ rule: RuleID, _ check: String, _ message: String, fields: [String]) {
        findings.append(Finding(rule: rule, check: "\(rule.rawValue).\(check)", severity: .warn, message: message, fields: fields))
    }

    // MARK: Shared facts about the transfer

    var exporterCode: String { transfer.exporter.entity }
    var importerCode: String { transfer.importer.entity }

    /// Whether the data leaves the EEA (Chapter V applies): the destination is not in the EEA on the
    /// day, or the importer is established outside it. An unknown destination counts as a transfer,
    /// so the rules fail closed.
    var isChapterVTransfer: Bool {
        guard let region, region == .eea else { return true }
        if let importer, !isEEA(importer.country) { return true }
        return false
    }

    /// Whether the importer acts as a processor of any kind.
    static func isProcessor(_ role: PartyRole) -> Bool { role == .processor || role == .subProcessor }

    /// Whether the destination is covered by an adequacy decision on the transfer's day (dates only).
    var adequacyInForce: Bool {
        guard let destination, destination.decision != nil else { return false }
        if destination.isInternationalOrganisation {
            let since = destination.adequateSince.flatMap(Day.init)
            let until = destination.adequateUntil.flatMap(Day.init)
            return since.map { day >= $0 } ?? true && until.map { day <= $0 } ?? true
        }
        return region == .adequate
    }

    /// Whether adequacy covers this importer for this data on the day: dates and importer conditions.
    var adequacyApplies: Bool {
        guard adequacyInForce else { return false }
        let conditions = engine.adequacyScopes.importerConditions(for: transfer.destination)
        if conditions.isEmpty { return true }
        guard let attributes = registry.importerAttributes(of: importerCode, at: day).inForce else { return false }
        return unmetConditions(conditions, attributes: attributes).isEmpty
    }

    /// The registry agreements cited in `contractRefs`, resolved on the transfer's day, once.
    let citedAgreements: [(ref: String, lookup: Lookup<Agreement>)]

    /// Calls `body` with each free-text field R18 screens and its field path, allocating nothing
    /// for fields that are absent.
    static func forEachFreeText(of transfer: Transfer, _ body: (String, String) -> Void) {
        body("idempotencyKey", transfer.idempotencyKey)
        body("loggedBy", transfer.loggedBy)
        if let text = transfer.notes { body("notes", text) }
        if let text = transfer.art10Basis { body("art10Basis", text) }
        if let text = transfer.mechanismRef { body("mechanismRef", text) }
        if let text = transfer.tiaRef { body("tiaRef", text) }
        for (index, ref) in (transfer.contractRefs ?? []).enumerated() { body("contractRefs[\(index)]", ref) }
    }
}
