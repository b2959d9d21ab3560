import TransferLedger

extension SampleGroup {
    /// The sample group's registry: entities, BCRs and memberships, the group's identity, agreements, sub-processor
    /// authorisations, TIAs, importer attributes and derogation assessments, as `registry add` lines.
    public static let registryLines: [String] = entityLines + [
        #"{"kind":"bcr","id":"BCR-C-NW-2021","type":"controller","leadAuthority":"CNIL","validFrom":"2021-03-01","coveredCountries":["IN","US","JP","CH","GB","BR"],"dataCategories":["identity","contact","employmentHR","compensationPayroll","educationProfessional","deviceTechnical","onlineIdentifiers","imagesAudio"],"purposes":["payroll","hrAdministration","recruitment","itSupport","securityMonitoring","salesCRM"],"publicVersion":"https://nordwind.example/privacy/bcr-c"}"#,
        #"{"kind":"bcr","id":"BCR-P-NW-2022","type":"processor","leadAuthority":"CNIL","validFrom":"2022-06-01","coveredCountries":["IN","US","PH"],"dataCategories":["identity","contact","communicationsContent","deviceTechnical"],"purposes":["serviceDeliveryToClient","itSupport","hosting"]}"#,
    ] + membershipLines + [
        #"{"kind":"group","id":"GROUP-NORDWIND","legalName":"Nordwind Group SE","contactEmail":"dpo@nordwind.example","contactAddress":"Data Protection Officer, Nordwind Group SE, 12 quai de la Seine, Paris, France","validFrom":"2021-01-01"}"#,
        #"{"kind":"agreement","id":"IGA-2019-01","type":"intraGroupAgreement","parties":["NW-FR","NW-DE","NW-IE","NW-PL","NW-UK","NW-CH","NW-JP","NW-IN","NW-US","NW-BR"],"validFrom":"2021-03-01"}"#,
        #"{"kind":"agreement","id":"SCC-CLOUDCO-2023","type":"scc2021_914","exporter":"NW-FR","importer":"CLOUDCO-US","module":"c2p","validFrom":"2023-02-01"}"#,
        #"{"kind":"agreement","id":"DPA-CLOUDCO-2023","type":"art28Contract","controller":"NW-FR","processor":"CLOUDCO-US","transferDestinations":["US"],"validFrom":"2023-02-01"}"#,
        #"{"kind":"agreement","id":"SCC-CLOUDCO-DE-2024","type":"scc2021_914","exporter":"NW-DE","importer":"CLOUDCO-US","module":"p2p","validFrom":"2024-01-15"}"#,
        #"{"kind":"agreement","id":"SCC-HELPDESK-2024","type":"scc2021_914","exporter":"NW-IE","importer":"HELPDESK-PH","module":"p2p","validFrom":"2024-04-01"}"#,
        #"{"kind":"agreement","id":"SCC-IG-UK-IN-2022","type":"scc2021_914","exporter":"NW-UK","importer":"NW-IN","module":"c2p","validFrom":"2022-09-01"}"#,
        #"{"kind":"agreement","id":"CSA-ACME-2024","type":"clientServiceAgreement","controller":"CLIENT-ACME-DE","processor":"NW-IE","transferDestinations":["IN"],"bcr":"BCR-P-NW-2022","validFrom":"2024-01-01"}"#,
        #"{"kind":"agreement","id":"CSA-ACME-HOSTING-2024","type":"clientServiceAgreement","controller":"CLIENT-ACME-DE","processor":"NW-DE","transferDestinations":["US"],"validFrom":"2024-01-01"}"#,
        #"{"kind":"agreement","id":"CSA-SOL-2025","type":"clientServiceAgreement","controller":"CLIENT-SOL-ES","processor":"NW-IE","transferDestinations":["PH"],"validFrom":"2025-01-01"}"#,
        #"{"kind":"agreement","id":"DPA-ACME-IN-2024","type":"art28Contract","controller":"CLIENT-ACME-DE","processor":"NW-IN","transferDestinations":["DE"],"validFrom":"2024-01-01"}"#,
        #"{"kind":"agreement","id":"DPA-ACME-CH-2024","type":"art28Contract","controller":"CLIENT-ACME-DE","processor":"NW-CH","transferDestinations":["DE"],"validFrom":"2024-01-01"}"#,
        #"{"kind":"agreement","id":"DPA-NW-US-FIN-2023","type":"art28Contract","controller":"NW-FR","processor":"NW-US","transferDestinations":["FR"],"validFrom":"2023-01-01"}"#,
        #"{"kind":"agreement","id":"DPA-PAYROLL-2022","type":"art28Contract","controller":"NW-PL","processor":"PAYROLL-IE","transferDestinations":[],"validFrom":"2022-01-01"}"#,
        #"{"kind":"subprocessorAuthorisation","id":"SPA-ACME-IN","controller":"CLIENT-ACME-DE","processor":"NW-IE","subProcessor":"NW-IN","type":"specific","validFrom":"2024-01-01"}"#,
        #"{"kind":"subprocessorAuthorisation","id":"SPA-ACME-CLOUDCO","controller":"CLIENT-ACME-DE","processor":"NW-DE","subProcessor":"CLOUDCO-US","type":"general","noticeDate":"2024-01-15","objectionPeriodDays":30,"validFrom":"2024-01-15"}"#,
        #"{"kind":"subprocessorAuthorisation","id":"SPA-SOL-PH","controller":"CLIENT-SOL-ES","processor":"NW-IE","subProcessor":"HELPDESK-PH","type":"specific","validFrom":"2025-01-01"}"#,
        #"{"kind":"tia","id":"TIA-IN-2026-01","destination":"IN","importers":["NW-IN"],"outcome":"proceedWithSupplementaryMeasures","validFrom":"2025-06-01","reviewDue":"2026-11-15","requiredMeasures":["encryptionKeysInEEA"],"coversSpecialCategories":true}"#,
        #"{"kind":"tia","id":"TIA-US-2025-02","destination":"US","importers":["CLOUDCO-US","NW-US"],"outcome":"proceedWithSupplementaryMeasures","validFrom":"2025-02-01","reviewDue":"2027-02-01","requiredMeasures":["encryptionKeysInEEA"],"coversSpecialCategories":false}"#,
        #"{"kind":"tia","id":"TIA-PH-2024-01","destination":"PH","importers":["HELPDESK-PH"],"outcome":"proceedWithSupplementaryMeasures","validFrom":"2024-04-01","reviewDue":"2027-04-01","requiredMeasures":["accessControlsNoRemoteAccessFromDestination"],"coversSpecialCategories":false}"#,
        #"{"kind":"tia","id":"TIA-BR-2025-01","destination":"BR","importers":["NW-BR"],"outcome":"proceed","validFrom":"2025-01-01","reviewDue":"2027-01-01","requiredMeasures":[],"coversSpecialCategories":false}"#,
        #"{"kind":"importerAttributes","entity":"NW-US","conditions":["DPF_CERTIFIED_ACTIVE","DPF_COVERS_HR","DPF_COVERS_NON_HR"],"validFrom":"2023-07-10"}"#,
        #"{"kind":"importerAttributes","entity":"CLOUDCO-US","conditions":[],"validFrom":"2021-01-01"}"#,
        #"{"kind":"importerAttributes","entity":"HELPDESK-PH","conditions":["SUBJECT_TO_GDPR_ART3_2"],"validFrom":"2024-04-01"}"#,
        #"{"kind":"importerAttributes","entity":"NW-JP","conditions":["PRIVATE_SECTOR_APPI","SUPPLEMENTARY_RULES_APPLY"],"validFrom":"2021-01-01"}"#,
        #"{"kind":"importerAttributes","entity":"EPO","conditions":["IMPORTER_IS_EPO"],"validFrom":"2021-01-01"}"#,
        #"{"kind":"derogationAssessment","id":"DEROG-2026-004","ground":"derogationExplicitConsent","exporter":"NW-FR","importer":"NW-IN","occasional":true,"art46UnavailableReason":"relocation within 48 hours, no BCR scope for image data, ref HR-2026-4","evidenceRefs":{"consent":"CONSENT-2026-004","riskInformation":"RISK-INFO-v3"},"validFrom":"2025-11-01"}"#,
        #"{"kind":"derogationAssessment","id":"DEROG-2026-011","ground":"derogationLegalClaims","exporter":"NW-FR","importer":"NW-US","occasional":true,"art46UnavailableReason":"court deadline, ref LEG-2026-11","evidenceRefs":{"claim":"CASE-2026-011"},"validFrom":"2025-11-01"}"#,
        #"{"kind":"derogationAssessment","id":"DEROG-2026-015","ground":"derogationContractWithDataSubject","exporter":"NW-IE","importer":"NW-IN","occasional":true,"art46UnavailableReason":"travel booking requested by the customer, ref TRV-2026-15","evidenceRefs":{"contract":"TRAVEL-TERMS-2026"},"validFrom":"2025-11-01"}"#,
    ]

