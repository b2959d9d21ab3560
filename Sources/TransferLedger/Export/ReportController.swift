import LedgerFormat

/// Who a report is about: the group, the entities that exported its transfers, the BCR lead
/// authorities and the data protection contact point, taken from registry entries that the bundle
/// carries with inclusion proofs, so a verifier checks the header offline (FORMAT.md §22.5).
enum ReportController {
    /// A registry entry the header names, with its RFC 9162 inclusion proof in the evidence checkpoint's tree.
    struct Evidence {
        let entry: Entry
        let fact: RegistryFact
        let proof: [Digest]
    }

    /// The entries a report names, of `facts` (seq order or not): the latest `group` fact, the latest
    /// `entity` fact of each exporter, and the latest version of each `bcr` instrument.
    static func select(_ facts: [(seq: UInt64, fact: RegistryFact)], exporters: Set<String>) -> Set<UInt64> {
        var latest: [String: UInt64] = [:]
        for (seq, fact) in facts {
            let key: String
            switch fact {
            case .group: key = "group"
            case .entity(let entity) where exporters.contains(entity.code): key = "entity " + entity.code
            case .bcr(let instrument): key = "bcr " + instrument.id
            default: continue
            }
            if latest[key].map({ $0 < seq }) ?? true { latest[key] = seq }
        }
        return Set(latest.values)
    }

    /// Whether `evidence` names the group, without which a report identifies no controller.
    static func namesGroup(_ evidence: [Evidence]) -> Bool {
        evidence.contains { if case .group = $0.fact { true } else { false } }
    }

    /// Adds `header.controller` and `evidence.registry` to a report object.
    static func attach(to document: inout JSONObject, evidence: [Evidence], exporters: Set<String>) {
        var header = document["header"]?.objectValue ?? [:]
        header["controller"] = controller(evidence, exporters: exporters)
        document["header"] = .object(header)
        var members = document["evidence"]?.objectValue ?? [:]
        members["registry"] = .array(evidence.sorted { $0.entry.seq < $1.entry.seq }.map { item in
            var line: JSONObject = ["seq": .integer(Int64(item.entry.seq)), "canonical": .string(Base64.encode(item.entry.canonicalBytes)),
                                    "inclusionProof": .array(item.proof.map { .string($0.hex) })]
            // A format-2 entry's canonical bytes frame its payload's digest: the payload goes beside them.
            if item.entry.format == EntryEncoding.version { line["payload"] = .string(Base64.encode(item.entry.payload)) }
            return .object(line)
        })
        document["evidence"] = .object(members)
    }

    /// `{"group": {…} or null, "exporters": [{code, legalName, country, seq}], "bcr": [{id, type, leadAuthority, seq}]}`.
    private static func controller(_ evidence: [Evidence], exporters: Set<String>) -> JSONValue {
        var group: JSONValue = .null
        var entities: [String: JSONObject] = [:]
        var instruments: [String: JSONObject] = [:]
        for item in evidence {
            let seq = JSONValue.integer(Int64(item.entry.seq))
            switch item.fact {
            case .group(let identity):
                var members: JSONObject = ["id": .string(identity.id), "legalName": .string(identity.legalName), "seq": seq]
                members["contactEmail"] = identity.contactEmail.map(JSONValue.string)
                members["contactAddress"] = identity.contactAddress.map(JSONValue.string)
                group = .object(members)
            case .entity(let entity):
                entities[entity.code] = ["code": .string(entity.code), "legalName": .string(entity.legalName), "country": .string(entity.country), "seq": seq]
            case .bcr(let instrument):
                instruments[instrument.id] = ["id": .string(instrument.id), "type": .string(instrument.type.rawValue),
                                              "leadAuthority": .string(instrument.leadAuthority), "seq": seq]
            default:
                continue
            }
        }
        // An exporter the registry does not name is listed by its code alone.
        let byCode: (String, String) -> Bool = { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        return .object([
            "group": group,
            "exporters": .array(exporters.sorted(by: byCode).map { .object(entities[$0] ?? ["code": .string($0)]) }),
            "bcr": .array(instruments.keys.sorted(by: byCode).compactMap { instruments[$0].map(JSONValue.object) }),
        ])
    }
}

/// Why an export names no controller.
extension RecordError {
    /// No `group` fact is recorded (before the evidence checkpoint).
    static var noGroupIdentity: RecordError {
        RecordError(field: "group", rule: .missingField,
                    message: "the registry holds no group fact (kind group: the group's legal name and data protection contact point); "
                        + "a report names its controller: record one with 'ledger registry add' before exporting")
    }
}

extension Ledger {
    /// The registry entries a report of `exporters` names, among those the tree of `treeSize` holds,
    /// each with its inclusion proof; refuses when none is a group fact.
    func controllerEvidence(exporters: Set<String>, treeSize: UInt64) throws -> [ReportController.Evidence] {
        let facts = try store.registryFacts(after: nil).filter { $0.seq < treeSize }
        let chosen = ReportController.select(facts.map { ($0.seq, $0.fact) }, exporters: exporters)
        let tree = MerkleTree(hasher: hasher)
        let evidence = try facts.filter { chosen.contains($0.seq) }.map { seq, _, fact in
            guard let entry = try store.entry(at: seq) else { throw LedgerError.noSuchEntry(seq) }
            return ReportController.Evidence(entry: entry, fact: fact,
                                             proof: try tree.inclusionProof(leafIndex: seq, treeSize: treeSize, node: store.node))
        }
        guard ReportController.namesGroup(evidence) else { throw LedgerError.rejected(.noGroupIdentity) }
        return evidence
    }

    /// Refuses an export before anything is recorded when the registry holds no group fact.
    func requireGroupIdentity() throws(LedgerError) {
        let facts = try registryFacts()
        guard facts.contains(where: { if case .group = $0.fact { true } else { false } }) else { throw .rejected(.noGroupIdentity) }
    }
}
