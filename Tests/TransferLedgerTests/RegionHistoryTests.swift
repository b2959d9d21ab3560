import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// The dated history of a destination (`history` in `Schema/regions.json`): the UK inside the EU,
/// its transition period and the bridge; Safe Harbour and the Privacy Shield before the DPF; US
/// territories under the DPF; and R22 for EEA-EFTA exporters.
@Suite struct RegionHistoryTests {
    typealias F = PolicyFixture

    /// The policy fixture plus importers certified under each US regime, importers in Puerto Rico,
    /// an exporter in Norway and an importer in Brazil.
    static let registry: Registry = {
        let extra: [(String, String)] = [
            F.entity("SH-US", "US", member: false), F.entity("PS-US", "US", member: false),
            F.entity("DPF-PR", "PR", member: false), F.entity("VEND-PR", "PR", member: false),
            F.entity("GRP-NO", "NO", member: true), F.entity("LGPD-BR", "BR", member: false),
            ("importerAttributes", #"{"entity": "SH-US", "conditions": ["SAFE_HARBOUR_CERTIFIED"], "validFrom": "2001-01-01", "validUntil": "2015-10-05"}"#),
            ("importerAttributes", #"{"entity": "PS-US", "conditions": ["PRIVACY_SHIELD_CERTIFIED"], "validFrom": "2016-08-01", "validUntil": "2020-07-15"}"#),
            ("importerAttributes", #"{"entity": "DPF-PR", "conditions": ["DPF_CERTIFIED_ACTIVE", "DPF_COVERS_NON_HR"], "validFrom": "2023-07-10"}"#),
            ("importerAttributes", #"{"entity": "VEND-PR", "conditions": [], "validFrom": "2023-07-10"}"#),
            ("importerAttributes", #"{"entity": "LGPD-BR", "conditions": ["SUBJECT_TO_LGPD"], "validFrom": "2026-01-26"}"#),
        ]
        var registry = Registry()
        for (kind, text) in F.facts + extra {
            // Checked by `theExtraFactsApply`; an error here shows up as failing rules.
            if let fact = try? RegistryFact(kind: kind, bytes: Array(text.utf8)) { try? registry.apply(fact) }
        }
        return registry
    }()

    static func verdict(_ transfer: Transfer, engine: PolicyEngine = F.engine) -> PolicyVerdict {
        engine.evaluate(transfer, registry: registry) { _ in nil }
    }

    /// Customer contacts (non-HR data) from `exporter` to `importer` in `destination` under adequacy.
    static func contacts(from exporter: String = "GRP-FR", to importer: String, in destination: String,
                         ref: String?, on day: String, mechanism: TransferMechanism = .adequacy) -> Transfer {
        F.transfer(exporter, .controller, importer, .controller, to: destination, mechanism, ref: ref, on: day,
                   data: [.identity, .contact], purposes: [.salesCRM], subjects: [.customerBusinessContact])
    }

    static func checks(_ verdict: PolicyVerdict, _ severity: Severity) -> [String] {
        verdict.findings.filter { $0.severity == severity }.map(\.check)
    }

    @Test func theExtraFactsApply() throws {
        #expect(Self.registry.factCount == F.facts.count + 11)
    }

    // MARK: The United Kingdom

    @Test(arguments: ["2019-06-01", "2020-06-01", "2021-03-01"])
    func theUKInsideTheEUItsTransitionAndTheBridgeIsNoTransfer(day: String) {
        let labelled = Self.verdict(Self.contacts(to: "GRP-UK", in: "GB", ref: "(EU) 2021/1772", on: day))
        #expect(Self.checks(labelled, .fail) == [], "\(labelled.findings)")
        #expect(Self.checks(labelled, .warn) == ["R2.unnecessaryMechanism"])
        let plain = Self.verdict(Self.contacts(to: "GRP-UK", in: "GB", ref: nil, on: day, mechanism: .notATransfer))
        #expect(plain.status == .compliant, "\(plain.findings)")
        #expect(ReferenceData.embedded.region(of: "GB", at: F.transfer("GRP-FR", .controller, "GRP-UK", .controller, to: "GB", .notATransfer, on: day).occurredAt) == .eea)
    }

    @Test func theUKAfterTheAdequacyDecision() {
        let verdict = Self.verdict(Self.contacts(to: "GRP-UK", in: "GB", ref: "(EU) 2021/1772", on: "2021-07-01"))
        #expect(verdict.status == .compliant, "\(verdict.findings)")
        let unlabelled = Self.verdict(Self.contacts(to: "GRP-UK", in: "GB", ref: nil, on: "2021-07-01", mechanism: .notATransfer))
        #expect(Self.checks(unlabelled, .fail).contains("R2.mechanismMissing"))
    }

    // MARK: The United States before the DPF

    @Test func safeHarbourCoversACertifiedImporterIn2010() {
        let verdict = Self.verdict(Self.contacts(to: "SH-US", in: "US", ref: "2000/520/EC", on: "2010-01-01"))
        #expect(verdict.status == .compliant, "\(verdict.findings)")
        let wrongRef = Self.verdict(Self.contacts(to: "SH-US", in: "US", ref: "(EU) 2023/1795", on: "2010-01-01"))
        #expect(Self.checks(wrongRef, .fail) == ["R4.wrongDecision"], "\(wrongRef.findings)")
        #expect(wrongRef.findings.first?.message.contains("2000/520/EC") == true)
    }

    @Test func thePrivacyShieldCoversItsOwnListIn2018() {
        let verdict = Self.verdict(Self.contacts(to: "PS-US", in: "US", ref: "(EU) 2016/1250", on: "2018-01-01"))
        #expect(verdict.status == .compliant, "\(verdict.findings)")
    }

    /// (importer, decision cited, day, the FAIL expected): each regime needs its own certification,
    /// in force on the day, and only its own days.
    @Test(arguments: [
        ("PS-US", "2000/520/EC", "2010-01-01", "R17.importerAttributesNotInForce"),
        ("GRP-US", "2000/520/EC", "2010-01-01", "R17.importerAttributesNotInForce"),
        ("SH-US", "2000/520/EC", "2016-01-01", "R17.adequacyNotInForce"),
        ("SH-US", "(EU) 2016/1250", "2018-01-01", "R17.importerAttributesNotInForce"),
        ("VEND-US", "(EU) 2016/1250", "2020-03-01", "R4.importerConditionUnmet"),
        ("PS-US", "(EU) 2016/1250", "2020-07-16", "R17.adequacyNotInForce"),
    ])
    func earlierRegimesFailOutsideTheirScope(importer: String, ref: String, day: String, check: String) {
        let verdict = Self.verdict(Self.contacts(to: importer, in: "US", ref: ref, on: day))
        #expect(verdict.status == .nonCompliant)
        #expect(Self.checks(verdict, .fail).contains(check), "\(verdict.findings)")
    }

    @Test func betweenSafeHarbourAndThePrivacyShieldTheUSIsAThirdCountry() {
        #expect(ReferenceData.embedded.region(of: "US", at: Self.contacts(to: "SH-US", in: "US", ref: nil, on: "2016-01-01").occurredAt) == .thirdCountry)
        #expect(ReferenceData.embedded.adequacyDecision(for: "US", on: Day("2016-01-01")!)?.id == "(EU) 2023/1795")
    }

    @Test func theDPFIsUnchanged() {
        let verdict = Self.verdict(Self.contacts(to: "GRP-US", in: "US", ref: "(EU) 2023/1795", on: "2026-02-01"))
        #expect(verdict.status == .compliant, "\(verdict.findings)")
    }

    // MARK: US territories

    @Test(arguments: ["PR", "GU", "VI", "MP", "AS", "UM"])
    func territoriesFollowTheDPF(code: String) {
        let destination = ReferenceData.embedded.destination(code)
        #expect(destination?.decision == "(EU) 2023/1795")
        #expect(destination?.importerConditions == ["DPF_CERTIFIED_ACTIVE", "DPF_COVERS_DATA_TYPE"])
        #expect(destination?.history.map(\.decision?.id) == ["2000/520/EC", "(EU) 2016/1250"])
    }

    @Test func aDPFCertifiedImporterInPuertoRicoIsCovered() {
        let verdict = Self.verdict(Self.contacts(to: "DPF-PR", in: "PR", ref: "(EU) 2023/1795", on: "2026-02-01"))
        #expect(verdict.status == .compliant, "\(verdict.findings)")
    }

    @Test func anUncertifiedImporterInPuertoRicoIsNot() {
        let verdict = Self.verdict(Self.contacts(to: "VEND-PR", in: "PR", ref: "(EU) 2023/1795", on: "2026-02-01"))
        #expect(Self.checks(verdict, .fail) == ["R4.importerConditionUnmet"], "\(verdict.findings)")
    }

    // MARK: R22, EEA-EFTA exporters

    @Test func aNorwegianExporterWarnsWhileTheBrazilDecisionIsPending() {
        let fromNorway = Self.verdict(Self.contacts(from: "GRP-NO", to: "LGPD-BR", in: "BR", ref: "(EU) 2026/179", on: "2026-03-01"))
        #expect(fromNorway.status == .compliantWithWarnings, "\(fromNorway.findings)")
        #expect(Self.checks(fromNorway, .warn) == ["R22.notYetIncorporated"])
        #expect(fromNorway.findings.first?.message.contains("(EU) 2026/179") == true)
        let fromFrance = Self.verdict(Self.contacts(to: "LGPD-BR", in: "BR", ref: "(EU) 2026/179", on: "2026-03-01"))
        #expect(fromFrance.status == .compliant, "\(fromFrance.findings)")
        let toJapan = Self.verdict(Self.contacts(from: "GRP-NO", to: "JP-PARTNER", in: "JP", ref: "(EU) 2019/419", on: "2026-03-01"))
        #expect(toJapan.status == .compliant, "\(toJapan.findings)")
    }

    @Test(arguments: [("2026-03-01", true), ("2026-05-31", true), ("2026-06-01", false)])
    func aNorwegianExporterWarnsUntilTheIncorporationDate(day: String, warns: Bool) throws {
        let table = try ReferenceData(json: """
            {"entries": [
              {"code": "FR", "kind": "COUNTRY", "name": "France", "region": "EEA"},
              {"code": "NO", "kind": "COUNTRY", "name": "Norway", "region": "EEA"},
              {"code": "BR", "kind": "COUNTRY", "name": "Brazil", "region": "ADEQUATE", "decision": "(EU) 2026/179",
               "since": "2026-01-26", "eea_incorporated": "2026-06-01", "importer_conditions": ["SUBJECT_TO_LGPD"]}
            ]}
            """)
        let verdict = Self.verdict(Self.contacts(from: "GRP-NO", to: "LGPD-BR", in: "BR", ref: "(EU) 2026/179", on: day),
                                   engine: PolicyEngine(referenceData: table))
        #expect(Self.checks(verdict, .warn) == (warns ? ["R22.notYetIncorporated"] : []), "\(verdict.findings)")
        #expect(Self.checks(verdict, .fail) == [])
        if warns { #expect(verdict.findings.first?.message.contains("2026-06-01") == true) }
    }

    // MARK: Validation of history

    static func table(history: String, current: String = #""region": "ADEQUATE", "decision": "D-1", "since": "2020-01-01""#) -> String {
        #"{"entries": [{"code": "XA", "kind": "COUNTRY", "name": "Xa", \#(current), "history": [\#(history)]}]}"#
    }

    @Test(arguments: [
        (#"{"from": "2010-01-01", "until": "2012-12-31", "region": "EEA"}, {"from": "2012-12-31", "until": "2013-06-30", "region": "THIRD_COUNTRY"}"#,
         "entries[0].history[1].from", RecordError.Rule.overlappingPeriods),
        (#"{"from": "2019-01-01", "region": "EEA"}"#, "entries[0].history[0].from", .overlappingPeriods),
        (#"{"from": "2019-01-01", "until": "2020-01-01", "region": "EEA"}"#, "entries[0].history[0].from", .overlappingPeriods),
        (#"{"from": "2010-01-01", "until": "2012-12-31", "region": "ADEQUATE"}"#, "entries[0].history[0].decision", .missingField),
        (#"{"from": "2010-01-01", "until": "2012-12-31", "region": "ADEQUATE", "decision": ""}"#, "entries[0].history[0].decision", .empty),
        (#"{"from": "2010-02-30", "region": "EEA"}"#, "entries[0].history[0].from", .malformedTimestamp),
        (#"{"from": "2010-01-01", "until": "2009-12-31", "region": "EEA"}"#, "entries[0].history[0].until", .windowBeforeStart),
        (#"{"from": "2010-01-01", "until": "2012-12-31", "region": "EEA", "decision": "D-0"}"#, "entries[0].history[0].decision", .unknownField),
        (#"{"from": "2010-01-01", "until": "2012-12-31", "region": "ADEQUATE", "decision": "D-0", "eea_incorporated": "soon"}"#,
         "entries[0].history[0].eea_incorporated", .malformedTimestamp),
        (#"{"from": "2010-01-01", "until": "2012-12-31", "region": "ADEQUATE", "decision": "D-0", "importer_conditions": ["NO_SUCH"]}"#,
         "entries[0].history[0].importer_conditions[0]", .unknownValue),
        (#""2010-01-01""#, "entries[0].history[0]", .notAnObject),
    ])
    func malformedHistoryIsRefusedNamingTheMember(history: String, field: String, rule: RecordError.Rule) {
        #expect {
            _ = try ReferenceData(json: Self.table(history: history))
        } throws: { error in
            guard let error = error as? RecordError else { return false }
            return error.field == field && error.rule == rule
        }
    }

    @Test func aWellFormedHistoryJudgesItsDays() throws {
        let table = try ReferenceData(json: Self.table(history: """
            {"from": "2010-01-01", "until": "2012-12-31", "region": "EEA", "basis": "member"},
            {"from": "2015-01-01", "until": "2019-12-31", "region": "ADEQUATE", "decision": "D-0"}
            """))
        func region(_ day: String) -> Region? {
            table.region(of: "XA", at: F.transfer("A", .controller, "B", .controller, to: "XA", .adequacy, on: day).occurredAt)
        }
        #expect(region("2009-12-31") == .thirdCountry)
        #expect(region("2010-01-01") == .eea)
        #expect(region("2012-12-31") == .eea)
        #expect(region("2013-01-01") == .thirdCountry)
        #expect(region("2019-12-31") == .adequate)
        #expect(region("2020-01-01") == .adequate)
        #expect(table.adequacyDecision(for: "XA", on: Day("2016-01-01")!)?.id == "D-0")
        #expect(table.adequacyDecision(for: "XA", on: Day("2011-01-01")!) == nil)
        #expect(table.adequacyDecision(for: "XA", on: Day("2013-01-01")!)?.id == "D-1")
    }

    @Test func aThirdCountryEntryMayHaveAnOpenEndedPast() throws {
        let table = try ReferenceData(json: Self.table(history: #"{"from": "2010-01-01", "region": "EEA"}"#, current: #""region": "THIRD_COUNTRY""#))
        #expect(table.region(of: "XA", at: F.transfer("A", .controller, "B", .controller, to: "XA", .adequacy, on: "2030-01-01").occurredAt) == .eea)
    }
}
