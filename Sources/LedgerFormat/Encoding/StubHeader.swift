/// The stub header of a format-2 entry (Schema/FORMAT.md §1.3): the few payload members a report
/// needs to decide, for an entry it does not disclose, that the entry is not one it reports on.
///
/// The entry hash commits to the header and to the payload's digest, so a report can show an entry
/// by its header alone and a verifier still rebuilds its hash; a writer and a verifier both derive it
/// from the payload here, so the two never disagree.
public enum StubHeader {
    /// The transfer members a report is scoped by: its period (`occurredAt`) and its filters.
    static let transferMembers = ["occurredAt", "destination", "region", "onBehalfOf"]
    /// The party members, whose `entity` the header holds (a filter names the entity, not the role).
    static let partyMembers = ["exporter", "importer"]

    /// The header's canonical JSON for an entry of `kind` with `payload`; nil when the payload is not
    /// a JSON object holding the members the kind's header needs, with the types it needs.
    public static func bytes(kind: EntryKind, payload: [UInt8]) -> [UInt8]? {
        guard let members = header(kind: kind, payload: payload) else { return nil }
        return CanonicalJSON.encode(.object(members))
    }

    /// The header's members for an entry of `kind` with `payload`, as `bytes` encodes them.
    public static func header(kind: EntryKind, payload: [UInt8]) -> JSONObject? {
        switch kind.rawValue {
        case "transfer":
            guard let object = try? JSONParser.parse(payload).objectValue else { return nil }
            return transferHeader(object)
        case "correction":
            guard let object = try? JSONParser.parse(payload).objectValue,
                  case .integer(let supersedes)? = object["supersedes"], supersedes >= 0,
                  let transfer = object["transfer"]?.objectValue, var members = transferHeader(transfer) else { return nil }
            members["supersedes"] = .integer(supersedes)
            return members
        case "govAccessRequest":
            guard let object = try? JSONParser.parse(payload).objectValue,
                  let requestId = object["requestId"]?.stringValue, let receivedAt = object["receivedAt"]?.stringValue else { return nil }
            return ["receivedAt": .string(receivedAt), "requestId": .string(requestId)]
        default:
            // Registry facts, adopted tables, erasures and checkpoints: a report never counts them, so
            // their stubs reveal nothing but their kind.
            return [:]
        }
    }

    /// The header of the payload that `transfer` judged in `region` encodes to, built from the values
    /// themselves: a writer, and a verifier that has decoded a canonical payload, need not parse
    /// the bytes again to find members they hold (a test checks that both ways agree).
    package static func bytes(transfer: Transfer, region: Region) -> [UInt8] {
        // The members in canonical order (§2: sorted by name), written straight into the bytes.
        var members: [(name: String, value: String)] = [
            ("destination", transfer.destination), ("exporter", transfer.exporter.entity), ("importer", transfer.importer.entity),
            ("occurredAt", transfer.occurredAt.rfc3339),
        ]
        if let onBehalfOf = transfer.onBehalfOf { members.append(("onBehalfOf", onBehalfOf)) }
        members.append(("region", region.rawValue))
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(192)
        for (index, member) in members.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            CanonicalJSON.appendString(member.name, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            CanonicalJSON.appendString(member.value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// A transfer payload's header members: `occurredAt`, `exporter` and `importer` (their `entity`),
    /// `destination`, `region` and, when present, `onBehalfOf`; all strings.
    static func transferHeader(_ payload: JSONObject) -> JSONObject? {
        var members: JSONObject = [:]
        for name in partyMembers {
            guard let entity = payload[name]?.objectValue?["entity"]?.stringValue else { return nil }
            members[name] = .string(entity)
        }
        for name in transferMembers {
            switch payload[name] {
            case .string(let value)?: members[name] = .string(value)
            case nil where name == "onBehalfOf": continue
            default: return nil
            }
        }
        return members
    }
}
