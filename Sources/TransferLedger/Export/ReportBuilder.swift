import LedgerFormat

/// The one place a report's content is decided: how each entry is shown, which transfers are in
/// scope, every figure, and the bytes of every entry line and CSV row.
///
/// Export feeds it entries from the ledger; `verify-report` feeds it the entries and stubs disclosed
/// in the bundle and compares its output with the files byte for byte, so the two cannot diverge.
struct ReportBuilder {
    /// What one entry contributes to the bundle.
    struct Output {
        /// The entry's line in `report.json`'s `entries` array (canonical JSON, no separator).
        let line: [UInt8]
        /// The entry's `transfers.csv` row, when it is an in-scope transfer.
        let csvRow: [UInt8]?
    }

    /// An entry whose line names a later version (`supersededBy`), kept until that version is read:
    /// whether it had to be shown in full depends on the latest version's scope (FORMAT.md §22.1).
    private struct Pending {
        let claimedBy: UInt64
        let disclosure: Disclosure
        /// What it must be shown as when that does not depend on the latest version (format 1, and
        /// earlier states of a request); nil when it does.
        let required: Disclosure?
    }

    let request: ReportRequest
    let rangeStart: UInt64
    let referenceData: ReferenceData
    private(set) var sections = ReportSections()
    private(set) var nextSeq: UInt64
    /// Problems with how entries are shown or linked to their later versions; the verifier reports
    /// them, export never produces any.
    private(set) var problems: [ReportProblem] = []
    private var counts: [Disclosure: Int] = [:]
    private var occurredAfterRecorded = 0
    private var ruleSetVersions: Set<String> = []
    private var referenceDigests: Set<String> = []
    /// The exporting entities of the in-scope transfers, which the header names (`ReportController`).
    private(set) var exporters: Set<String> = []
    /// The earlier versions shown in full before the correction that supersedes them, kept until that
    /// correction comes, so it can say what changed (few: one per correction).
    private var earlierVersions: [UInt64: JSONObject] = [:]
    /// Entries with a `supersededBy` whose later version has not been read yet; few (corrections and
    /// newer request states are rare), so memory stays bounded.
    private var pending: [UInt64: Pending] = [:]
    /// Later version → the pending entry it supersedes.
    private var predecessor: [UInt64: UInt64] = [:]
    /// The last state read of each government access request, by `requestId`.
    private var lastState: [String: UInt64] = [:]
    /// Whether a format-2 entry has been read: every later one is format 2 too (FORMAT.md §1.1).
    private var seenFormatTwo = false

    init(request: ReportRequest, rangeStart: UInt64, referenceData: ReferenceData) {
        self.request = request
        self.rangeStart = rangeStart
        self.referenceData = referenceData
        nextSeq = rangeStart
    }

    // MARK: Deciding

    /// Whether the transfer a header describes (a transfer's, or a correction's corrected version)
    /// is in scope: it matches every filter and occurred in the period.
    func inScope(_ header: JSONObject?) -> Bool {
        inScope(header, occurredAt: ScopedEntry.instant(header?["occurredAt"]?.stringValue))
    }

    /// `inScope(_:)` of an entry whose `occurredAt` was read already.
    func inScope(_ entry: ScopedEntry) -> Bool {
        inScope(entry.header, occurredAt: entry.occurredAt)
    }

    private func inScope(_ header: JSONObject?, occurredAt: Timestamp?) -> Bool {
        guard let header, let occurredAt else { return false }
        return request.periodContains(occurredAt) && request.matches(header: header)
    }

