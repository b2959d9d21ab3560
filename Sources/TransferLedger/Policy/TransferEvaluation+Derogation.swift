import LedgerFormat

/// R10: derogations are exceptional and documented, ground by ground.
extension TransferEvaluation {
    /// Above this many data subjects (the bands from `b10k_100k` on) consent gets R10's warning.
    static let largeConsentBand = 10_000

    /// R10: a derogation assessment in force for these parties, with the evidence its ground needs.
    mutating func checkDerogation() {
        flags.insert(.exceptional)
        guard let ref = transfer.mechanismRef else {
            fail(.r10, "missingAssessment", "mechanismRef is missing: an Art. 49 derogation needs a documented derogation assessment",
                 fields: ["mechanismRef"])
            return
        }
        let assessment: DerogationAssessment
        switch registry.derogationAssessment(ref, at: day) {
        case .unknown:
            fail(.registry, "unknownDerogationAssessment", "mechanismRef \(ref) is not a derogation assessment in the group registry",
                 fields: ["mechanismRef"])
            return
        case .notInForce(let known):
            fail(.r17, "derogationAssessmentNotInForce", "\(known.label) is in force \(known.validity), not on \(day)",
                 fields: ["mechanismRef", "occurredAt"])
            return
        case .inForce(let found):
            assessment = found
        }
        derogation = assessment
        let mechanism = transfer.mechanism
        if assessment.ground != mechanism {
            fail(.r10, "groundMismatch", "\(assessment.label) assesses \(assessment.ground.rawValue), not mechanism \(mechanism.rawValue)",
                 fields: ["mechanism", "mechanismRef"])
        }
        if assessment.exporter != exporterCode || assessment.importer != importerCode {
            fail(.r10, "partiesMismatch",
                 "\(assessment.label) assesses \(assessment.exporter) → \(assessment.importer), not \(exporterCode) → \(importerCode)",
                 fields: ["mechanismRef", "exporter.entity", "importer.entity"])
        }
        let needed: [DerogationAssessment.Evidence] = switch mechanism {
        case .derogationExplicitConsent: [.consent, .riskInformation]
        case .derogationContractWithDataSubject, .derogationContractInInterestOfDataSubject: [.contract]
        case .derogationPublicInterest: [.legalBasis]
        case .derogationLegalClaims: [.claim]
        case .derogationVitalInterests: [.incapacity]
        case .derogationPublicRegister: [.register]
        default: []
        }
        let missing = needed.filter { assessment.evidenceRefs[$0] == nil }.map(\.rawValue)
        if !missing.isEmpty {
            fail(.r10, "missingEvidence", "\(assessment.label) lacks the evidence \(mechanism.rawValue) needs: \(missing.joined(separator: ", "))",
                 fields: ["mechanismRef"])
        }
        let publicPowersExcluded: Set<TransferMechanism> = [
            .derogationExplicitConsent, .derogationContractWithDataSubject, .derogationContractInInterestOfDataSubject,
            .derogationCompellingLegitimateInterests,
        ]
        if assessment.exporterIsPublicAuthority, publicPowersExcluded.contains(mechanism) {
            fail(.r10, "publicAuthority", "\(mechanism.rawValue) is not available to a public authority exercising its public powers (Art. 49(3))",
                 fields: ["mechanism"])
        }
        if mechanism == .derogationContractWithDataSubject || mechanism == .derogationContractInInterestOfDataSubject {
            let systematic = transfer.frequency == .periodic || transfer.frequency == .continuous
            if systematic || !assessment.occasional {
                fail(.r10, "notOccasional",
                     "\(mechanism.rawValue) covers only occasional transfers (EDPB Guidelines 2/2018), but this one is \(systematic ? "logged as \(transfer.frequency?.rawValue ?? "")" : "assessed as not occasional in \(assessment.id)")",
                     fields: ["frequency", "mechanism"])
            }
        }
        if mechanism == .derogationExplicitConsent {
            // Consent suits an occasional transfer (EDPB Guidelines 2/2018 §2.1): a continuous or
            // periodic flow, or more than 10,000 people, is not one.
            let systematic = transfer.frequency == .periodic || transfer.frequency == .continuous
            let large = (transfer.subjectCount.bounds?.lower ?? 0) > Self.largeConsentBand
            if systematic || large {
                let reason = systematic ? "frequency is \(transfer.frequency?.rawValue ?? "")" : "subjectCount is \(transfer.subjectCount.rawValue)"
                warn(.r10, "consentNotOccasional",
                     "explicit consent is a derogation for occasional transfers (EDPB Guidelines 2/2018), but \(reason); an Art. 46 safeguard suits a regular or large flow",
                     fields: systematic ? ["frequency", "mechanism"] : ["subjectCount", "mechanism"])
            }
        }
        if mechanism == .derogationCompellingLegitimateInterests { checkCompellingLegitimateInterests(assessment) }
        if mechanism == .derogationPublicRegister, assessment.wholeRegister {
            fail(.r10, "wholeRegister", "a transfer from a public register may never include the whole register or whole categories of it (Art. 49(2))",
                 fields: ["mechanismRef"])
        }
    }

    /// R11 (Art. 49(1) second subparagraph): a controller's transfer that is not repetitive, concerns a
    /// limited number of data subjects (at most the `b11_100` band), with the supervisory authority
    /// informed and the data subjects told, both recorded in the assessment's evidence.
    private mutating func checkCompellingLegitimateInterests(_ assessment: DerogationAssessment) {
        if transfer.exporter.role != .controller && transfer.exporter.role != .jointController {
            fail(.r11, "notController", "compelling legitimate interests are the controller's; exporter \(exporterCode) acts as \(transfer.exporter.role.rawValue)",
                 fields: ["exporter.role", "mechanism"])
        }
        if transfer.frequency != .oneOff || !assessment.occasional {
            let why = transfer.frequency.map { $0 == .oneOff ? "assessed as not occasional in \(assessment.id)" : "logged as \($0.rawValue)" } ?? "its frequency is not recorded"
            fail(.r11, "repetitive", "compelling legitimate interests cover only a transfer that is not repetitive (frequency oneOff), but this one is \(why)",
                 fields: ["frequency", "mechanismRef"])
        }
        switch transfer.subjectCount.bounds {
        case let bounds? where bounds.lower > Self.limitedSubjects:
            fail(.r11, "tooManySubjects", "compelling legitimate interests cover only a limited number of data subjects (at most \(Self.limitedSubjects)), but subjectCount is \(transfer.subjectCount.rawValue)",
                 fields: ["subjectCount"])
        case nil:
            warn(.r11, "subjectsUnknown", "compelling legitimate interests cover only a limited number of data subjects, but subjectCount is unknown",
                 fields: ["subjectCount"])
        default: break
        }
        let missing = [DerogationAssessment.Evidence.authorityNotification, .dataSubjectInformation].filter { assessment.evidenceRefs[$0] == nil }
        if !missing.isEmpty {
            fail(.r11, "notInformed",
                 "\(assessment.label) records no \(missing.map(\.rawValue).joined(separator: " and ")): the supervisory authority must be informed of the transfer and the data subjects told of it and of the interests pursued (Art. 49(1) second subparagraph)",
                 fields: ["mechanismRef"])
        }
    }

    /// The most data subjects compelling legitimate interests may concern: the `b11_100` band.
    static let limitedSubjects = 100
}
