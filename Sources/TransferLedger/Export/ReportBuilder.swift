import LedgerFormat

/// The one place a report's content is decided: which entries are shown, which are in scope, every
/// figure, and the bytes of every entry line and CSV row.
///
/// Export feeds it entries from the ledger; `verify-report` feeds it the entries disclosed in the
/// bundle and compares its output with the files byte for byte, so the two cannot diverge.
struct ReportBuilder {
    /// What one entry contributes to the bundle.
    struct Output {
        /// The entry's line in `report.json`'s `entries` array (canonical JSON, no separator).
        let line: [UInt8]
        /// Whether the entry is shown with its canonical bytes (else by seq and hash only).
        let shown: Bool
        /// The entry's `transfers.csv` row, when it is an in-scope transfer.
        let csvRow: [UInt8]?
    }

    let request: ReportRequest
    let rangeStart: UInt64
    let referenceData: ReferenceData
    /// Superseded entry → the shown correction of the range that superseded it (FORMAT.md §22.1): such
    /// a transfer is shown but not counted; its latest version counts instead.
    let superseded: [UInt64: UInt64]
    private(set) var sections = ReportSections()
    private(set) var nextSeq: UInt64
    private var shownCount = 0
    private var hashOnlyCount = 0
    private var occurredAfterRecorded = 0
    private var ruleSetVersions: Set<String> = []
    private var referenceDigests: Set<String> = []
    /// The exporting entities of the in-scope transfers, which the header names (`ReportController`).
    private(set) var exporters: Set<String> = []
    /// The shown versions the range's corrections supersede, kept until their correction comes, so it
    /// can say what changed (few: one per correction).
    private var earlierVersions: [UInt64: JSONObject] = [:]

    /// A builder for the entries from `rangeStart` on, given the supersessions of the range's shown
    /// corrections (export reads them from the ledger, verify-report from `sections.corrections`, which
    /// the builder regenerates, so a wrong claim is caught).
    init(request: ReportRequest, rangeStart: UInt64, referenceData: ReferenceData, superseded: [UInt64: UInt64] = [:]) {
        self.request = request
        self.rangeStart = rangeStart
        self.referenceData = referenceData
        self.superseded = superseded
        nextSeq = rangeStart
    }

    /// Takes the next entry of the range and decides how the report shows it.
    mutating func add(_ entry: Entry) throws(ReportProblem) -> Output {
        try expect(entry.seq)
        var members: JSONObject = ["seq": .integer(Int64(entry.seq)), "hash": .string(entry.hash.hex)]
        var csvRow: [UInt8]?
        let shown: Bool
        switch entry.kind {
        case .transfer:
            let disclosed = try Self.disclosed(entry) { () throws(RecordError) in try DisclosedTransfer(payload: entry.payload) }
            shown = !request.isNarrowed || request.matchesFilters(disclosed)
            if shown { csvRow = count(disclosed, entry: entry, members: &members) }
        case .correction:
            let correction = try Self.disclosed(entry) { () throws(RecordError) in try DisclosedCorrection(payload: entry.payload) }
            shown = !request.isNarrowed || request.matchesFilters(correction.transfer)
            if shown {
                members["supersedes"] = .integer(Int64(correction.supersedes))
                addCorrection(correction, entry: entry)
                csvRow = count(correction.transfer, entry: entry, members: &members)
            }
        case .checkpoint:
            shown = true
        case .govAccessRequest:
            // A request names no client, but its counts are the group's, not one party's.
            shown = !request.isNarrowed
            if shown {
                let payload = try Self.disclosed(entry) { () throws(RecordError) in try GovAccessPayload(bytes: entry.payload) }
                if request.periodContains(payload.request.receivedAt) { sections.add(payload.request) }
            }
        default:
            // Registry facts name clients and contracts; a narrowed report is for one party only.
            shown = !request.isNarrowed
        }
        if shown, superseded[entry.seq] != nil { earlierVersions[entry.seq] = CorrectionChanges.transferMembers(of: entry) }
        if shown {
            members["canonical"] = .string(Base64.encode(entry.canonicalBytes))
            shownCount += 1
        } else {
            hashOnlyCount += 1
        }
        return Output(line: CanonicalJSON.encode(.object(members)), shown: shown, csvRow: csvRow)
    }

