/// The payload of a `transfer` entry: the transfer's fields plus what the ledger derived from them.
///
/// Derived members are `region` (the destination's region at `occurredAt`) and `referenceData` (the
/// hex SHA-256 of the region table that derived it), so a verifier can replay the derivation.
struct TransferPayload {
    static let derivedFields: Set<String> = ["region", "referenceData"]

    let transfer: Transfer
    let region: Region
    let referenceData: Digest

    init(transfer: Transfer, region: Region, referenceData: Digest) {
        self.transfer = transfer
        self.region = region
        self.referenceData = referenceData
    }

    /// Reads a stored payload, checking its structure as strictly as an incoming record.
    init(bytes: [UInt8]) throws(RecordError) {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            throw RecordError(field: "", rule: .syntax, message: "\(error)")
        }
        transfer = try Transfer(json: json, stored: true)
        let reader = FieldReader(members: json.objectValue ?? [:], path: "")
        region = try reader.code("region")
        let version = try reader.string("referenceData")
        guard let digest = Digest(hex: version) else {
            throw RecordError(field: "referenceData", rule: .wrongType, message: "'\(version)' is not a 64-digit hex SHA-256")
        }
        referenceData = digest
    }

    /// The canonical JSON bytes stored in the entry and covered by its hash.
    var canonicalBytes: [UInt8] {
        guard case .object(var members) = transfer.jsonValue else { return [] }
        members["region"] = .string(region.rawValue)
        members["referenceData"] = .string(referenceData.hex)
        return CanonicalJSON.encode(.object(members))
    }
}
