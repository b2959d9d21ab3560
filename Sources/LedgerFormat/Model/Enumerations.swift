/// A closed list of codes, spelt exactly as `Schema/transfer.schema.json` and domain §3.3 spell them;
/// `Codable` as that text, and decoding refuses any other spelling.
public protocol LedgerCode: RawRepresentable<String>, CaseIterable, Hashable, Sendable, Codable {}

extension LedgerCode {
    /// Every accepted spelling, comma-separated, for error messages.
    static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// The GDPR role a party plays in one transfer.
public enum PartyRole: String, LedgerCode {
    case controller, jointController, processor, subProcessor
}

/// The legal basis of a transfer under GDPR Chapter V.
public enum TransferMechanism: String, LedgerCode {
    case notATransfer
    case adequacy
    case publicAuthorityInstrument
    case bcrController
    case bcrProcessor
    case sccCommission
    case sccSupervisoryAuthority
    case codeOfConduct
    case certification
    case adHocClausesAuthorised
    case administrativeArrangementAuthorised
    case legacyAuthorisation
    case derogationExplicitConsent
    case derogationContractWithDataSubject
    case derogationContractInInterestOfDataSubject
    case derogationPublicInterest
    case derogationLegalClaims
    case derogationVitalInterests
    case derogationPublicRegister
    case derogationCompellingLegitimateInterests

    /// The family the mechanism belongs to: none, Art. 45, Art. 46 or Art. 49.
    public var family: MechanismFamily {
        switch self {
        case .notATransfer: .none
        case .adequacy: .adequacy
        case .derogationExplicitConsent, .derogationContractWithDataSubject,
             .derogationContractInInterestOfDataSubject, .derogationPublicInterest, .derogationLegalClaims,
             .derogationVitalInterests, .derogationPublicRegister, .derogationCompellingLegitimateInterests:
            .derogation49
        default: .safeguards46
        }
    }
}

/// The article of GDPR Chapter V a mechanism rests on; every `derogation49` transfer is exceptional.
public enum MechanismFamily: String, LedgerCode {
    case none = "NONE"
    case adequacy = "ADEQUACY"
    case safeguards46 = "SAFEGUARDS_46"
    case derogation49 = "DEROGATION_49"
}

/// Whether a transfer is the first leg, an onward transfer, remote access, or inside the EEA.
public enum TransferKind: String, LedgerCode {
    case initial, onward, remoteAccess, intraEEA
}

/// How often a flow runs (SCC Annex I.B).
public enum Frequency: String, LedgerCode {
    case oneOff, periodic, continuous
}

/// The module of the 2021/914 standard contractual clauses.
public enum SccModule: String, LedgerCode {
    case c2c, c2p, p2p, p2c
}

/// A special category of personal data under Art. 9(1).
public enum SpecialCategory: String, LedgerCode {
    case racialOrEthnicOrigin, politicalOpinions, religiousOrPhilosophicalBeliefs, tradeUnionMembership
    case geneticData, biometricForUniqueIdentification, health, sexLifeOrOrientation
}

/// The Art. 9(2) condition, (a) to (j), that lifts the ban on processing special categories.
public enum Art9Condition: String, LedgerCode {
    case a, b, c, d, e, f, g, h, i, j
}

/// A category of personal data (Art. 30(1)(c)).
public enum DataCategory: String, LedgerCode {
    case identity, contact, governmentId, employmentHR, compensationPayroll, financial, paymentCard
    case onlineIdentifiers, deviceTechnical, location, communicationsContent, usageBehavioural
    case educationProfessional, imagesAudio, authenticationCredentials, other
}

/// A purpose of the transfer (Art. 30(1)(b)).
public enum Purpose: String, LedgerCode {
    case hrAdministration, payroll, recruitment, itSupport, hosting, serviceDeliveryToClient
    case securityMonitoring, salesCRM, legalCompliance, financeAudit, other
}

/// A category of data subjects (Art. 30(1)(c)).
public enum SubjectCategory: String, LedgerCode {
    case employee, jobApplicant, contractor, formerEmployee, customerIndividual, customerBusinessContact
    case clientEndUser, supplierContact, patient, minor, websiteVisitor, other
}

/// An approximate number of data subjects: bands, never exact figures.
public enum CountBand: String, LedgerCode {
    case b1_10, b11_100, b101_1k, b1k_10k, b10k_100k, b100k_1m, bOver1m, unknown

    /// The band's bounds; `upper` is nil when open-ended, and both are nil for `unknown`.
    public var bounds: (lower: Int, upper: Int?)? {
        switch self {
        case .b1_10: (1, 10)
        case .b11_100: (11, 100)
        case .b101_1k: (101, 1_000)
        case .b1k_10k: (1_001, 10_000)
        case .b10k_100k: (10_001, 100_000)
        case .b100k_1m: (100_001, 1_000_000)
        case .bOver1m: (1_000_001, nil)
        case .unknown: nil
        }
    }
}

/// A supplementary measure (EDPB Recommendations 01/2020, Annex 2).
public enum SupplementaryMeasure: String, LedgerCode {
    case encryptionKeysInEEA, pseudonymisationKeysInEEA, splitProcessing, transportEncryption
    case accessControlsNoRemoteAccessFromDestination, contractualGovAccessCommitments
    case transparencyReporting, organisationalRequestHandlingPolicy
}

/// Where a destination stands under GDPR Chapter V on a given day.
public enum Region: String, LedgerCode {
    case eea = "EEA"
    case adequate = "ADEQUATE"
    case thirdCountry = "THIRD_COUNTRY"
    case internationalOrganisation = "INTERNATIONAL_ORGANISATION"
}
