import LedgerFormat

extension ReportHTML {
    /// Words for the codes of report.json; a code the renderer does not know is shown as it is.
    enum Label {
        /// A mechanism's name with its article, and the short form used as a matrix column heading.
        static func mechanism(_ code: String) -> (long: String, short: String) {
            switch code {
            case "notATransfer": ("Not a transfer (inside the EEA)", "EEA")
            case "adequacy": ("Adequacy decision, Art.\u{00A0}45", "Adequacy")
            case "publicAuthorityInstrument": ("Public-authority instrument, Art.\u{00A0}46(2)\u{2060}(a)", "PA instr.")
            case "bcrController": ("BCR for controllers, Art.\u{00A0}47", "BCR-C")
            case "bcrProcessor": ("BCR for processors, Art.\u{00A0}47", "BCR-P")
            case "sccCommission": ("Commission SCC 2021/914, Art.\u{00A0}46(2)\u{2060}(c)", "SCC")
            case "sccSupervisoryAuthority": ("SA-adopted SCC, Art.\u{00A0}46(2)\u{2060}(d)", "SA SCC")
            case "codeOfConduct": ("Code of conduct, Art.\u{00A0}46(2)\u{2060}(e)", "CoC")
            case "certification": ("Certification, Art.\u{00A0}46(2)\u{2060}(f)", "Cert.")
            case "adHocClausesAuthorised": ("Authorised ad-hoc clauses, Art.\u{00A0}46(3)\u{2060}(a)", "Ad hoc")
            case "administrativeArrangementAuthorised": ("Authorised administrative arrangement, Art.\u{00A0}46(3)\u{2060}(b)", "Admin. arr.")
            case "legacyAuthorisation": ("Directive-era authorisation, Art.\u{00A0}46(5)", "Legacy")
            case "derogationExplicitConsent": ("Explicit consent, Art.\u{00A0}49(1)\u{2060}(a)", "49(1)(a)")
            case "derogationContractWithDataSubject": ("Contract with the data subject, Art.\u{00A0}49(1)\u{2060}(b)", "49(1)(b)")
            case "derogationContractInInterestOfDataSubject": ("Contract in the subject's interest, Art.\u{00A0}49(1)\u{2060}(c)", "49(1)(c)")
            case "derogationPublicInterest": ("Important public interest, Art.\u{00A0}49(1)\u{2060}(d)", "49(1)(d)")
            case "derogationLegalClaims": ("Legal claims, Art.\u{00A0}49(1)\u{2060}(e)", "49(1)(e)")
            case "derogationVitalInterests": ("Vital interests, Art.\u{00A0}49(1)\u{2060}(f)", "49(1)(f)")
            case "derogationPublicRegister": ("Public register, Art.\u{00A0}49(1)\u{2060}(g)", "49(1)(g)")
            case "derogationCompellingLegitimateInterests": ("Compelling legitimate interests, Art.\u{00A0}49(1) second subparagraph", "49(1) §2")
            default: (code, code)
            }
        }

        /// The order mechanisms appear in: the enumeration's, which follows Chapter V; unknown codes last.
        static func mechanismRank(_ code: String) -> Int {
            TransferMechanism.allCases.firstIndex { $0.rawValue == code } ?? TransferMechanism.allCases.count
        }

        /// Whether a mechanism code is an Art. 49 derogation.
        static func isDerogation(_ code: String) -> Bool {
            TransferMechanism(rawValue: code)?.family == .derogation49
        }

        /// The families in report order, with their names.
        static let families: [(code: String, name: String)] = [
            ("NONE", "No transfer (EEA)"),
            ("ADEQUACY", "Adequacy (Art. 45)"),
            ("SAFEGUARDS_46", "Safeguards (Art. 46/47)"),
            ("DEROGATION_49", "Derogation (Art. 49)"),
        ]