    /// How FORMAT.md §22.1 requires `entry` to be shown. `supersededBy` is the later version (or state)
    /// its line names; `latestInScope` the scope of the latest version of a superseded transfer, which
    /// only export knows when it reaches the earlier version (nil: not known yet).
    func required(_ entry: ScopedEntry, supersededBy: UInt64?, latestInScope: Bool?) -> Disclosure? {
        let isVersioned = entry.kind == .transfer || entry.kind == .correction
        guard entry.format == EntryEncoding.version else {
            // Format 1 cannot be stubbed: shown as report format 1 showed it.
            if !request.isNarrowed { return .full }
            if entry.kind == .checkpoint { return .full }
            return isVersioned && request.matches(header: entry.header ?? [:]) ? .full : .hashOnly
        }
        if isVersioned {
            guard supersededBy != nil else { return inScope(entry) ? .full : .stub }
            return latestInScope.map { $0 ? .full : .stub }
        }
        if entry.kind == .govAccessRequest, !request.isNarrowed, supersededBy == nil,
           let received = ScopedEntry.instant(entry.text("receivedAt")), request.periodContains(received) {
            return .full
        }
        return .stub
    }

    // MARK: Adding

    /// Takes the next entry of the range, shown in full; `header` is its stub header (FORMAT.md §1.3),
    /// which the caller has already projected to decide how to show it, and `canonical` its canonical
    /// bytes when the caller has them from that projection (else they are rebuilt from the payload).
    mutating func add(full entry: Entry, header: JSONObject?, canonical: [UInt8]? = nil, supersededBy: UInt64?) throws(ReportProblem) -> Output {
        let scoped = ScopedEntry(seq: entry.seq, kind: entry.kind, format: entry.format, recordedAt: entry.recordedAt, header: header)
        try begin(scoped, disclosure: .full, supersededBy: supersededBy)
        var members: JSONObject = ["seq": .integer(Int64(entry.seq)), "hash": .string(entry.hash.hex)]
        if let supersededBy { members["supersededBy"] = .integer(Int64(supersededBy)) }
        var csvRow: [UInt8]?
        switch entry.kind {
        case .transfer:
            let disclosed = try Self.disclosed(entry) { () throws(RecordError) in try DisclosedTransfer(payload: entry.payload) }
            csvRow = count(disclosed, scoped: scoped, entry: entry, supersededBy: supersededBy, members: &members)
        case .correction:
            let correction = try Self.disclosed(entry) { () throws(RecordError) in try DisclosedCorrection(payload: entry.payload) }
            members["supersedes"] = .integer(Int64(correction.supersedes))
            addCorrection(correction, entry: entry)
            csvRow = count(correction.transfer, scoped: scoped, entry: entry, supersededBy: supersededBy, members: &members)
        case .govAccessRequest where !request.isNarrowed && supersededBy == nil:
            let payload = try Self.disclosed(entry) { () throws(RecordError) in try GovAccessPayload(bytes: entry.payload) }
            if request.periodContains(payload.request.receivedAt) { sections.add(payload.request) }
        default:
            break
        }
        if supersededBy != nil, entry.kind == .transfer || entry.kind == .correction {
            earlierVersions[entry.seq] = CorrectionChanges.transferMembers(of: entry)
        }
        members["canonical"] = .string(Base64.encode(canonical ?? entry.canonicalBytes))
        if entry.format == EntryEncoding.version { members["payload"] = .string(Base64.encode(entry.payload)) }
        return Output(line: CanonicalJSON.encode(.object(members)), csvRow: csvRow)
    }

    /// Takes the next entry of the range, shown as a stub.
    mutating func add(stub: EntryStub, hash: Digest, supersededBy: UInt64?) throws(ReportProblem) -> Output {
        let scoped = ScopedEntry(seq: stub.seq, kind: stub.kind, format: EntryEncoding.version, recordedAt: stub.recordedAt, header: stub.header)
        try begin(scoped, disclosure: .stub, supersededBy: supersededBy)
        let flagged = (stub.kind == .transfer || stub.kind == .correction) && occurredAfterRecorded(scoped)
        return Output(line: stub.line(hash: hash, first: stub.seq == rangeStart, occurredAfterRecorded: flagged, supersededBy: supersededBy),
                      csvRow: nil)
    }

