/// The payload of a `govAccessRequest` entry (R24): the request's members exactly as
/// `GovAccessRequest.jsonValue` writes them, plus `validation`, the verdict recorded with it.
package struct GovAccessPayload {
    package let request: GovAccessRequest
    package var verdict: PolicyVerdict?

    package init(_ request: GovAccessRequest, verdict: PolicyVerdict? = nil) {
        self.request = request
        self.verdict = verdict
    }

    /// Reads a stored payload as strictly as an incoming request.
    package init(bytes: [UInt8]) throws(RecordError) {
        let json = try NDJSON.json(bytes)
        guard case .object(var members) = json else {
            throw RecordError(field: "", rule: .notAnObject, message: "a government access payload must be a JSON object")
        }
        guard let validation = members.removeValue(forKey: "validation") else {
            throw RecordError(field: "validation", rule: .missingField, message: "is mandatory in a stored request")
        }
        request = try GovAccessRequest(json: .object(members))
        verdict = try PolicyVerdict(json: validation)
    }

    /// The canonical bytes stored in the entry.
    package var canonicalBytes: [UInt8] {
        guard case .object(var members) = request.jsonValue else { return [] }
        members["validation"] = verdict?.jsonValue
        return CanonicalJSON.encode(.object(members))
    }
}

extension EntryKind {
    /// A public authority's request for access to transferred data (R24).
    public static let govAccessRequest = EntryKind(rawValue: GovAccessRequest.kind)
}
