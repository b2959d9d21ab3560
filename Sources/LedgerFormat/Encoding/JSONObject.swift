/// The members of a JSON object, in the order they were written, without duplicates.
///
/// An array, not a dictionary: ledger objects have a few dozen members, and a linear search over
/// short names is several times cheaper than hashing every name, which dominated parsing payloads.
/// Equality ignores member order, as JSON's does.
public struct JSONObject: Sequence, ExpressibleByDictionaryLiteral, Equatable, Sendable {
    /// One member.
    public typealias Element = (key: String, value: JSONValue)

    private var members: [Element]

    /// An object with no members.
    public init() {
        members = []
    }

    /// An object with the given members; a later duplicate name replaces an earlier one.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        members = []
        members.reserveCapacity(elements.count)
        for (key, value) in elements { self[key] = value }
    }

    /// The members of `dictionary`, sorted by name so the result does not depend on hashing.
    public init(_ dictionary: [String: JSONValue]) {
        members = dictionary.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Members known to have distinct names (the parser checks as it reads).
    package init(uniqueMembers: [Element]) {
        members = uniqueMembers
    }

    /// The value of member `key`; setting nil removes it.
    public subscript(key: String) -> JSONValue? {
        get {
            // Comparing lengths first rejects almost every other member without touching its bytes.
            let length = key.utf8.count
            for member in members where member.key.utf8.count == length && member.key == key { return member.value }
            return nil
        }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append((key, newValue))
            }
        }
    }

    /// The member names, in order.
    public var keys: [String] { members.map(\.key) }

    /// The number of members.
    public var count: Int { members.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The members in order.
    public func makeIterator() -> IndexingIterator<[Element]> {
        members.makeIterator()
    }

    /// The members that satisfy `isIncluded`.
    public func filter(_ isIncluded: (Element) throws -> Bool) rethrows -> JSONObject {
        JSONObject(uniqueMembers: try members.filter(isIncluded))
    }

    /// This object with `other`'s members added; for a name in both, `combine` decides the value.
    public func merging(_ other: JSONObject, uniquingKeysWith combine: (JSONValue, JSONValue) -> JSONValue) -> JSONObject {
        var merged = self
        for (key, value) in other {
            merged[key] = merged[key].map { combine($0, value) } ?? value
        }
        return merged
    }

    /// Removes member `key` and returns its value.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let index = members.firstIndex(where: { $0.key == key }) else { return nil }
        return members.remove(at: index).value
    }

    /// Equal when both have the same members in the same order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.count == rhs.count && lhs.members.allSatisfy { rhs[$0.key] == $0.value }
    }
}