    /// Takes the next entry of the range, shown by hash only: a format-1 entry a narrowed report does
    /// not cover, the only kind of entry that may be.
    mutating func addHidden(seq: UInt64, hash: Digest, supersededBy: UInt64?) throws(ReportProblem) -> [UInt8] {
        try expect(seq)
        if !request.isNarrowed {
            problem(seq, "is shown by hash only, but a report with no filters shows every format-1 entry in full and every format-2 entry at least as a stub")
        } else if seenFormatTwo {
            problem(seq, "is shown by hash only after a format-2 entry; only a format-1 entry may be, and none follows a format-2 entry")
        }
        counts[.hashOnly, default: 0] += 1
        var members: JSONObject = ["seq": .integer(Int64(seq)), "hash": .string(hash.hex)]
        if let supersededBy {
            members["supersededBy"] = .integer(Int64(supersededBy))
            remember(seq, supersededBy: supersededBy, disclosure: .hashOnly, required: .hashOnly)
        } else {
            // Its kind is unknown: the versions it would settle cannot be checked (FORMAT.md §25).
            var later = seq
            while let earlier = predecessor.removeValue(forKey: later) {
                pending[earlier] = nil
                later = earlier
            }
        }
        return CanonicalJSON.encode(.object(members))
    }

    /// The checks common to full and stubbed entries: order, format, the disclosure the report
    /// requires, and the links between versions.
    private mutating func begin(_ entry: ScopedEntry, disclosure: Disclosure, supersededBy: UInt64?) throws(ReportProblem) {
        try expect(entry.seq)
        counts[disclosure, default: 0] += 1
        if entry.format == EntryEncoding.version {
            seenFormatTwo = true
        } else if seenFormatTwo {
            problem(entry.seq, "is a format-1 entry after a format-2 entry, which no ledger holds")
        }
        if let supersededBy, supersededBy <= entry.seq {
            problem(entry.seq, "names entry \(supersededBy) as its later version, which is not after it")
        }
        // A correction must be named by the version it supersedes, whose line came before.
        if let target = entry.supersedes, target >= rangeStart, pending[target]?.claimedBy != entry.seq {
            problem(entry.seq, "supersedes entry \(target), whose line does not name it as supersededBy")
        }
        if entry.kind == .govAccessRequest, !request.isNarrowed, let id = entry.text("requestId") {
            if let earlier = lastState[id] {
                if pending[earlier]?.claimedBy == entry.seq {
                    pending[earlier] = nil
                    predecessor[entry.seq] = nil
                } else {
                    problem(earlier, "is an earlier state of request '\(id)' than entry \(entry.seq), but its line does not name it as supersededBy")
                }
            }
            lastState[id] = entry.seq
        }
        let isVersioned = entry.kind == .transfer || entry.kind == .correction
        if supersededBy != nil, !isVersioned, entry.kind != .govAccessRequest || request.isNarrowed {
            problem(entry.seq, "names a later version, but only transfers, corrections and (in a report with no filters) government access requests have one")
        }
        let required = required(entry, supersededBy: supersededBy, latestInScope: nil)
        if let supersededBy, isVersioned || entry.kind == .govAccessRequest {
            remember(entry.seq, supersededBy: supersededBy, disclosure: disclosure, required: required)
        } else if let required, required != disclosure {
            problem(entry.seq, "is shown \(disclosure.rawValue), but the report must show it \(required.rawValue)")
        }
        if isVersioned, supersededBy == nil {
            settleVersions(before: entry.seq, latestInScope: inScope(entry))
        }
    }

    /// Keeps an entry whose line names a later version until that version settles it.
    private mutating func remember(_ seq: UInt64, supersededBy: UInt64, disclosure: Disclosure, required: Disclosure?) {
        if let required, required != disclosure {
            problem(seq, "is shown \(disclosure.rawValue), but the report must show it \(required.rawValue)")
        }
        pending[seq] = Pending(claimedBy: supersededBy, disclosure: disclosure, required: required)
        predecessor[supersededBy] = seq
    }

