import LedgerFormat

/// Entries as a report discloses them: canonical entry bytes read back into their fields, and transfer
/// payloads read without the private document that only the ledger holds.
enum DisclosedEntry {
    /// Why disclosed bytes could not be read.
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    /// Reads canonical entry bytes (FORMAT.md §1.1) back into an entry, hashing them for `hash`. A
    /// format-2 entry's bytes hold its stub header and payload digest, so its line gives the payload
    /// beside them (`payload`), which must hash to that digest and yield that header.
    static func entry(canonical bytes: [UInt8], payload disclosedPayload: [UInt8]?, hasher: SHA256) throws(Malformed) -> Entry {
        var position = 0
        func take(_ count: Int) throws(Malformed) -> ArraySlice<UInt8> {
            guard count <= bytes.count - position else { throw Malformed(description: "canonical bytes end early") }
            defer { position += count }
            return bytes[position..<(position + count)]
        }
        func text(_ slice: ArraySlice<UInt8>) throws(Malformed) -> String {
            guard let text = String(validating: slice, as: UTF8.self) else { throw Malformed(description: "canonical bytes hold invalid UTF-8") }
            return text
        }
        guard let format = try take(1).first, EntryEncoding.versions.contains(format) else {
            throw Malformed(description: "canonical bytes are of no entry format version (1 or 2)")
        }
        let seq = try take(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let kind = try text(take(Int(try take(1).first ?? 0)))
        let recordedAt = try text(take(Int(try take(1).first ?? 0)))
        let previousHash = Digest(uncheckedBytes: Array(try take(32)))
        let length = try take(4).reduce(0) { $0 << 8 | Int($1) }
        let body = Array(try take(length))
        let payload: [UInt8]
        if format == EntryEncoding.payloadVersion {
            guard disclosedPayload == nil else { throw Malformed(description: "a format-1 entry's payload is in its canonical bytes, not beside them") }
            payload = body
        } else {
            let digest = Digest(uncheckedBytes: Array(try take(Digest.byteCount)))
            guard let disclosedPayload else { throw Malformed(description: "a format-2 entry shown in full must give its payload") }
            guard hasher.hash(disclosedPayload) == digest else { throw Malformed(description: "the payload does not hash to the payload digest of its canonical bytes") }
            guard StubHeader.bytes(kind: EntryKind(rawValue: kind), payload: disclosedPayload) == body else {
                throw Malformed(description: "the stub header of its canonical bytes is not the one its payload yields")
            }
            payload = disclosedPayload
        }
        guard position == bytes.count else { throw Malformed(description: "canonical bytes run past the payload") }
        return Entry(seq: seq, kind: EntryKind(rawValue: kind), recordedAt: recordedAt, previousHash: previousHash,
                     hash: hasher.leafHash(bytes), payload: payload, format: format)
    }
}

/// A transfer read from its disclosed payload: every member the report uses, and none of the private ones.
struct DisclosedTransfer {
    /// The transfer; its private members are empty placeholders and must never be read.
    let transfer: Transfer
    /// The destination's region as derived at append time.
    let region: Region
    /// The reference data that derived the region.
    let referenceData: Digest
    /// The recorded policy verdict.
    let verdict: PolicyVerdict

    /// Reads a transfer payload as strictly as the ledger does, except that the private document is
    /// absent: only its digest (`private`) must be a well-formed SHA-256.
    init(payload bytes: [UInt8]) throws(RecordError) {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            throw RecordError(field: "", rule: .syntax, message: "\(error)")
        }
        guard case .object(var members) = json else {
            throw RecordError(field: "", rule: .notAnObject, message: "a transfer payload must be an object")
        }
        let reader = FieldReader(members: members, path: "")
        guard Digest(hex: try reader.string("private")) != nil else {
            throw RecordError(field: "private", rule: .wrongType, message: "must be a 64-digit hex SHA-256")
        }
        for name in TransferPayload.privateFields where members[name] != nil {
            throw RecordError(field: name, rule: .unknownField, message: "belongs in the private document, not the payload")
        }
        // Transfer requires its private members; placeholders stand in, and nothing here reads them.
        members["loggedBy"] = .string("")
        members["idempotencyKey"] = .string("")
        transfer = try Transfer(json: .object(members), stored: true)
        region = try reader.code("region")
        let version = try reader.string("referenceData")
        guard let digest = Digest(hex: version) else {
            throw RecordError(field: "referenceData", rule: .wrongType, message: "'\(version)' is not a 64-digit hex SHA-256")
        }
        referenceData = digest
        verdict = try PolicyVerdict(json: reader.value("validation"))
    }

    /// The rule-set version the verdict was reached under.
    var ruleSetVersion: String {
        verdict.ruleSetVersion
    }
}

/// A correction read from its disclosed payload (FORMAT.md §4.3): what it supersedes and why, and its
/// corrected transfer as a disclosed transfer payload.
struct DisclosedCorrection {
    let supersedes: UInt64
    let reason: CorrectionReason
    let transfer: DisclosedTransfer

    init(payload bytes: [UInt8]) throws(RecordError) {
        let reader = try FieldReader.object(NDJSON.json(bytes), expected: "a correction payload")
        try reader.rejectUnknown(allowed: ["reason", "reasonNote", "supersedes", "transfer"])
        supersedes = try reader.sequenceNumber("supersedes")
        reason = try reader.code("reason")
        _ = try reader.optionalText("reasonNote")
        let transferPayload = CanonicalJSON.encode(try reader.value("transfer"))
        do {
            transfer = try DisclosedTransfer(payload: transferPayload)
        } catch {
            throw error.nested(in: "transfer")
        }
    }
}