    private static var entityLines: [String] {
        entities.map { entity in
            #"{"kind":"entity","code":"\#(entity.code)","legalName":"\#(entity.name)","country":"\#(entity.country)","groupMember":\#(entity.isGroupMember),"validFrom":"2021-01-01"}"#
        }
    }

    private static var membershipLines: [String] {
        let controllerMembers = ["NW-FR", "NW-DE", "NW-IE", "NW-PL", "NW-UK", "NW-CH", "NW-JP", "NW-IN", "NW-US", "NW-BR"]
        let processorMembers = ["NW-FR", "NW-DE", "NW-IE", "NW-IN", "NW-US"]
        return controllerMembers.map { #"{"kind":"membership","id":"M-C-\#($0)","entity":"\#($0)","instrument":"BCR-C-NW-2021","validFrom":"2021-03-01"}"# }
            + processorMembers.map { #"{"kind":"membership","id":"M-P-\#($0)","entity":"\#($0)","instrument":"BCR-P-NW-2022","validFrom":"2022-06-01"}"# }
    }

    /// The registry facts, decoded; the sample is checked by the test suite, so a bad line is a defect.
    public static func registryFacts() throws(RecordError) -> [RegistryFact] {
        var facts: [RegistryFact] = []
        for (index, line) in registryLines.enumerated() {
            do {
                facts.append(try RegistryFact(line: try JSONParser.parse(line)))
            } catch let error as RecordError {
                throw error.inRecord(index + 1)
            } catch {
                throw RecordError(record: index + 1, field: "", rule: .syntax, message: "\(error)")
            }
        }
        return facts
    }
}
