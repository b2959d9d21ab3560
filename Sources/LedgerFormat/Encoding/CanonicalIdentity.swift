/// A value whose identity, for idempotency, is its canonical JSON.
package protocol CanonicallyIdentified {
    var jsonValue: JSONValue { get }
}

extension CanonicallyIdentified {
    /// Whether both have byte-identical canonical JSON: the ledger's notion of "the same content"
    /// (Swift's `==` would also equate differently normalised Unicode).
    package func isIdentical(to other: Self) -> Bool {
        CanonicalJSON.encode(jsonValue) == CanonicalJSON.encode(other.jsonValue)
    }
}

extension Transfer: CanonicallyIdentified {}
extension TransferCorrection: CanonicallyIdentified {}
extension GovAccessRequest: CanonicallyIdentified {}
