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
    private(set) var sections = ReportSections()
    private(set) var nextSeq: UInt64
    private var shownCount = 0
    private var hashOnlyCount = 0
    private var occurredAfterRecorded = 0
    private var ruleSetVersions: Set<String> = []
    private var referenceDigests: Set<String> = []

    /// A builder for the entries from `rangeStart` on.
    init(request: ReportRequest, rangeStart: UInt64, referenceData: ReferenceData) {
        self.request = request
        self.rangeStart = rangeStart
        self.referenceData = referenceData
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
            let disclosed: DisclosedTransfer
            do {
                disclosed = try DisclosedTransfer(payload: entry.payload)
            } catch {
                throw ReportProblem(file: ReportBundle.reportFile, location: "entry \(entry.seq)", message: "transfer payload is not valid: \(error)")
            }
            shown = !request.isNarrowed || request.matchesFilters(disclosed)
            if shown {
                let inScope = request.matchesFilters(disclosed) && request.periodContains(disclosed.transfer.occurredAt)
                members["inScope"] = .bool(inScope)
                if let recorded = Timestamp.canonical(entry.recordedAt), recorded < disclosed.transfer.occurredAt {
                    // Completeness assumes occurredAt ≤ recordedAt (FORMAT.md §25); say where it fails.
                    members["occurredAfterRecorded"] = .bool(true)
                    occurredAfterRecorded += 1
                }
                if inScope {
                    sections.add(disclosed, seq: entry.seq)
                    ruleSetVersions.insert(disclosed.ruleSetVersion)
                    referenceDigests.insert(disclosed.referenceData.hex)
                    csvRow = ReportCSV.row(disclosed, entry: entry)
                }
            }
        case .checkpoint:
            shown = true
        case .govAccessRequest:
            // A request names no client, but its counts are the group's, not one party's.
            shown = !request.isNarrowed
            if shown {
                do {
                    let payload = try GovAccessPayload(bytes: entry.payload)
                    if request.periodContains(payload.request.receivedAt) { sections.add(payload.request) }
                } catch {
                    throw ReportProblem(file: ReportBundle.reportFile, location: "entry \(entry.seq)", message: "government access payload is not valid: \(error)")
                }
            }
        default:
            // Registry facts name clients and contracts; a narrowed report is for one party only.
            shown = !request.isNarrowed
        }
        if shown {
            members["canonical"] = .string(Base64.encode(entry.canonicalBytes))
            shownCount += 1
        } else {
            hashOnlyCount += 1
        }
        return Output(line: CanonicalJSON.encode(.object(members)), shown: shown, csvRow: csvRow)
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
    public init(file: String, location: String = "", message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    /// A one-line rendering: `report.json, entry 42: …`.
    public var description: String {
        location.isEmpty ? "\(file): \(message)" : "\(file), \(location): \(message)"
    }
}