    /// Checks the earlier versions of the transfer whose latest version is `latest`: each must be
    /// shown in full exactly when the latest version is in scope (FORMAT.md §22.1).
    private mutating func settleVersions(before latest: UInt64, latestInScope: Bool) {
        var later = latest
        while let earlier = predecessor.removeValue(forKey: later), let entry = pending.removeValue(forKey: earlier) {
            if entry.required == nil {
                let required: Disclosure = latestInScope ? .full : .stub
                if entry.disclosure != required {
                    problem(earlier, "is an earlier version of entry \(latest) and must be shown \(required.rawValue), not \(entry.disclosure.rawValue)")
                }
            }
            later = earlier
        }
    }

    /// Marks a shown transfer (or a correction's corrected transfer) in or out of scope, counts it when
    /// in scope and returns its CSV row; a superseded one is out of scope.
    private mutating func count(_ disclosed: DisclosedTransfer, scoped: ScopedEntry, entry: Entry, supersededBy: UInt64?,
                                members: inout JSONObject) -> [UInt8]? {
        let inScope = supersededBy == nil && inScope(scoped)
        members["inScope"] = .bool(inScope)
        if occurredAfterRecorded(scoped) { members["occurredAfterRecorded"] = .bool(true) }
        guard inScope else { return nil }
        sections.add(disclosed, seq: entry.seq)
        ruleSetVersions.insert(disclosed.ruleSetVersion)
        exporters.insert(disclosed.transfer.exporter.entity)
        referenceDigests.insert(disclosed.referenceData.hex)
        return ReportCSV.row(disclosed, entry: entry)
    }

    /// Lists a correction with what it changed, when the version it supersedes was shown in full
    /// before it.
    private mutating func addCorrection(_ correction: DisclosedCorrection, entry: Entry) {
        let earlier = earlierVersions.removeValue(forKey: correction.supersedes)
        let changes = earlier.flatMap { old in CorrectionChanges.transferMembers(of: entry).map { CorrectionChanges.changes(from: old, to: $0) } }
        let place = changes != nil ? "shown" : correction.supersedes < rangeStart ? "beforeRange" : "notShown"
        sections.add(correction: correction, seq: entry.seq, recordedAt: entry.recordedAt, changes: changes, earlierVersion: place)
    }

    /// Whether a transfer or correction's `occurredAt` is later than its `recordedAt`, counting it when
    /// it is: completeness assumes it is not (FORMAT.md §25), so its line says where it fails.
    private mutating func occurredAfterRecorded(_ entry: ScopedEntry) -> Bool {
        guard let occurred = entry.occurredAt, let recorded = ScopedEntry.instant(entry.recordedAt), recorded < occurred else { return false }
        occurredAfterRecorded += 1
        return true
    }

    /// Decodes a disclosed payload, as a problem naming the entry when it is not valid.
    private static func disclosed<T>(_ entry: Entry, _ decode: () throws(RecordError) -> T) throws(ReportProblem) -> T {
        do {
            return try decode()
        } catch {
            throw ReportProblem(file: ReportBundle.reportFile, location: "entry \(entry.seq)", message: "\(entry.kind) payload is not valid: \(error)")
        }
    }

    private mutating func expect(_ seq: UInt64) throws(ReportProblem) {
        try checkOrder(seq)
        nextSeq += 1
    }

    /// Throws when `seq` is not the entry the range continues with; a verifier checks this before it
    /// reads a stub, whose `previousHash` depends on its position.
    func checkOrder(_ seq: UInt64) throws(ReportProblem) {
        guard seq == nextSeq else {
            throw ReportProblem(file: ReportBundle.reportFile, location: "entry \(seq)",
                                message: "is out of order: the range continues with entry \(nextSeq)")
        }
    }

    private mutating func problem(_ seq: UInt64, _ message: String) {
        problems.append(ReportProblem(file: ReportBundle.reportFile, location: "entry \(seq)", message: message))
    }

    /// After the last entry: every `supersededBy` must have been settled by the version it names.
    mutating func finish() {
        for (seq, entry) in pending.sorted(by: { $0.key < $1.key }) {
            problem(seq, "names entry \(entry.claimedBy) as its later version, which is not a later version of it in the range")
        }
        pending = [:]
        predecessor = [:]
    }

