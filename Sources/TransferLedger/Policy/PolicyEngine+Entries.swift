import LedgerFormat

/// Evaluation of the entry kinds besides transfers: corrections (R23) and government access requests (R24).
extension PolicyEngine {
    /// What the ledger knows about the entry a correction names.
    public enum CorrectionTarget: Sendable {
        /// A current transfer entry: the one to correct.
        case transfer(Transfer)
        /// A transfer already superseded by the correction at this sequence number.
        case superseded(by: UInt64, original: Transfer)
        /// No transfer entry has that sequence number.
        case missing
    }

    /// Evaluates a correction whose transfer names no parent to look up.
    public func evaluate(_ correction: TransferCorrection, target: CorrectionTarget, registry: Registry, claimedRegion: Region? = nil) -> PolicyVerdict {
        evaluate(correction, target: target, registry: registry, claimedRegion: claimedRegion) { _ in nil }
    }

    /// Evaluates a correction: R23 on the correction itself, then every transfer rule on the corrected transfer.
    public func evaluate(_ correction: TransferCorrection, target: CorrectionTarget, registry: Registry,
                         claimedRegion: Region? = nil, parent: (UInt64) throws -> Transfer?) rethrows -> PolicyVerdict {
        var findings: [Finding] = []
        func fail(_ check: String, _ message: String, _ fields: [String]) {
            findings.append(Finding(rule: .r23, check: "R23.\(check)", severity: .fail, message: message, fields: fields))
        }
        switch target {
        case .missing:
            fail("unknownTarget", "supersedes \(correction.supersedes) is not a transfer entry in this ledger", ["supersedes"])
        case .superseded(let later, _):
            fail("alreadySuperseded", "entry \(correction.supersedes) was already corrected by entry \(later); correct the latest version instead", ["supersedes"])
        case .transfer(let original):
            if original == correction.transfer {
                findings.append(Finding(rule: .r23, check: "R23.noChange", severity: .warn,
                                        message: "the corrected transfer is identical to entry \(correction.supersedes)", fields: ["transfer"]))
            }
        }
        if case .transfer(let original) = target, original.idempotencyKey != correction.transfer.idempotencyKey {
            fail("keyChanged", "the corrected transfer must keep idempotencyKey \(original.idempotencyKey) of entry \(correction.supersedes); a different event is a new transfer, not a correction",
                 ["transfer.idempotencyKey"])
        }
        // Refused since before R18 was a refusal for transfers; kept so that verdicts replay as recorded.
        if let note = correction.reasonNote, let kind = R18FlaggingScreen.firstMatch(in: note) {
            findings.append(Finding(rule: .r18, check: "R18.personalData", severity: .fail,
                                    message: "reasonNote looks like it contains \(kind.recordedDescription); the ledger must not hold personal data in free text",
                                    fields: ["reasonNote"]))
        }
        let verdict = try evaluate(correction.transfer, registry: registry, claimedRegion: claimedRegion, parent: parent)
        let nested = verdict.findings.map {
            Finding(rule: $0.rule, check: $0.check, severity: $0.severity, message: $0.message, fields: $0.fields.map { "transfer." + $0 })
        }
        return PolicyVerdict(ruleSetVersion: effectiveRuleSetVersion, findings: findings + nested, flags: verdict.flags)
    }

    /// Evaluates a government access request (R24): linked to flows or records, disclosed only on an
    /// Art. 48 basis, with the exporter told unless the law forbids it.
    public func evaluate(_ request: GovAccessRequest, registry: Registry, recordExists: (UInt64) throws -> Bool) rethrows -> PolicyVerdict {
        var findings: [Finding] = []
        var flags: Set<VerdictFlag> = []
        func add(_ rule: RuleID, _ severity: Severity, _ check: String, _ message: String, _ fields: [String]) {
            findings.append(Finding(rule: rule, check: "\(rule.rawValue).\(check)", severity: severity, message: message, fields: fields))
        }
        let day = Day(request.receivedAt)
        switch registry.entity(request.receivedBy, at: day) {
        case .unknown: add(.registry, .fail, "unknownEntity", "receivedBy \(request.receivedBy) is not in the group registry", ["receivedBy"])
        case .notInForce(let entity): add(.r17, .fail, "entityNotInForce", "receivedBy \(entity.code) is registered \(entity.validity), not on \(day)", ["receivedBy"])
        case .inForce: break
        }
        if request.relatedFlowIds.isEmpty && request.relatedRecords.isEmpty {
            add(.r24, .fail, "unlinked", "the request names no affected flow (relatedFlowIds) or record (relatedRecords)", ["relatedFlowIds", "relatedRecords"])
        }
        for (index, seq) in request.relatedRecords.enumerated() where try !recordExists(seq) {
            add(.r24, .fail, "unknownRecord", "relatedRecords[\(index)] names entry \(seq), which is not a transfer in this ledger", ["relatedRecords[\(index)]"])
        }
        // Art. 48, SCC Clause 15 and BCR-C §5.4.2 concern authorities of third countries: an order of
        // an EU/EEA member state's court or authority is none of their business.
        if referenceData.region(of: request.country, at: request.receivedAt) != .eea {
            if request.disclosed && request.art48Basis == .none {
                add(.r24, .fail, "noArt48Basis",
                    "data was \(request.outcome.rawValue) to a \(request.authorityType.rawValue) authority of \(request.country) without an international agreement or other documented ground (Art. 48; EDPB Guidelines 02/2024); to be reported under Art. 47(2)(m)",
                    ["art48Basis", "outcome"])
                flags.insert(.art47_2mReport)
            }
            if request.exporterNotifiedAt == nil && !request.exporterNotificationProhibited {
                add(.r24, .warn, "exporterNotNotified", "the exporter was not notified and no prohibition is recorded (SCC Clause 15.1(a); BCR-C §5.4.2)",
                    ["exporterNotifiedAt", "exporterNotificationProhibited"])
            }
            if request.exporterNotificationProhibited && !request.waiverSought {
                add(.r24, .warn, "noWaiverSought", "notifying the exporter was prohibited but no waiver was sought (SCC Clause 15.1(b))", ["waiverSought"])
            }
            if request.disclosed && !request.minimisationApplied {
                add(.r24, .warn, "notMinimised", "data was disclosed without recording that only the minimum was disclosed (SCC Clause 15.2(c))", ["minimisationApplied"])
            }
        }
        if let kind = R18FlaggingScreen.firstMatch(in: request.legalInstrumentCode) {
            add(.r18, .fail, "personalData", "legalInstrumentCode looks like it contains \(kind.recordedDescription)", ["legalInstrumentCode"])
        }
        return PolicyVerdict(ruleSetVersion: effectiveRuleSetVersion, findings: findings, flags: flags)
    }
}
