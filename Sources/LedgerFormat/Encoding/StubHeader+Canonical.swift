/// The stub header read straight from a canonical payload's bytes, for export, which projects one per
/// entry of a range that may be the whole ledger: parsing each payload into a JSON tree to keep six of
/// its members cost most of a stub's time.
extension StubHeader {
    /// The header of a transfer or correction payload in canonical form (FORMAT.md §2), read in one
    /// pass that keeps only the header's members; nil for any other kind, or when the bytes are not
    /// canonical in a way the pass notices (a member out of order, an escape in a member it reads),
    /// so that the caller falls back to `header(kind:payload:)`. When it returns a header, its
    /// members are the ones `header(kind:payload:)` gives, in canonical order, and its bytes are what
    /// `bytes(kind:payload:)` gives: the payload's canonical spelling of each value, copied.
    package static func canonicalHeader(kind: EntryKind, payload: UnsafeBufferPointer<UInt8>) -> (members: JSONObject, bytes: [UInt8])? {
        var reader = CanonicalReader(payload)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160)
        let header: JSONObject?
        switch kind.rawValue {
        case "transfer": header = reader.transferHeader(into: &bytes)
        case "correction": header = reader.correctionHeader(into: &bytes)
        default: return nil
        }
        guard let header, reader.isAtEnd else { return nil }
        return (header, bytes)
    }
}

extension CanonicalReader {
    /// A transfer object's header members, skipping every other member; appends the header's
    /// canonical bytes to `bytes`.
    fileprivate mutating func transferHeader(into bytes: inout [UInt8]) -> JSONObject? {
        guard consume(UInt8(ascii: "{")) else { return nil }
        var members: [JSONObject.Element] = []
        members.reserveCapacity(7)
        var previous: UnsafeBufferPointer<UInt8>?
        var found = 0
        repeat {
            guard let name = plainString(), previous.map({ $0.lexicographicallyPrecedes(name) }) ?? true,
                  consume(UInt8(ascii: ":")) else { return nil }
            previous = name
            switch StubHeaderMember(name) {
            case .party(let member)?:
                guard let (entity, spelling) = partyEntity() else { return nil }
                members.append((member, .string(entity)))
                Self.append(member: name, spelling, to: &bytes)
                found += 1
            case .text(let member)?:
                // A header member of another type yields no header: let the general path say so.
                let start = position
                guard let value = string() else { return nil }
                members.append((member, .string(value)))
                Self.append(member: name, spelling(from: start), to: &bytes)
                if member != "onBehalfOf" { found += 1 }
            case nil:
                guard skipValue() else { return nil }
            }
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")), found == 5 else { return nil }
        bytes.append(UInt8(ascii: "}"))
        return JSONObject(uniqueMembers: members)
    }

    /// Appends `"name":spelling` to a header being written, after `{` or a comma.
    private static func append(member name: UnsafeBufferPointer<UInt8>, _ spelling: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        bytes.append(bytes.isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: name)
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        bytes.append(contentsOf: spelling)
    }

    /// A correction's header: its corrected transfer's, and `supersedes`.
    fileprivate mutating func correctionHeader(into bytes: inout [UInt8]) -> JSONObject? {
        guard consume(UInt8(ascii: "{")) else { return nil }
        var header: JSONObject?
        var supersedes: Int64?
        var previous: UnsafeBufferPointer<UInt8>?
        repeat {
            guard let name = plainString(), previous.map({ $0.lexicographicallyPrecedes(name) }) ?? true,
                  consume(UInt8(ascii: ":")) else { return nil }
            previous = name
            if name.equals("supersedes") {
                guard let value = integer(), value >= 0 else { return nil }
                supersedes = value
            } else if name.equals("transfer") {
                guard let transfer = transferHeader(into: &bytes) else { return nil }
                header = transfer
            } else {
                guard skipValue() else { return nil }
            }
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")), var header, let supersedes else { return nil }
        // "supersedes" sorts after every transfer header member: it goes where the closing brace was.
        header["supersedes"] = .integer(supersedes)
        bytes.removeLast()
        bytes.append(contentsOf: #","supersedes":"#.utf8)
        bytes.append(contentsOf: String(supersedes).utf8)
        bytes.append(UInt8(ascii: "}"))
        return header
    }

    /// The `entity` of a party object, whatever other members it has, and its canonical spelling.
    private mutating func partyEntity() -> (String, UnsafeBufferPointer<UInt8>)? {
        guard consume(UInt8(ascii: "{")) else { return nil }
        var entity: (String, UnsafeBufferPointer<UInt8>)?
        if consume(UInt8(ascii: "}")) { return nil }
        repeat {
            guard let name = plainString(), consume(UInt8(ascii: ":")) else { return nil }
            if name.equals("entity") {
                let start = position
                guard entity == nil, let value = string() else { return nil }
                entity = (value, spelling(from: start))
            } else {
                guard skipValue() else { return nil }
            }
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "}")) ? entity : nil
    }

    /// Steps over the next value without keeping it (a string or container unchecked: the header
    /// does not depend on it); false where it is not one a canonical reader reads, and the caller
    /// then falls back to the general parser.
    private mutating func skipValue() -> Bool {
        switch next {
        case UInt8(ascii: "{")?, UInt8(ascii: "[")?: return skipContainer() != nil
        case UInt8(ascii: "\"")?: return skipString()
        case UInt8(ascii: "t")?, UInt8(ascii: "f")?: return bool() != nil
        case UInt8(ascii: "n")?: return value() == .null
        case nil: return false
        default: return integer() != nil
        }
    }
}

/// The payload members a transfer's stub header keeps, by their name's bytes.
private enum StubHeaderMember {
    /// A party object, of which the header keeps the `entity`.
    case party(String)
    /// A string member kept as it is.
    case text(String)

    init?(_ name: UnsafeBufferPointer<UInt8>) {
        // Most members are not kept: compare lengths before bytes.
        switch name.count {
        case 6 where name.equals("region"): self = .text("region")
        case 8 where name.equals("exporter"): self = .party("exporter")
        case 8 where name.equals("importer"): self = .party("importer")
        case 10 where name.equals("occurredAt"): self = .text("occurredAt")
        case 10 where name.equals("onBehalfOf"): self = .text("onBehalfOf")
        case 11 where name.equals("destination"): self = .text("destination")
        default: return nil
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether these bytes are exactly `text`'s.
    fileprivate func equals(_ text: StaticString) -> Bool {
        count == text.utf8CodeUnitCount && elementsEqual(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
