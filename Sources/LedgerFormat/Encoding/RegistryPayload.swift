/// The payload of a `registry` entry: one registry fact and its kind, `{"fact": {…}, "kind": "entity"}`.
package enum RegistryPayload {
    /// The canonical payload of `fact`.
    package static func canonicalBytes(_ fact: RegistryFact) -> [UInt8] {
        CanonicalJSON.encode(.object(["kind": .string(fact.kind), "fact": fact.jsonValue]))
    }

    /// Reads a stored payload as strictly as an incoming fact.
    package static func fact(from bytes: [UInt8]) throws(RecordError) -> RegistryFact {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            throw RecordError(field: "", rule: .syntax, message: "\(error)")
        }
        let reader = FieldReader(members: json.objectValue ?? [:], path: "")
        try reader.rejectUnknown(allowed: ["kind", "fact"])
        return try RegistryFact(kind: try reader.string("kind"), json: try reader.value("fact"))
    }
}

extension EntryKind {
    /// A registry fact: an entity, BCR, membership, agreement, authorisation, TIA or importer attributes.
    public static let registry = EntryKind(rawValue: "registry")
}

extension RegistryFact {
    /// Reads one line of `ledger registry add` input: a fact's fields plus its `kind`.
    package init(line json: JSONValue) throws(RecordError) {
        guard case .object(var members) = json else {
            throw RecordError(field: "", rule: .notAnObject, message: "a registry fact must be a JSON object")
        }
        guard case .string(let kind)? = members.removeValue(forKey: "kind") else {
            throw RecordError(field: "kind", rule: .missingField,
                              message: "is mandatory: one of \(RegistryFact.kinds.joined(separator: ", "))")
        }
        try self.init(kind: kind, json: .object(members))
    }
}