    /// Marks a shown transfer (or a correction's corrected transfer) in or out of scope, counts it when
    /// in scope and returns its CSV row; a superseded one is out of scope and names its correction.
    private mutating func count(_ disclosed: DisclosedTransfer, entry: Entry, members: inout JSONObject) -> [UInt8]? {
        let supersededBy = superseded[entry.seq]
        let inScope = supersededBy == nil && request.matchesFilters(disclosed) && request.periodContains(disclosed.transfer.occurredAt)
        members["inScope"] = .bool(inScope)
        members["supersededBy"] = supersededBy.map { .integer(Int64($0)) }
        if let recorded = Timestamp.canonical(entry.recordedAt), recorded < disclosed.transfer.occurredAt {
            // Completeness assumes occurredAt ≤ recordedAt (FORMAT.md §25); say where it fails.
            members["occurredAfterRecorded"] = .bool(true)
            occurredAfterRecorded += 1
        }
        guard inScope else { return nil }
        sections.add(disclosed, seq: entry.seq)
        ruleSetVersions.insert(disclosed.ruleSetVersion)
        exporters.insert(disclosed.transfer.exporter.entity)
        referenceDigests.insert(disclosed.referenceData.hex)
        return ReportCSV.row(disclosed, entry: entry)
    }

    /// Lists a correction with what it changed, when the version it supersedes was shown before it.
    private mutating func addCorrection(_ correction: DisclosedCorrection, entry: Entry) {
        let earlier = earlierVersions.removeValue(forKey: correction.supersedes)
        let changes = earlier.flatMap { old in CorrectionChanges.transferMembers(of: entry).map { CorrectionChanges.changes(from: old, to: $0) } }
        let place = changes != nil ? "shown" : correction.supersedes < rangeStart ? "beforeRange" : "notShown"
        sections.add(correction: correction, seq: entry.seq, recordedAt: entry.recordedAt, changes: changes, earlierVersion: place)
    }

    /// Decodes a disclosed payload, as a problem naming the entry when it is not valid.
    private static func disclosed<T>(_ entry: Entry, _ decode: () throws(RecordError) -> T) throws(ReportProblem) -> T {
        do {
            return try decode()
        } catch {
            throw ReportProblem(file: ReportBundle.reportFile, location: "entry \(entry.seq)", message: "\(entry.kind) payload is not valid: \(error)")
        }
    }

    /// The supersession a correction entry contributes to a report for `request`: its target and
    /// seq when the report shows it, nil otherwise.
    static func supersession(by entry: Entry, for request: ReportRequest) -> (target: UInt64, correction: UInt64)? {
        guard entry.kind == .correction, let correction = try? DisclosedCorrection(payload: entry.payload),
              !request.isNarrowed || request.matchesFilters(correction.transfer) else { return nil }
        return (correction.supersedes, entry.seq)
    }

    /// Takes the next entry of the range shown by hash only, which only a narrowed report may do.
    mutating func addHidden(seq: UInt64, hash: Digest) throws(ReportProblem) -> [UInt8] {
        try expect(seq)
        guard request.isNarrowed else {
            throw ReportProblem(file: ReportBundle.reportFile, location: "entry \(seq)",
                                message: "is shown by hash only, but a report with no filters must show every entry of its range")
        }
        hashOnlyCount += 1
        return CanonicalJSON.encode(.object(["seq": .integer(Int64(seq)), "hash": .string(hash.hex)]))
    }

    private mutating func expect(_ seq: UInt64) throws(ReportProblem) {
        guard seq == nextSeq else {
            throw ReportProblem(file: ReportBundle.reportFile, location: "entry \(seq)",
                                message: "is out of order: the range continues with entry \(nextSeq)")
        }
        nextSeq += 1
    }

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
            "entriesInRange": .integer(Int64(nextSeq - rangeStart)), "entriesShown": .integer(Int64(shownCount)),
            "entriesHashOnly": .integer(Int64(hashOnlyCount)),
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
        Every ledger entry from rangeStart to rangeEnd (exclusive) is included with its canonical bytes; \
        their hashes rebuild the root of the signed checkpoint through the range proof, so none was \
        altered, added, removed or reordered. Every transfer whose occurredAt lies in the period and that \
        was recorded at or before rangeEnd is among them, provided its occurredAt is not later than its \
        recordedAt; entries where it is are marked occurredAfterRecorded.
        """
    static let narrowedStatement = """
        Every ledger entry from rangeStart to rangeEnd (exclusive) is included: entries matching the \
        filters with their canonical bytes, the others by sequence number and hash only. Together they \
        rebuild the root of the signed checkpoint, which proves the integrity of every shown entry and \
        the number and positions of the hidden ones, but not that no hidden entry matches the filters.
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