        /// An Art. 9(2) condition code in words: `h` → `(h) health or social care`.
        static func art9Condition(_ code: String) -> String {
            switch code {
            case "a": "(a) explicit consent"
            case "b": "(b) employment and social security law"
            case "c": "(c) vital interests"
            case "d": "(d) not-for-profit body, for its members"
            case "e": "(e) manifestly made public"
            case "f": "(f) legal claims"
            case "g": "(g) substantial public interest"
            case "h": "(h) preventive or occupational medicine, health or social care"
            case "i": "(i) public health"
            case "j": "(j) archiving, research or statistics"
            default: code
            }
        }

        /// A region code in words.
        static func region(_ code: String?) -> String {
            switch code {
            case "EEA": "EEA"
            case "ADEQUATE": "adequate"
            case "THIRD_COUNTRY": "third country"
            case "INTERNATIONAL_ORGANISATION": "international org."
            case .some(let other): other
            case .none: "—"
            }
        }

        /// A role's initials, as the role view's column headings use them.
        static func role(_ code: String) -> String {
            switch code {
            case "controller": "C"
            case "jointController": "JC"
            case "processor": "P"
            case "subProcessor": "SP"
            default: code
            }
        }

        /// What a rule of domain §3.5 requires, in a line.
        static func rule(_ code: String) -> String {
            switch code {
            case "REG": "Every transfer, agreement, TIA or entity cited exists in the registry"
            case "R1": "Destination region derived from reference data"
            case "R2": "Chapter V applies exactly when data leaves the EEA"
            case "R3": "Art. 49 only absent adequacy and Art. 46 safeguards"
            case "R4": "Adequacy only inside the decision's scope"
            case "R5a": "BCR-C between bound members, inside the material scope"
            case "R5b": "BCR-P for an external controller under its service agreement"
            case "R6": "SCC between exactly these parties, with the module the roles imply"
            case "R7": "A current, positive TIA for every Art. 46 tool"
            case "R10": "Derogations exceptional and documented per ground"
            case "R11": "Compelling legitimate interests: one-off, few people, authority and subjects informed"
            case "R12": "Processor exports follow the controller's documented instructions"
            case "R13": "Sub-processors authorised by the controller"
            case "R14": "Special categories need an Art. 9(2) condition and extra safeguards"
            case "R15": "Criminal-offence data needs an Art. 10 basis"
            case "R16": "Onward transfers continue a chain under a tool of their own"
            case "R17": "Every artefact relied on is in force on the day"
            case "R18": "No personal data in free-text fields"
            case "R20": "International organisations need an INT- code"
            case "R23": "Corrections supersede a current transfer"
            case "R24": "Government access linked to flows, disclosed only on an Art. 48 basis"
            default: ""
            }
        }

        /// A correction's reason code (R23) in words.
        static func correctionReason(_ code: String) -> String {
            switch code {
            case "roleMisclassified": "Role misclassified"
            case "mechanismMisclassified": "Mechanism misclassified"
            case "wrongReference": "Wrong reference"
            case "wrongDestination": "Wrong destination"
            case "wrongDataDescription": "Wrong data description"
            case "wrongTime": "Wrong time"
            case "wrongParties": "Wrong parties"
            case "other": "Other"
            default: code
            }
        }

        /// The kind of authority behind a government access request, in words.
        static func authority(_ code: String) -> String {
            switch code {
            case "lawEnforcement": "Law enforcement"
            case "nationalSecurity": "National security"
            case "regulator": "Regulator"
            case "court": "Court"
            case "tax": "Tax authority"
            case "other": "Other"
            default: code
            }
        }

        /// A special category code in words.
        static func specialCategory(_ code: String) -> String {
            switch code {
            case "racialOrEthnicOrigin": "Racial or ethnic origin"
            case "politicalOpinions": "Political opinions"
            case "religiousOrPhilosophicalBeliefs": "Religious or philosophical beliefs"
            case "tradeUnionMembership": "Trade-union membership"
            case "geneticData": "Genetic data"
            case "biometricForUniqueIdentification": "Biometric data for unique identification"
            case "health": "Health"
            case "sexLifeOrOrientation": "Sex life or sexual orientation"
            default: code
            }
        }
    }
}
