import LedgerFormat

/// The contract's codes in the plain words a data subject reads; the codes stay in the JSON answer.
enum SubjectAccessWords {
    static func dataCategory(_ code: DataCategory) -> String {
        switch code {
        case .identity: "identity data"
        case .contact: "contact details"
        case .governmentId: "government identifiers"
        case .employmentHR: "employment and HR records"
        case .compensationPayroll: "pay and payroll data"
        case .financial: "financial data"
        case .paymentCard: "payment card data"
        case .onlineIdentifiers: "online identifiers"
        case .deviceTechnical: "device and technical data"
        case .location: "location data"
        case .communicationsContent: "content of communications"
        case .usageBehavioural: "usage and behaviour data"
        case .educationProfessional: "education and professional qualifications"
        case .imagesAudio: "images and recordings"
        case .authenticationCredentials: "login credentials"
        case .other: "other personal data"
        }
    }

    static func purpose(_ code: Purpose) -> String {
        switch code {
        case .hrAdministration: "HR administration"
        case .payroll: "payroll"
        case .recruitment: "recruitment"
        case .itSupport: "IT support"
        case .hosting: "hosting"
        case .serviceDeliveryToClient: "providing a service to a client"
        case .securityMonitoring: "security monitoring"
        case .salesCRM: "sales and customer relations"
        case .legalCompliance: "legal compliance"
        case .financeAudit: "finance and audit"
        case .other: "other purposes"
        }
    }

    static func subjectCategory(_ code: SubjectCategory) -> String {
        switch code {
        case .employee: "employees"
        case .jobApplicant: "job applicants"
        case .contractor: "contractors"
        case .formerEmployee: "former employees"
        case .customerIndividual: "customers"
        case .customerBusinessContact: "business contacts at customers"
        case .clientEndUser: "end users of clients"
        case .supplierContact: "contacts at suppliers"
        case .patient: "patients"
        case .minor: "minors"
        case .websiteVisitor: "website visitors"
        case .other: "other data subjects"
        }
    }

    static func role(_ code: PartyRole) -> String {
        switch code {
        case .controller: "controller"
        case .jointController: "joint controller"
        case .processor: "processor (acting on instructions)"
        case .subProcessor: "sub-processor (acting on instructions)"
        }
    }

    static func sccModule(_ code: SccModule) -> String {
        switch code {
        case .c2c: "module 1, controller to controller"
        case .c2p: "module 2, controller to processor"
        case .p2p: "module 3, processor to processor"
        case .p2c: "module 4, processor to controller"
        }
    }
}
