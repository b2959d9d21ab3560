/// Re-checks a whole ledger from its stored bytes: sequence, hashes, links, times, payloads, the
/// query projection and the schema's triggers. Streams entries, so memory does not grow with size.
struct Verifier {
    let store: LedgerStore
    let referenceData: ReferenceData
    private let hasher = SHA256()

    init(store: LedgerStore, referenceData: ReferenceData) {
        self.store = store
        self.referenceData = referenceData
    }

    func run() throws -> VerificationReport {
        var report = VerificationReport()
        try checkSchema(into: &report)

        var expectedSeq: UInt64 = 0
        var previous: (hash: Digest, recordedAt: Timestamp?)?
        try store.forEachEntry { entry, row in
            report.entriesChecked += 1
            check(entry, row: row, expectedSeq: expectedSeq, previous: previous, into: &report)
            expectedSeq = entry.seq &+ 1
            previous = (entry.hash, try? Timestamp(rfc3339: entry.recordedAt))
            report.tipHash = entry.hash
        }
        for seq in try store.orphanTransferRows() {
            report.problems.append(.init(seq: seq, check: .projection, message: "a transfer row exists for an entry that is not a transfer"))
        }
        return report
    }

    private func checkSchema(into report: inout VerificationReport) throws {
        let applicationID = try store.storedApplicationID()
        if applicationID != LedgerStore.applicationID {
            report.problems.append(.init(seq: nil, check: .schema, message: "application id is \(applicationID), not \(LedgerStore.applicationID)"))
        }
        let expected = try Self.expectedSchema()
        let actual = try store.schemaObjects()
        for object in expected where !actual.contains(object) {
            let present = actual.first { $0.name == object.name }
            report.problems.append(.init(seq: nil, check: .schema,
                message: present == nil ? "\(object.type) \(object.name) is missing" : "\(object.type) \(object.name) has been altered"))
        }
        for object in actual where !expected.contains(where: { $0.name == object.name }) {
            report.problems.append(.init(seq: nil, check: .schema, message: "unexpected \(object.type) \(object.name)"))
        }
    }

    /// The schema objects a ledger of this version must have: the embedded migrations applied to an
    /// empty in-memory database.
    static func expectedSchema() throws -> [SchemaObject] {
        let scratch = try LedgerStore(path: ":memory:", readOnly: false, create: true)
        return try scratch.schemaObjects()
    }

    private func check(_ entry: Entry, row: TransferRow?, expectedSeq: UInt64, previous: (hash: Digest, recordedAt: Timestamp?)?, into report: inout VerificationReport) {
        func problem(_ check: VerificationReport.Problem.Check, _ message: String) {
            report.problems.append(.init(seq: entry.seq, check: check, message: message))
        }
        let contiguous = entry.seq == expectedSeq
        if !contiguous {
            let missing = expectedSeq == entry.seq - 1 ? "entry \(expectedSeq) is" : "entries \(expectedSeq)–\(entry.seq - 1) are"
            problem(.sequence, "\(missing) missing before this one")
        }

        let computed = hasher.leafHash(entry.canonicalBytes)
        if computed != entry.hash {
            problem(.hash, "hash does not match its contents (stored \(entry.hash.shortHex), computed \(computed.shortHex))")
        }
        // After a gap the true predecessor is unknown; the sequence problem already names it.
        let expectedPrevious = entry.seq == 0 ? Digest.zero : (contiguous ? previous?.hash : nil)
        if let expectedPrevious, entry.previousHash != expectedPrevious {
            let owner = entry.seq == 0 ? "the first entry's zero hash" : "the hash of entry \(entry.seq - 1)"
            problem(.link, "previous hash \(entry.previousHash.shortHex) does not match \(owner) (\(expectedPrevious.shortHex))")
        }

        switch Timestamp.canonical(entry.recordedAt) {
        case .none:
            problem(.recordedTime, "recorded time '\(entry.recordedAt)' is not a canonical RFC 3339 UTC timestamp")
        case .some(let recordedAt):
            if let earlier = previous?.recordedAt, recordedAt < earlier {
                problem(.recordedTime, "recorded time \(entry.recordedAt) is earlier than the previous entry's \(earlier)")
            }
        }

        guard entry.kind == .transfer else {
            problem(.payload, "unknown entry kind '\(entry.kind)'")
            return
        }
        checkTransfer(entry, row: row, problem: problem)
    }

    private func checkTransfer(_ entry: Entry, row: TransferRow?, problem: (VerificationReport.Problem.Check, String) -> Void) {
        let payload: TransferPayload
        do {
            payload = try TransferPayload(bytes: entry.payload)
            if payload.canonicalBytes != entry.payload {
                problem(.payload, "payload is not in canonical form")
            }
            let region = try StructuralRules.check(payload.transfer, referenceData: referenceData)
            if payload.referenceData == referenceData.version, region != payload.region {
                problem(.payload, "region \(payload.region.rawValue) of \(payload.transfer.destination) should be \(region.rawValue) at \(payload.transfer.occurredAt)")
            }
        } catch {
            problem(.payload, "payload is not a valid transfer: \(error)")
            return
        }
        let expected = TransferRow(payload.transfer, region: payload.region)
        guard let row else {
            problem(.projection, "the transfer has no row in the transfer table")
            return
        }
        if row != expected {
            problem(.projection, "the transfer table's row differs from the payload (the query index has been altered)")
        }
    }
}

extension Timestamp {
    /// The instant `text` denotes when `text` is its canonical spelling, else nil.
    static func canonical(_ text: String) -> Timestamp? {
        guard let instant = try? Timestamp(rfc3339: text), instant.rfc3339 == text else { return nil }
        return instant
    }
}
