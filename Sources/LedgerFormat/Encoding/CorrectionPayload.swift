/// The payload of a `correction` entry (R23):
/// `{"reason": …, "reasonNote": …, "supersedes": n, "transfer": {…}}`, where `transfer` is exactly
/// the payload a `transfer` entry would carry for the corrected transfer (FORMAT.md §4: private
/// members replaced by the digest of its private document, `region` and `referenceData` derived), and
/// its `validation` is the verdict on the whole correction. The private document is stored beside the
/// entry in `transfer_private`, as a transfer's is.
package struct CorrectionPayload {
    /// The sequence number of the transfer or correction entry replaced.
    package let supersedes: UInt64
    let reason: CorrectionReason
    let reasonNote: String?
    /// The corrected transfer's payload; its `verdict` is the correction's.
    package var transfer: TransferPayload

    /// The payload of `correction`, its transfer judged by the table with version `referenceData`;
    /// `salt` (random when nil) goes into the private document.
    package init(_ correction: TransferCorrection, region: Region, referenceData: Digest, salt: [UInt8]? = nil) {
        supersedes = correction.supersedes
        reason = correction.reason
        reasonNote = correction.reasonNote
        transfer = TransferPayload(transfer: correction.transfer, region: region, referenceData: referenceData, salt: salt)
    }

    /// Reads a stored payload and its private document as strictly as an incoming correction.
    package init(bytes: [UInt8], privateDocument: [UInt8], hasher: SHA256 = SHA256()) throws(RecordError) {
        let json = try NDJSON.json(bytes)
        let reader = try FieldReader.object(json, expected: "a correction payload")
        try reader.rejectUnknown(allowed: ["reason", "reasonNote", "supersedes", "transfer"])
        supersedes = try reader.sequenceNumber("supersedes")
        reason = try reader.code("reason")
        reasonNote = try reader.optionalText("reasonNote")
        do {
            transfer = try TransferPayload(bytes: CanonicalJSON.encode(try reader.value("transfer")), privateDocument: privateDocument, hasher: hasher)
        } catch {
            throw error.nested(in: "transfer")
        }
    }

    /// The correction these members describe.
    package var correction: TransferCorrection {
        TransferCorrection(supersedes: supersedes, reason: reason, reasonNote: reasonNote, transfer: transfer.transfer)
    }

    /// The canonical bytes stored in the entry, for an already-encoded private document.
    package func canonicalBytes(privateDocument: [UInt8], hasher: SHA256 = SHA256()) -> [UInt8] {
        var writer = CanonicalObjectWriter()
        writer.code("reason", reason)
        writer.string("reasonNote", reasonNote)
        writer.integer("supersedes", Int64(bitPattern: supersedes))
        writer.canonical("transfer", transfer.canonicalBytes(privateDocument: privateDocument, hasher: hasher))
        return writer.finish()
    }
}

extension EntryKind {
    /// A correction (R23): the complete corrected transfer superseding an earlier transfer or correction.
    public static let correction = EntryKind(rawValue: TransferCorrection.kind)
}
