/// What every registry fact kind shares: an identity, a revision number and the days it is in force.
///
/// A fact is identified by `id` within its kind. The first version of an id is revision 1; a later
/// fact with the same id and the next revision supersedes the earlier one from its own `validFrom`
/// day (see `Registry` for the exact semantics). Anything else with a known id is a contradiction.
package protocol RegistryRecord: Hashable, Sendable {
    /// The kind's stable name, as stored in the entry.
    static var kind: String { get }
    /// What the kind is called in error messages and findings.
    static var noun: String { get }
    /// The fact's identity within its kind.
    var id: String { get }
    /// The version number of this fact: 1 for the first, then 2, 3 … for each superseding fact.
    var revision: Int { get }
    /// The days this fact is in force.
    var validity: Validity { get }
    /// Why this revision may not supersede `earlier`, or nil when it may; identity fields are fixed.
    func conflict(superseding earlier: Self) -> String?
}

extension RegistryRecord {
    package func conflict(superseding earlier: Self) -> String? { nil }

    /// The fact named for messages, such as `membership M-MA-1 (revision 2)`.
    package var label: String {
        revision == 1 ? "\(Self.noun) \(id)" : "\(Self.noun) \(id) (revision \(revision))"
    }
}

/// The members every fact carries, read and written the same way for every kind.
struct FactHeader {
    let id: String
    let revision: Int
    let validity: Validity

    static let fields: Set<String> = ["revision", "validFrom", "validUntil"]

    /// Reads the header, with the identity in the member `idField` (`id`, `code` or `entity`).
    package init(_ reader: FieldReader, idField: String) throws(RecordError) {
        id = try reader.string(idField)
        try RegistryText.checkCode(id, field: reader.fieldPath(idField))
        revision = reader.has("revision") ? try reader.integer("revision", in: 1...1_000_000) : 1
        let from = try reader.day("validFrom")
        let until = reader.has("validUntil") ? try reader.day("validUntil") : nil
        if let until, until < from {
            throw RecordError(field: reader.fieldPath("validUntil"), rule: .windowBeforeStart,
                              message: "\(until) is before validFrom \(from): a fact cannot end before it starts")
        }
        validity = Validity(from: from, until: until)
    }

    /// The header's members, with the identity under `idField`.
    static func members(id: String, idField: String, revision: Int, validity: Validity) -> JSONObject {
        var members: JSONObject = [
            idField: .string(id), "revision": .integer(Int64(revision)), "validFrom": .string(validity.from.description),
        ]
        members["validUntil"] = validity.until.map { .string($0.description) }
        return members
    }
}
