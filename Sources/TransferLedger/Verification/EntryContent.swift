/// What one entry shows on its own, without its neighbours: its recomputed hash, its recorded time
/// and, for a transfer, the problems of its payload, private document and projection rows.
/// Independent per entry, so the verifier checks a batch of entries on several threads at once.
struct EntryContent: Sendable {
    /// SHA-256(0x00 ‖ canonical entry bytes), recomputed.
    let computedHash: Digest
    /// The recorded time, when it is stored in canonical form; nil when it is not.
    let recordedAt: Timestamp?
    /// Problems of the payload and projections (transfers only).
    let problems: [VerificationReport.Problem]
    /// The decoded transfer, for the policy replay; nil when it could not be decoded or is not needed.
    let transfer: Transfer?
    /// The verdict recorded with the transfer, for the policy replay.
    let verdict: StoredVerdict?
    /// The region table version (`referenceData`) and region recorded with the transfer, for the
    /// checks that need the tables adopted before it.
    var referenceData: Digest?
    var region: Region?

    /// Checks `entry`; with `keepingTransfer`, the decoded transfer and verdict are kept for the policy
    /// replay (otherwise they are dropped here, which spares copying them between threads).
    static func check(_ entry: Entry, row: TransferRow?, privateDocument: [UInt8]?, referenceData: ReferenceData,
                      decoder: PayloadDecoder, keepingTransfer: Bool) -> EntryContent {
        let hasher = decoder.hasher
        let computed = decoder.leafHash(of: entry)
        let recordedAt = Timestamp.canonical(text: entry.recordedAt)
        guard entry.kind == .transfer else {
            return EntryContent(computedHash: computed, recordedAt: recordedAt, problems: [], transfer: nil, verdict: nil)
        }
        var problems: [VerificationReport.Problem] = []
        func problem(_ check: VerificationReport.Problem.Check, _ message: String) {
            problems.append(.init(seq: entry.seq, check: check, message: message))
        }
        guard let privateDocument else {
            problem(.payload, "the transfer's private document is missing")
            return EntryContent(computedHash: computed, recordedAt: recordedAt, problems: problems, transfer: nil, verdict: nil)
        }
        let payload: TransferPayload
        do {
            let isCanonical: Bool
            (payload, isCanonical) = try decoder.decode(payload: entry.payload, document: privateDocument)
            // The canonical reader accepts nothing but canonical bytes, so its success already proves
            // what re-encoding would (CanonicalFormTests); only bytes it refused are re-encoded here.
            if !isCanonical {
                if payload.privateDocument != privateDocument {
                    problem(.payload, "the private document is not in canonical form")
                } else if payload.canonicalBytes(privateDocument: privateDocument, hasher: hasher) != entry.payload {
                    problem(.payload, "payload is not in canonical form")
                }
            }
            // A transfer judged by an adopted table is checked against that table, in chain order (EntryChecks).
            if payload.referenceData == referenceData.version,
               case let region = try StructuralRules.check(payload.transfer, referenceData: referenceData), region != payload.region {
                problem(.payload, "region \(payload.region.rawValue) of \(payload.transfer.destination) should be \(region.rawValue) at \(payload.transfer.occurredAt)")
            }
        } catch {
            problem(.payload, "payload is not a valid transfer: \(error)")
            return EntryContent(computedHash: computed, recordedAt: recordedAt, problems: problems, transfer: nil, verdict: nil)
        }
        if let row {
            if !row.matches(payload.transfer, region: payload.region, verdict: payload.verdict) {
                problem(.projection, "the transfer table's row differs from the payload (the query index has been altered)")
            }
        } else {
            problem(.projection, "the transfer has no row in the transfer table")
        }
        // A transfer judged by an adopted table is checked against that table in chain order, so it
        // travels on even when the policy is not replayed.
        let keeping = keepingTransfer || payload.referenceData != referenceData.version
        var content = EntryContent(computedHash: computed, recordedAt: recordedAt, problems: problems,
                                   transfer: keeping ? payload.transfer : nil, verdict: keepingTransfer ? payload.verdict : nil)
        content.referenceData = payload.referenceData
        content.region = payload.region
        return content
    }
}

extension PayloadDecoder {
    /// The entry's leaf hash, SHA-256(0x00 ‖ canonical entry bytes), with the framing of
    /// `EntryEncoding.canonicalBytes` hashed piece by piece instead of copied with the payload into one
    /// array (a test checks the two agree).
    func leafHash(of entry: Entry) -> Digest {
        var kind = entry.kind.rawValue, recordedAt = entry.recordedAt
        return kind.withUTF8 { kind in
            recordedAt.withUTF8 { recordedAt in
                // Only what a length byte can frame goes through the stack buffer; anything else (never
                // canonical) takes `EntryEncoding` itself, so both hash exactly the same bytes.
                guard kind.count <= 255, recordedAt.count <= 255, entry.previousHash.bytes.count == Digest.byteCount else {
                    return hasher.leafHash(entry.canonicalBytes)
                }
                // 0x00, version, seq, two length-prefixed strings, previous hash, payload length.
                return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 + 8 + 2 * 256 + Digest.byteCount + 4) { buffer in
                    var count = 0
                    func append(_ byte: UInt8) {
                        buffer[count] = byte
                        count += 1
                    }
                    append(0x00)
                    append(EntryEncoding.version)
                    for shift in stride(from: 56, through: 0, by: -8) { append(UInt8(truncatingIfNeeded: entry.seq >> UInt64(shift))) }
                    func append(text: UnsafeBufferPointer<UInt8>) {
                        append(UInt8(truncatingIfNeeded: text.count))
                        for byte in text { append(byte) }
                    }
                    append(text: kind)
                    append(text: recordedAt)
                    for byte in entry.previousHash.bytes { append(byte) }
                    let length = UInt32(truncatingIfNeeded: entry.payload.count)
                    for shift in stride(from: 24, through: 0, by: -8) { append(UInt8(truncatingIfNeeded: length >> UInt32(shift))) }
                    hasher.begin()
                    hasher.update(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[..<count])))
                    entry.payload.withUnsafeBytes(hasher.update)
                    return hasher.end()
                }
            }
        }
    }
}
