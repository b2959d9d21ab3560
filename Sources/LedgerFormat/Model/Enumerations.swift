/// A closed list of codes, spelt exactly as `Schema/transfer.schema.json` and domain §3.3 spell them;
/// `Codable` as that text, and decoding refuses any other spelling.
public protocol LedgerCode: RawRepresentable<String>, CaseIterable, Hashable, Sendable, Codable {}

extension LedgerCode {
    /// Every accepted spelling, comma-separated, for error messages.
    static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// The GDPR role a party plays in one transfer.
public enum PartyRole: String, LedgerCode {
    /// Decides the purposes and means of the processing (Art. 4(7)).
    case controller
    /// Decides them together with another controller (Art. 26).
    case jointController
    /// Processes on a controller's behalf and instructions (Art. 28).
    case processor
    /// Engaged by a processor to carry out part of the processing (Art. 28(2) and (4)).
    case subProcessor
}

/// The legal basis of a transfer under GDPR Chapter V.
public enum TransferMechanism: String, LedgerCode {
    /// No Chapter V transfer (say, to an importer inside the EEA); recorded for completeness.
    case notATransfer
    /// An adequacy decision covering the destination on the day (Art. 45).
    case adequacy
    /// A legally binding instrument between public authorities (Art. 46(2)(a)).
    case publicAuthorityInstrument
    /// The group's controller BCRs (Art. 46(2)(b), Art. 47).
    case bcrController
    /// The group's processor BCRs (Art. 46(2)(b), Art. 47).
    case bcrProcessor
    /// The Commission's standard contractual clauses, 2021/914 (Art. 46(2)(c)).
    case sccCommission
    /// Clauses adopted by a supervisory authority and approved by the Commission (Art. 46(2)(d)).
    case sccSupervisoryAuthority
    /// An approved code of conduct with binding commitments of the importer (Art. 46(2)(e)).
    case codeOfConduct
    /// An approved certification with binding commitments of the importer (Art. 46(2)(f)).
    case certification
    /// Contractual clauses authorised by the competent supervisory authority (Art. 46(3)(a)).
    case adHocClausesAuthorised
    /// Provisions in administrative arrangements between public authorities, authorised (Art. 46(3)(b)).
    case administrativeArrangementAuthorised
    /// An authorisation granted under Directive 95/46/EC and still in force (Art. 46(5)).
    case legacyAuthorisation
    /// Derogation: the data subject's explicit consent after being informed of the risks (Art. 49(1)(a)).
    case derogationExplicitConsent
    /// Derogation: necessary for a contract with the data subject (Art. 49(1)(b)).
    case derogationContractWithDataSubject
    /// Derogation: necessary for a contract concluded in the data subject's interest (Art. 49(1)(c)).
    case derogationContractInInterestOfDataSubject
    /// Derogation: necessary for important reasons of public interest (Art. 49(1)(d)).
    case derogationPublicInterest
    /// Derogation: necessary for legal claims (Art. 49(1)(e)).
    case derogationLegalClaims
    /// Derogation: necessary to protect vital interests when consent cannot be given (Art. 49(1)(f)).
    case derogationVitalInterests
    /// Derogation: from a public register (Art. 49(1)(g)).
    case derogationPublicRegister
    /// Derogation: compelling legitimate interests, occasional and notified (Art. 49(1), second subparagraph).
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
    /// Not a transfer (`notATransfer`).
    case none = "NONE"
    /// Art. 45: an adequacy decision.
    case adequacy = "ADEQUACY"
    /// Art. 46: appropriate safeguards (BCRs, SCCs, codes, certifications, authorised clauses).
    case safeguards46 = "SAFEGUARDS_46"
    /// Art. 49: a derogation for a specific situation.
    case derogation49 = "DEROGATION_49"
}

/// Whether a transfer is the first leg, an onward transfer, remote access, or inside the EEA.
public enum TransferKind: String, LedgerCode {
    /// The first leg, from the exporter in the EEA.
    case initial
    /// An onward transfer by an importer to a further recipient (`parent` names the earlier leg).
    case onward
    /// Data made accessible from the destination rather than sent there.
    case remoteAccess
    /// Between EEA countries: no Chapter V transfer.
    case intraEEA
}

/// How often a flow runs (SCC Annex I.B).
public enum Frequency: String, LedgerCode {
    /// Once.
    case oneOff
    /// At intervals (a monthly payroll run).
    case periodic
    /// Without interruption (a replicated database).
    case continuous
}

/// The module of the 2021/914 standard contractual clauses.
public enum SccModule: String, LedgerCode {
    /// Module 1: controller to controller.
    case c2c
    /// Module 2: controller to processor.
    case c2p
    /// Module 3: processor to processor.
    case p2p
    /// Module 4: processor to controller.
    case p2c
}

/// A special category of personal data under Art. 9(1).
public enum SpecialCategory: String, LedgerCode {
    /// Racial or ethnic origin.
    case racialOrEthnicOrigin
    /// Political opinions.
    case politicalOpinions
    /// Religious or philosophical beliefs.
    case religiousOrPhilosophicalBeliefs
    /// Trade union membership.
    case tradeUnionMembership
    /// Genetic data.
    case geneticData
    /// Biometric data processed to identify a person uniquely.
    case biometricForUniqueIdentification
    /// Data concerning health.
    case health
    /// Data concerning a person's sex life or sexual orientation.
    case sexLifeOrOrientation
}

/// The Art. 9(2) condition, (a) to (j), that lifts the ban on processing special categories.
public enum Art9Condition: String, LedgerCode {
    /// (a) explicit consent.
    case a
    /// (b) obligations in employment and social security law.
    case b
    /// (c) vital interests of a person unable to consent.
    case c
    /// (d) a foundation, association or other not-for-profit body, for its members.
    case d
    /// (e) data manifestly made public by the data subject.
    case e
    /// (f) legal claims or courts acting in their judicial capacity.
    case f
    /// (g) substantial public interest under Union or member state law.
    case g
    /// (h) preventive or occupational medicine, health or social care.
    case h
    /// (i) public interest in public health.
    case i
    /// (j) archiving, research or statistics (Art. 89(1)).
    case j
}

/// A category of personal data (Art. 30(1)(c)).
public enum DataCategory: String, LedgerCode {
    /// Names, dates of birth, internal identifiers.
    case identity
    /// Addresses, e-mail addresses, telephone numbers.
    case contact
    /// Government-issued identifiers: national numbers, passports, tax ids.
    case governmentId
    /// Employment and HR records.
    case employmentHR
    /// Pay, benefits and payroll data.
    case compensationPayroll
    /// Bank accounts and other financial data.
    case financial
    /// Payment card data.
    case paymentCard
    /// Online identifiers: IP addresses, cookie and account ids.
    case onlineIdentifiers
    /// Device and technical data.
    case deviceTechnical
    /// Location data.
    case location
    /// The content of communications.
    case communicationsContent
    /// Usage and behavioural data.
    case usageBehavioural
    /// Education and professional qualifications.
    case educationProfessional
    /// Images and audio recordings.
    case imagesAudio
    /// Passwords and other authentication credentials.
    case authenticationCredentials
    /// Anything else; say what in the transfer's `notes`.
    case other
}

/// A purpose of the transfer (Art. 30(1)(b)).
public enum Purpose: String, LedgerCode {
    /// HR administration.
    case hrAdministration
    /// Payroll.
    case payroll
    /// Recruitment.
    case recruitment
    /// IT support.
    case itSupport
    /// Hosting.
    case hosting
    /// Delivering a service to a client (a processor acting for it).
    case serviceDeliveryToClient
    /// Security monitoring.
    case securityMonitoring
    /// Sales and customer relationship management.
    case salesCRM
    /// Legal compliance.
    case legalCompliance
    /// Finance and audit.
    case financeAudit
    /// Anything else; say what in the transfer's `notes`.
    case other
}

/// A category of data subjects (Art. 30(1)(c)).
public enum SubjectCategory: String, LedgerCode {
    /// Employees.
    case employee
    /// Job applicants.
    case jobApplicant
    /// Contractors.
    case contractor
    /// Former employees.
    case formerEmployee
    /// Individual customers.
    case customerIndividual
    /// Contacts at business customers.
    case customerBusinessContact
    /// End users of a client the group serves as a processor.
    case clientEndUser
    /// Contacts at suppliers.
    case supplierContact
    /// Patients.
    case patient
    /// Minors.
    case minor
    /// Website visitors.
    case websiteVisitor
    /// Anyone else; say who in the transfer's `notes`.
    case other
}

/// An approximate number of data subjects: bands, never exact figures.
public enum CountBand: String, LedgerCode {
    /// 1 to 10.
    case b1_10
    /// 11 to 100.
    case b11_100
    /// 101 to 1,000.
    case b101_1k
    /// 1,001 to 10,000.
    case b1k_10k
    /// 10,001 to 100,000.
    case b10k_100k
    /// 100,001 to 1,000,000.
    case b100k_1m
    /// More than 1,000,000.
    case bOver1m
    /// Not known; counted apart in totals.
    case unknown

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
    /// Data encrypted at rest with keys held only in the EEA (use case 1).
    case encryptionKeysInEEA
    /// Pseudonymised data whose re-identification keys stay in the EEA (use case 2).
    case pseudonymisationKeysInEEA
    /// Processing split between parties so no single one sees the whole (use case 5).
    case splitProcessing
    /// Encryption in transit.
    case transportEncryption
    /// Access controls that stop remote access from the destination.
    case accessControlsNoRemoteAccessFromDestination
    /// The importer's contractual commitments about government access requests.
    case contractualGovAccessCommitments
    /// The importer's transparency reporting on government access requests.
    case transparencyReporting
    /// An organisational policy for handling government access requests.
    case organisationalRequestHandlingPolicy
}

/// Where a destination stands under GDPR Chapter V on a given day.
public enum Region: String, LedgerCode {
    /// Inside the EEA (or treated so on that day): no Chapter V transfer.
    case eea = "EEA"
    /// Covered by an adequacy decision in force on that day.
    case adequate = "ADEQUATE"
    /// Any other country: the transfer needs Art. 46 safeguards or an Art. 49 derogation.
    case thirdCountry = "THIRD_COUNTRY"
    /// An international organisation (Art. 4(26)), judged as a third country unless adequate.
    case internationalOrganisation = "INTERNATIONAL_ORGANISATION"
}