    // MARK: The document

    /// The report object without `entries`: what follows the entries in `report.json` and what the
    /// HTML is rendered from.
    /// The checkpoint size and range end must be at most 2^63−1 (`export` reads them from a ledger,
    /// `verify-report` checks them first), as must every seq the builder was given.
    func document(checkpoint note: SignedNote, checkpoint: Checkpoint, rangeProof: [Digest]) -> JSONObject {
        var header = request.chosenHeader
        header["narrowed"] = .bool(request.isNarrowed)
        header["referenceData"] = .string(referenceDigests.sorted().joined(separator: ","))
        header["ruleSetVersions"] = .array(ruleSetVersions.sorted().map(JSONValue.string))
        header["ledgerOrigin"] = .string(checkpoint.origin)
        header["checkpointSize"] = .integer(Int64(checkpoint.size))
        header["checkpointRoot"] = .string(checkpoint.rootHash.hex)
        let integrity: JSONObject = [
            "statement": .string(request.isNarrowed ? Self.narrowedStatement : Self.periodStatement),
            "rangeStart": .integer(Int64(rangeStart)), "rangeEnd": .integer(Int64(nextSeq)),
            "entriesInRange": .integer(Int64(nextSeq - rangeStart)), "entriesShown": .integer(Int64(counts[.full, default: 0])),
            "entriesStubbed": .integer(Int64(counts[.stub, default: 0])), "entriesHashOnly": .integer(Int64(counts[.hashOnly, default: 0])),
            "occurredAfterRecorded": .integer(Int64(occurredAfterRecorded)),
        ]
        return [
            "format": .string(ReportBundle.format),
            "header": .object(header),
            "integrity": .object(integrity),
            "sections": sections.json(referenceData: referenceData),
            "evidence": .object(["checkpoint": .string(note.serialized), "rangeProof": .array(rangeProof.map { .string($0.hex) })]),
        ]
    }

    static let periodStatement = """
        Every ledger entry from rangeStart to rangeEnd (exclusive) is in the bundle: the transfers the \
        report covers (their latest version in the period, with the earlier versions it replaced) and \
        the government access requests received in the period in full, every other entry as a stub \
        (kind, recorded time, the header that places it outside the period, and its payload's digest), \
        and entries written before format version 2 in full. Their hashes rebuild the root of the signed \
        checkpoint through the range proof, so none was altered, added, removed or reordered, and no \
        stub hides a transfer of the period. Every transfer whose occurredAt lies in the period and that \
        was recorded before rangeEnd is among them, provided its occurredAt is not later than its \
        recordedAt; entries where it is are marked occurredAfterRecorded.
        """
    static let narrowedStatement = """
        Every ledger entry from rangeStart to rangeEnd (exclusive) is in the bundle: the transfers \
        matching the filters whose latest version lies in the period in full, with the earlier versions \
        it replaced, every other entry written in format version 2 as a stub whose header shows it does \
        not match, and entries written before format version 2 in full when they match the filters, \
        else by hash only. Together they rebuild the root of the signed checkpoint, which proves that no \
        entry was altered, added, removed or reordered and that no stub hides a matching transfer; \
        entries shown by hash only (entriesHashOnly) are not proven not to match.
        """
}

/// One problem found in a report bundle, naming the file and the entry or section concerned.
public struct ReportProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The bundle file concerned, for example `report.json`.
    public let file: String
    /// Where in it: `entry 42`, `sections.totals`, `header.reportId`, `row 7`; empty for the whole file.
    public let location: String
    /// What is wrong.
    public let message: String

    /// A problem in `file` at `location`.
    package init(file: String, location: String = "", message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    /// A one-line rendering: `report.json, entry 42: …`, with bytes quoted from the bundle escaped.
    public var description: String {
        MessageText.escaped(location.isEmpty ? "\(file): \(message)" : "\(file), \(location): \(message)")
    }
}
