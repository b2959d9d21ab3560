extension JSONValue {
    /// Canonical JSON as a string: compact, members sorted.
    package var canonicalText: String {
        String(decoding: CanonicalJSON.encode(self), as: UTF8.self)
    }

    /// Indented JSON for people: members sorted, two spaces per level, strings escaped as canonical.
    package func prettyText(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .array(let elements) where !elements.isEmpty:
            return "[\n" + elements.map { inner + $0.prettyText(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let members) where !members.isEmpty:
            let names = CanonicalJSON.sortedNames(members.keys)
            let lines = names.map { name in
                inner + JSONValue.string(name).canonicalText + ": " + (members[name] ?? .null).prettyText(indent: inner)
            }
            return "{\n" + lines.joined(separator: ",\n") + "\n" + indent + "}"
        default:
            return canonicalText
        }
    }
}
