/// The payload of a `transfer` entry: the transfer's fields plus what the ledger derived from them,
/// with the service's identifiers and free text kept out of the hashed bytes.
///
/// Derived members are `region` (the destination's region at `occurredAt`) and `referenceData` (the
/// hex SHA-256 of the region table that derived it), so a verifier can replay the derivation. The
/// private members (`idempotencyKey`, `loggedBy`, `notes`) live in a salted *private document* beside
/// the entry; the payload holds only its SHA-256 as `private`. The chain still commits to them, yet an
/// entry's canonical bytes can be shown to a regulator without disclosing any of them.
package struct TransferPayload: Sendable {
    static let derivedFields: Set<String> = ["region", "referenceData", "private", "validation", "subjectLinkCommitments"]
    package static let privateFields: Set<String> = ["idempotencyKey", "loggedBy", "notes"]
    package static let saltByteCount = 16

    /// A `var` only so that decoders can fill in the optional members in place.
    package var transfer: Transfer
    package let region: Region
    package let referenceData: Digest
    /// Random bytes in the private document, so its digest reveals nothing guessable.
    package let salt: [UInt8]
    /// The policy verdict recorded with the transfer (`validation`); set inside the append
    /// transaction, against the registry as it stands there.
    package var verdict: PolicyVerdict?
    /// The digest of an erased private document (FORMAT.md §4.6): the transfer's private members then
    /// read `erased` (`notes` absent) and `salt` is empty. Nil while the document is stored.
    package private(set) var erasedPrivate: Digest?
    /// The transfer's subject links with fresh salts, when the payload is built for an append; empty
    /// when it is read back (the links live in their own table, FORMAT.md §4.7).
    package private(set) var links: [SubjectLink] = []
    /// The commitments to the links (`subjectLinkCommitments`), ascending; empty when it has none.
    package private(set) var linkCommitments: [Digest] = []

    package init(transfer: Transfer, region: Region, referenceData: Digest, salt: [UInt8]? = nil) {
        // Read before the transfer moves in, so that it is moved, not copied.
        let subjectLinks = transfer.subjectLinks
        self.transfer = transfer
        self.region = region
        self.referenceData = referenceData
        self.salt = salt ?? SecureRandom.bytes(Self.saltByteCount)
        if let tokens = subjectLinks {
            let hasher = SHA256()
            links = tokens.map { SubjectLink(token: $0, salt: SecureRandom.bytes(SubjectLink.saltByteCount)) }
            linkCommitments = links.map { $0.commitment(hasher: hasher) }.sorted(by: Self.ascending)
            // The tokens are not part of the payload or the private document: only their commitments are.
            self.transfer.subjectLinks = nil
        }
    }

    /// The order of `subjectLinkCommitments`: bytewise, which is also the order of their hex.
    static func ascending(_ lhs: Digest, _ rhs: Digest) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    /// Sets the commitments read from a stored payload.
    mutating func setLinkCommitments(_ commitments: [Digest]) {
        linkCommitments = commitments
    }

    /// Reads a stored payload and its private document, checking both as strictly as an incoming record
    /// and that the document is the one the payload commits to.
    /// An empty `privateDocument` is an erased one (storage reads a deleted row as empty): the payload
    /// is then decoded without it.
    package init(bytes: [UInt8], privateDocument: [UInt8], hasher: SHA256 = SHA256()) throws(RecordError) {
        if privateDocument.isEmpty {
            try self.init(erasedPayload: bytes)
            return
        }
        if let decoded = Self.decodeCanonical(bytes: bytes, privateDocument: privateDocument, hasher: hasher) {
            self = decoded
            return
        }
        try self.init(decodingInGeneral: bytes, privateDocument: privateDocument)
    }

    /// The general decoder: any JSON, every problem named.
    init(decodingInGeneral bytes: [UInt8], privateDocument: [UInt8]) throws(RecordError) {
        let payload = try Self.object(bytes, field: "")
        let document = try Self.object(privateDocument, field: "private")
        let documentReader = FieldReader(members: document, path: "private")
        try documentReader.rejectUnknown(allowed: Self.privateFields.union(["salt"]))
        guard let salt = Hex.decode(try documentReader.string("salt")), salt.count == Self.saltByteCount else {
            throw RecordError(field: "private.salt", rule: .wrongType, message: "must be \(Self.saltByteCount) bytes in hex")
        }
        let reader = FieldReader(members: payload, path: "")
        let commitment = try reader.string("private")
        let computed = SHA256.hash(privateDocument).hex
        guard commitment == computed else {
            throw RecordError(field: "private", rule: .wrongType,
                              message: "the private document hashes to \(computed.prefix(12))…, not the committed \(commitment.prefix(12))…")
        }
        try self.init(payload: payload, privateMembers: document.filter { $0.key != "salt" }, salt: salt)
    }

    /// The payload's members with `privateMembers` merged in: the part both decoders share.
    private init(payload: JSONObject, privateMembers: JSONObject, salt: [UInt8]) throws(RecordError) {
        for name in Self.privateFields where payload[name] != nil {
            throw RecordError(field: name, rule: .unknownField, message: "belongs in the private document, not the payload")
        }
        let reader = FieldReader(members: payload, path: "")
        transfer = try Transfer(json: .object(payload.merging(privateMembers) { stored, _ in stored }), stored: true)
        region = try reader.code("region")
        let version = try reader.string("referenceData")
        guard let digest = Digest(hex: version) else {
            throw RecordError(field: "referenceData", rule: .wrongType, message: "'\(version)' is not a 64-digit hex SHA-256")
        }
        referenceData = digest
        self.salt = salt
        verdict = try PolicyVerdict(json: reader.value("validation"))
        if reader.has("subjectLinkCommitments") {
            let texts = try reader.strings("subjectLinkCommitments")
            guard !texts.isEmpty, texts.count <= StructuralRules.maximumSubjectLinks else {
                throw RecordError(field: "subjectLinkCommitments", rule: .tooLong,
                                  message: "lists \(texts.count) commitments; 1 to \(StructuralRules.maximumSubjectLinks) are accepted")
            }
            linkCommitments = try texts.enumerated().map { (index, text) throws(RecordError) -> Digest in
                guard let digest = Digest(hex: text) else {
                    throw RecordError(field: "subjectLinkCommitments[\(index)]", rule: .wrongType, message: "is not a 64-digit hex SHA-256")
                }
                return digest
            }
        }
    }

    /// The text that stands in for each erased private member.
    package static let erasedText = "erased"

    /// Decodes a payload whose private document was erased: every public member as stored, the
    /// private members `erased`.
    init(erasedPayload bytes: [UInt8]) throws(RecordError) {
        let payload = try Self.object(bytes, field: "")
        let reader = FieldReader(members: payload, path: "")
        let commitment = try reader.string("private")
        guard commitment.utf8.count == 64, let digest = Digest(hex: commitment) else {
            throw RecordError(field: "private", rule: .wrongType, message: "'\(commitment)' is not a 64-digit hex SHA-256")
        }
        try self.init(payload: payload, privateMembers: ["idempotencyKey": .string(Self.erasedText), "loggedBy": .string(Self.erasedText)], salt: [])
        erasedPrivate = digest
    }

    /// The private document digest a stored transfer or correction payload commits to, and the
    /// transfer's `occurredAt`: what an erasure names and selects by. Nil for a payload without them.
    package static func commitment(kind: EntryKind, payload bytes: [UInt8]) -> (digest: Digest, occurredAt: Timestamp)? {
        guard var members = try? object(bytes, field: "") else { return nil }
        if kind == .correction {
            guard case .object(let inner)? = members["transfer"] else { return nil }
            members = inner
        } else if kind != .transfer {
            return nil
        }
        guard case .string(let hex)? = members["private"], hex.utf8.count == 64, let digest = Digest(hex: hex),
              case .string(let time)? = members["occurredAt"], let occurredAt = try? Timestamp(rfc3339: time) else { return nil }
        return (digest, occurredAt)
    }

    /// The subject link commitments a stored transfer payload lists (`subjectLinkCommitments`, FORMAT.md
    /// §4.7): what an erasure of a link names. Empty for another kind, or a payload without them; a
    /// member that is not hex digits gives no digest for it.
    package static func linkCommitments(kind: EntryKind, payload bytes: [UInt8]) -> [Digest] {
        guard kind == .transfer, let members = try? object(bytes, field: ""),
              case .array(let texts)? = members["subjectLinkCommitments"] else { return [] }
        return texts.compactMap { text in
            guard case .string(let hex) = text, hex.utf8.count == 64 else { return nil }
            return Digest(hex: hex)
        }
    }

    private static func object(_ bytes: [UInt8], field: String) throws(RecordError) -> JSONObject {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            throw RecordError(field: field, rule: .syntax, message: "\(error)")
        }
        guard case .object(let members) = json else {
            throw RecordError(field: field, rule: .notAnObject, message: "must be a JSON object")
        }
        return members
    }

    /// The canonical JSON of the private document: the private members and the salt.
    package var privateDocument: [UInt8] {
        var writer = CanonicalObjectWriter(capacity: 160)
        writer.string("idempotencyKey", transfer.idempotencyKey)
        writer.string("loggedBy", transfer.loggedBy)
        writer.string("notes", transfer.notes)
        writer.hex("salt", salt)
        return writer.finish()
    }

    /// The canonical JSON bytes stored in the entry and covered by its hash.
    var canonicalBytes: [UInt8] {
        canonicalBytes(privateDocument: privateDocument)
    }

    /// The payload's canonical bytes for an already-encoded private document, written member by
    /// member in canonical order (this runs for every append and every verified entry).
    package func canonicalBytes(privateDocument: [UInt8], hasher: SHA256 = SHA256()) -> [UInt8] {
        let transfer = transfer
        var writer = CanonicalObjectWriter()
        writer.string("art10Basis", transfer.art10Basis)
        writer.code("art9Condition", transfer.art9Condition)
        writer.strings("contractRefs", transfer.contractRefs)
        writer.bool("criminalData", transfer.criminalData)
        writer.codes("dataCategories", transfer.dataCategories)
        writer.string("destination", transfer.destination)
        writer.party("exporter", transfer.exporter)
        writer.code("frequency", transfer.frequency)
        writer.party("importer", transfer.importer)
        writer.code("mechanism", transfer.mechanism)
        writer.string("mechanismRef", transfer.mechanismRef)
        writer.string("occurredAt", transfer.occurredAt.rfc3339)
        writer.string("onBehalfOf", transfer.onBehalfOf)
        writer.integer("parent", transfer.parent.map { Int64(bitPattern: $0) })
        writer.hex("private", hasher.hash(privateDocument).bytes)
        writer.codes("purposes", transfer.purposes)
        writer.hex("referenceData", referenceData.bytes)
        writer.code("region", region)
        writer.code("sccModule", transfer.sccModule)
        writer.codes("specialCategories", transfer.specialCategories)
        writer.codes("subjectCategories", transfer.subjectCategories)
        writer.code("subjectCount", transfer.subjectCount)
        writer.strings("subjectLinkCommitments", linkCommitments.isEmpty ? nil : linkCommitments.map(\.hex))
        writer.codes("supplementaryMeasures", transfer.supplementaryMeasures)
        writer.string("tiaRef", transfer.tiaRef)
        writer.code("transferKind", transfer.transferKind)
        writer.value("validation", verdict?.jsonValue)
        writer.string("windowEnd", transfer.windowEnd?.rfc3339)
        return writer.finish()
    }
}
