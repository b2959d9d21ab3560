/// What one entry shows on its own, without its neighbours: its recomputed hash and, for a transfer,
/// the problems of its payload, private document and projection rows. Independent per entry, so the
/// verifier checks a batch of entries on several threads at once.
struct EntryContent: Sendable {
    /// SHA-256(0x00 ‖ canonical entry bytes), recomputed.
    let computedHash: Digest
    /// Problems of the payload and projections (transfers only).
    let problems: [VerificationReport.Problem]
    /// The decoded transfer, for the policy replay; nil when it could not be decoded.
    let transfer: Transfer?
    /// The verdict recorded with the transfer.
    let verdict: StoredVerdict?

    static func check(_ entry: Entry, row: TransferRow?, privateDocument: [UInt8]?, referenceData: ReferenceData,
                      decoder: PayloadDecoder) -> EntryContent {
        let hasher = decoder.hasher
        let computed = hasher.leafHash(entry.canonicalBytes)
        guard entry.kind == .transfer else {
            return EntryContent(computedHash: computed, problems: [], transfer: nil, verdict: nil)
        }
        var problems: [VerificationReport.Problem] = []
        func problem(_ check: VerificationReport.Problem.Check, _ message: String) {
            problems.append(.init(seq: entry.seq, check: check, message: message))
        }
        guard let privateDocument else {
            problem(.payload, "the transfer's private document is missing")
            return EntryContent(computedHash: computed, problems: problems, transfer: nil, verdict: nil)
        }
        let payload: TransferPayload
        do {
            let isCanonical: Bool
            (payload, isCanonical) = try decoder.decode(payload: entry.payload, document: privateDocument)
            // The canonical reader accepts nothing but canonical bytes, so its success already proves
            // what re-encoding would (CanonicalDecoderTests); bytes it refused are re-encoded here.
            if !isCanonical {
                if payload.privateDocument != privateDocument {
                    problem(.payload, "the private document is not in canonical form")
                } else if payload.canonicalBytes(privateDocument: privateDocument, hasher: hasher) != entry.payload {
                    problem(.payload, "payload is not in canonical form")
                }
            }
            let region = try StructuralRules.check(payload.transfer, referenceData: referenceData)
            if payload.referenceData == referenceData.version, region != payload.region {
                problem(.payload, "region \(payload.region.rawValue) of \(payload.transfer.destination) should be \(region.rawValue) at \(payload.transfer.occurredAt)")
            }
        } catch {
            problem(.payload, "payload is not a valid transfer: \(error)")
            return EntryContent(computedHash: computed, problems: problems, transfer: nil, verdict: nil)
        }
        if let row {
            if row != TransferRow(payload.transfer, region: payload.region, verdict: payload.verdict) {
                problem(.projection, "the transfer table's row differs from the payload (the query index has been altered)")
            }
        } else {
            problem(.projection, "the transfer has no row in the transfer table")
        }
        return EntryContent(computedHash: computed, problems: problems, transfer: payload.transfer, verdict: payload.verdict)
    }
}
