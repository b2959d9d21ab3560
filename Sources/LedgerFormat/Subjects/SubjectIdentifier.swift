/// A data subject's identifier as a service knows it, normalised so that every service derives the
/// same token for the same person (FORMAT.md §4.7).
public struct SubjectIdentifier: Hashable, Sendable {
    /// The kinds of identifier a token can be derived from; the kind is part of the derivation, so an
    /// e-mail address and an employee number that happen to be spelt alike give different tokens.
    public enum Kind: String, Sendable, CaseIterable {
        /// An e-mail address: trimmed, ASCII letters lower-cased.
        case email
        /// An employee (or customer) number, best scoped by the entity that issued it (`NW-FR:004711`):
        /// trimmed, case kept.
        case employee
    }

    /// The longest normalised identifier accepted, in UTF-8 bytes.
    public static let maximumLength = 256

    /// The identifier's kind.
    public let kind: Kind
    /// The normalised identifier's UTF-8 bytes: what the token derivation reads.
    public let normalised: [UInt8]

    /// Normalises `text` as an identifier of `kind`; throws when nothing is left, it is too long, holds
    /// a control character, or is not shaped like the kind (an e-mail address without one `@`).
    public init(_ text: String, kind: Kind) throws(RecordError) {
        var bytes = Array(text.utf8)
        let blank: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        while let last = bytes.last, blank.contains(last) { bytes.removeLast() }
        let leading = bytes.prefix { blank.contains($0) }.count
        bytes.removeFirst(leading)
        let field = "subject"
        guard !bytes.isEmpty else { throw RecordError(field: field, rule: .empty, message: "the identifier is empty") }
        guard bytes.count <= Self.maximumLength else {
            throw RecordError(field: field, rule: .tooLong, message: "the identifier is \(bytes.count) bytes long; at most \(Self.maximumLength) are accepted")
        }
        guard !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            throw RecordError(field: field, rule: .invalidCode, message: "the identifier contains a control character")
        }
        if kind == .email {
            let at = bytes.indices.filter { bytes[$0] == UInt8(ascii: "@") }
            guard at.count == 1, let index = at.first, index > 0, index < bytes.count - 1 else {
                throw RecordError(field: field, rule: .invalidCode, message: "an e-mail identifier needs exactly one @ between a local part and a domain")
            }
            bytes = bytes.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }
        }
        self.kind = kind
        normalised = bytes
    }
}
