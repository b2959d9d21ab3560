/// The group as a controller names itself to an authority: its parent's legal name and the contact
/// point of its data protection function (Art. 13(1)(b), 37(7)), which report bundles print in their
/// header.
///
/// JSON (kind `group`): `id`, `legalName`, at least one of `contactEmail` and `contactAddress`,
/// `validFrom`, optional `validUntil` and `revision`. The contact is a function's, never a person's:
/// `contactEmail` must be a role mailbox (its local part one of `functionMailboxes`, ignoring case and
/// `.` `-` `_`), and `contactAddress` is free text screened for personal data like every registry text.
public struct GroupIdentity: Hashable, Sendable {
    /// The fact's id, such as `GROUP-NORDWIND`.
    public var id: String
    /// The registered name of the group's parent undertaking.
    public var legalName: String
    /// A role mailbox of the data protection function, such as `dpo@nordwind.example`.
    public var contactEmail: String?
    /// The postal address of the data protection function.
    public var contactAddress: String?
    /// The days this version holds.
    public var validity: Validity
    /// The version number: 1, then one more for each superseding fact.
    public var revision: Int

    /// A group identity with the given members.
    public init(id: String, legalName: String, contactEmail: String? = nil, contactAddress: String? = nil, validity: Validity, revision: Int = 1) {
        self.id = id
        self.legalName = legalName
        self.contactEmail = contactEmail
        self.contactAddress = contactAddress
        self.validity = validity
        self.revision = revision
    }

    /// The local parts a contact e-mail may have, after lowercasing and removing `.` `-` `_`: words
    /// that name a function, so the address reaches whoever holds it and identifies nobody.
    public static let functionMailboxes: Set<String> = [
        "dpo", "privacy", "dataprotection", "dataprotectionofficer", "gdpr", "rgpd", "dsgvo", "datenschutz",
        "protectiondesdonnees", "privacyoffice", "dpooffice",
    ]

    static let fields: Set<String> = FactHeader.fields.union(["id", "legalName", "contactEmail", "contactAddress"])

    /// Reads a group fact: at least one contact, a role mailbox only.
    public init(json: JSONValue) throws(RecordError) {
        let reader = try FieldReader.object(json, expected: "a group identity")
        try reader.rejectUnknown(allowed: Self.fields)
        let header = try FactHeader(reader, idField: "id")
        let email = try reader.optionalString("contactEmail")
        if let email { try Self.checkFunctionMailbox(email, field: reader.fieldPath("contactEmail")) }
        let address = try reader.optionalText("contactAddress")
        guard email != nil || address != nil else {
            throw RecordError(field: reader.fieldPath("contactEmail"), rule: .missingField,
                              message: "a group gives a contact point: contactEmail, contactAddress or both")
        }
        self.init(id: header.id, legalName: try reader.text("legalName"), contactEmail: email, contactAddress: address,
                  validity: header.validity, revision: header.revision)
    }

    /// `local@domain`, the domain a host name with a dot, the local part a function's mailbox.
    static func checkFunctionMailbox(_ email: String, field: String) throws(RecordError) {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        let hostBytes = parts.count == 2 ? Array(parts[1].utf8) : []
        let isHost = hostBytes.count >= 3 && hostBytes.count <= 200 && parts[1].contains(".") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
            && hostBytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || $0 == 0x2D || $0 == 0x2E }
        guard parts.count == 2, isHost else {
            throw RecordError(field: field, rule: .invalidCode, message: "is not an e-mail address of the form mailbox@domain.example")
        }
        let local = parts[0].lowercased().filter { $0 != "." && $0 != "-" && $0 != "_" }
        guard functionMailboxes.contains(local) else {
            throw RecordError(field: field, rule: .personalData,
                              message: "must be a function's mailbox, not a person's: its local part is one of \(functionMailboxes.sorted().joined(separator: ", ")) (R18)")
        }
    }

    /// The fact as canonical JSON members.
    public var jsonValue: JSONValue {
        var members = FactHeader.members(id: id, idField: "id", revision: revision, validity: validity)
        members["legalName"] = .string(legalName)
        members["contactEmail"] = contactEmail.map(JSONValue.string)
        members["contactAddress"] = contactAddress.map(JSONValue.string)
        return .object(members)
    }
}

extension GroupIdentity: RegistryRecord {
    package static let kind = "group"
    package static let noun = "group identity"
}
