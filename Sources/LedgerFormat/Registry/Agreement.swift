/// The kind of contract an `Agreement` is.
public enum AgreementType: String, LedgerCode {
    /// Standard contractual clauses of Implementing Decision (EU) 2021/914 (Art. 46(2)(c)).
    case scc2021_914
    /// Directive-era clauses (2001/497, 2004/915, 2010/87/EU): no transfer tool after 2022-12-27.
    case sccLegacy
    /// A controller–processor contract under Art. 28(3), carrying the controller's documented instructions.
    case art28Contract
    /// The intra-group agreement that makes the BCRs binding on members.
    case intraGroupAgreement
    /// A client's service agreement that makes the BCR-P binding (WP257) and carries its instructions.
    case clientServiceAgreement
}

/// A contract the registry knows: SCCs, an Art. 28 contract, an intra-group or a client service agreement.
///
/// JSON (kind `agreement`): `id`, `type`, `validFrom` (signature, or accession under a docking
/// clause), optional `validUntil` (termination), optional `revision`, then by type:
/// `scc2021_914` — `exporter`, `importer`, `module` (`c2c` | `c2p` | `p2p` | `p2c`), and for module
/// `p2c` optional `combinesEuData` (true or false, absent meaning false);
/// `sccLegacy` — `exporter`, `importer`, optional `module`;
/// `art28Contract` / `clientServiceAgreement` — `controller`, `processor`, `transferDestinations`
/// (destination codes the controller's instructions allow, may be empty), and for a client service
/// agreement optional `bcr` (the BCR-P it makes binding);
/// `intraGroupAgreement` — `parties` (two or more entity codes). Other members are rejected.
public struct Agreement: Hashable, Sendable {
    /// The agreement's id, as transfers cite it in `mechanismRef` or `contractRefs`.
    public var id: String
    /// What kind of contract it is.
    public var type: AgreementType
    /// The data exporter (SCCs).
    public var exporter: String?
    /// The data importer (SCCs).
    public var importer: String?
    /// The SCC module (mandatory for 2021/914 clauses).
    public var module: SccModule?
    /// Module 4 (`p2c`) only: whether the EU processor combines the personal data it receives back
    /// from the third-country controller with personal data it collected in the EU. Clauses 14 and
    /// 15, and so a transfer impact assessment, apply only then (Decision 2021/914, Annex, Module
    /// Four); nil means it does not.
    public var combinesEuData: Bool?
    /// The controller (Art. 28 contract, client service agreement).
    public var controller: String?
    /// The processor (Art. 28 contract, client service agreement).
    public var processor: String?
    /// The destinations the controller's documented instructions allow (Art. 28(3)(a)).
    public var transferDestinations: Set<String>?
    /// The BCR-P a client service agreement makes binding.
    public var bcr: String?
    /// The signatory entities (intra-group agreement).
    public var parties: Set<String>?
    /// From signature or accession to termination.
    public var validity: Validity
    /// The version number: 1, then one more for each superseding fact (e.g. recording a termination).
    public var revision: Int

    /// An agreement of `type`; set the members its type needs afterwards.
    public init(id: String, type: AgreementType, validity: Validity, revision: Int = 1) {
        self.id = id
        self.type = type
        self.validity = validity
        self.revision = revision
    }

    /// The members each type requires and allows beyond the header, `id` and `type`.
    static func members(for type: AgreementType) -> (required: Set<String>, optional: Set<String>) {
        switch type {
        case .scc2021_914: (["exporter", "importer", "module"], ["combinesEuData"])
        case .sccLegacy: (["exporter", "importer"], ["module"])
        case .art28Contract: (["controller", "processor", "transferDestinations"], [])
        case .clientServiceAgreement: (["controller", "processor", "transferDestinations"], ["bcr"])
        case .intraGroupAgreement: (["parties"], [])
        }
    }

    /// Reads an agreement fact, rejecting members its type does not have, wrong types and bad codes.
    package init(json: JSONValue) throws(RecordError) {
        let reader = try FieldReader.object(json, expected: "an agreement")
        let type: AgreementType = try reader.code("type")
        let (required, optional) = Self.members(for: type)
        try reader.rejectUnknown(allowed: FactHeader.fields.union(["id", "type"]).union(required).union(optional))
        for name in required.sorted() where !reader.has(name) {
            throw RecordError(field: name, rule: .missingField, message: "is mandatory for an agreement of type \(type.rawValue)")
        }
        let header = try FactHeader(reader, idField: "id")
        self.init(id: header.id, type: type, validity: header.validity, revision: header.revision)
        exporter = try reader.optionalReference("exporter")
        importer = try reader.optionalReference("importer")
        module = try reader.optionalCode("module")
        if reader.has("combinesEuData") {
            guard module == .p2c else {
                throw RecordError(field: "combinesEuData", rule: .invalidCode,
                                  message: "only applies to module p2c, where Clauses 14 and 15 depend on it; this agreement is module \(module?.rawValue ?? "unset")")
            }
            combinesEuData = try reader.bool("combinesEuData")
        }
        controller = try reader.optionalReference("controller")
        processor = try reader.optionalReference("processor")
        bcr = try reader.optionalReference("bcr")
        if reader.has("transferDestinations") {
            transferDestinations = Set(try reader.distinctReferences("transferDestinations", mayBeEmpty: true))
        }
        if reader.has("parties") {
            let list = try reader.distinctReferences("parties")
            guard list.count >= 2 else {
                throw RecordError(field: "parties", rule: .empty, message: "an intra-group agreement needs at least two parties")
            }
            parties = Set(list)
        }
        if let exporter, exporter == importer {
            throw RecordError(field: "importer", rule: .duplicateValue, message: "'\(exporter)' cannot be both exporter and importer")
        }
        if let controller, controller == processor {
            throw RecordError(field: "processor", rule: .duplicateValue, message: "'\(controller)' cannot be both controller and processor")
        }
    }

    /// The fact as canonical JSON members; absent members are omitted and sets are written sorted.
    package var jsonValue: JSONValue {
        var members = FactHeader.members(id: id, idField: "id", revision: revision, validity: validity)
        members["type"] = .string(type.rawValue)
        members["exporter"] = exporter.map(JSONValue.string)
        members["importer"] = importer.map(JSONValue.string)
        members["module"] = module.map { .string($0.rawValue) }
        members["combinesEuData"] = combinesEuData.map(JSONValue.bool)
        members["controller"] = controller.map(JSONValue.string)
        members["processor"] = processor.map(JSONValue.string)
        members["transferDestinations"] = transferDestinations.map { .sortedStrings($0) }
        members["bcr"] = bcr.map(JSONValue.string)
        members["parties"] = parties.map { .sortedStrings($0) }
        return .object(members)
    }

    /// The entity codes the agreement names, for referential checks.
    var entityReferences: [(field: String, code: String)] {
        var references: [(String, String)] = []
        for (field, code) in [("exporter", exporter), ("importer", importer), ("controller", controller), ("processor", processor)] {
            if let code { references.append((field, code)) }
        }
        for party in (parties ?? []).sorted() { references.append(("parties", party)) }
        return references
    }
}

extension Agreement: RegistryRecord {
    package static let kind = "agreement"
    package static let noun = "agreement"

    package func conflict(superseding earlier: Agreement) -> String? {
        type == earlier.type ? nil : "a revision may not change the agreement type (\(earlier.type.rawValue)); record a new agreement"
    }
}
