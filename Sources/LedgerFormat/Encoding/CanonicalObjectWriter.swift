/// Writes one canonical JSON object member by member, for hot paths that know their member names
/// in advance: no dictionary, no sort. The caller adds members in canonical order; the result is
/// byte-identical to `CanonicalJSON.encode` of the same object, which a property test checks.
package struct CanonicalObjectWriter {
    package private(set) var bytes: [UInt8]
    private var isFirst = true
    #if DEBUG
    private var previousName: String?
    #endif

    package init(capacity: Int = 1_024) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    /// Writes `"name":` after a comma when needed. `name` must be ASCII without characters to escape.
    private mutating func key(_ name: String) {
        #if DEBUG
        if let previousName { assert(previousName < name, "members out of canonical order: \(previousName), \(name)") }
        previousName = name
        #endif
        if !isFirst { bytes.append(UInt8(ascii: ",")) }
        isFirst = false
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: name.utf8)
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    package mutating func string(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        CanonicalJSON.appendString(value, to: &bytes)
    }

    mutating func code(_ name: String, _ value: (some LedgerCode)?) {
        string(name, value?.rawValue)
    }

    mutating func codes<Code: LedgerCode>(_ name: String, _ values: [Code]?) {
        guard let values else { return }
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            CanonicalJSON.appendString(value.rawValue, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func strings(_ name: String, _ values: [String]?) {
        guard let values else { return }
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            CanonicalJSON.appendString(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes `digest` as 64 lowercase hex digits, without an intermediate String or array.
    package mutating func digest(_ name: String, _ digest: Digest) {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        digest.withUnsafeBytes { Hex.append($0, to: &bytes) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes `value` as a string of lowercase hex digits, without an intermediate String.
    mutating func hex(_ name: String, _ value: [UInt8]) {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        Hex.append(value, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    package mutating func bool(_ name: String, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    package mutating func integer(_ name: String, _ value: Int64?) {
        guard let value else { return }
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func party(_ name: String, _ party: Party) {
        key(name)
        bytes.append(contentsOf: #"{"entity":"#.utf8)
        CanonicalJSON.appendString(party.entity, to: &bytes)
        bytes.append(contentsOf: #","role":""#.utf8)
        bytes.append(contentsOf: party.role.rawValue.utf8)
        bytes.append(contentsOf: #""}"#.utf8)
    }

    package mutating func value(_ name: String, _ value: JSONValue?) {
        guard let value else { return }
        key(name)
        CanonicalJSON.append(value, to: &bytes)
    }

    /// Writes a member whose value is already canonical JSON (a nested payload), byte for byte.
    package mutating func canonical(_ name: String, _ value: [UInt8]) {
        key(name)
        bytes.append(contentsOf: value)
    }

    /// The finished object's bytes.
    package mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }
}
