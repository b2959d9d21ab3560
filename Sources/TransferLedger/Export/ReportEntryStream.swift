import LedgerFormat

/// The second pass of `verify-report`: every entry line of `report.json`, in order, against its
/// canonical bytes, the chain and the builder's regeneration, with `transfers.csv` compared row by row.
struct EntryStream {
    private(set) var builder: ReportBuilder
    private let report: ReportInputFile?
    private let csv: ReportInputFile?
    /// Why transfers.csv could not be opened; report.json's reason is reported by its first pass.
    private let csvProblem: ReportProblem?
    private var csvRow = 1
    /// Rows of transfers.csv that differ from their regeneration; only the first is reported by row,
    /// since a row added or removed shifts every later one.
    private var csvRowsDiffering = 0
    /// Told the entries read every `OperationProgress.interval`, of `total` when the checkpoint gives it.
    var progress: ProgressHandler?
    var total: UInt64?

    init(directory: String, builder: ReportBuilder) {
        self.builder = builder
        report = try? ReportInputFile(directory: directory, name: ReportBundle.reportFile)
        do {
            (csv, csvProblem) = (try ReportInputFile(directory: directory, name: ReportBundle.csvFile), nil)
        } catch {
            (csv, csvProblem) = (nil, error)
        }
    }

    private static func problem(_ location: String, _ message: String) -> ReportProblem {
        ReportProblem(file: ReportBundle.reportFile, location: location, message: message)
    }

    /// Reads every entry line, folding the entries' hashes into `leaves`.
    mutating func run(hasher: SHA256, leaves: inout RangeAccumulator, into result: inout ReportVerification) {
        guard let report else { return }
        if let csvProblem { result.problems.append(csvProblem) }
        compareCSV(ReportCSV.header, entry: nil, into: &result)
        do {
            try readEntries(report, hasher: hasher, leaves: &leaves, into: &result)
        } catch {
            result.problems.append(error)
        }
    }

    private mutating func readEntries(_ report: ReportInputFile, hasher: SHA256, leaves: inout RangeAccumulator,
                                      into result: inout ReportVerification) throws(ReportProblem) {
        guard try report.line() == ReportBundle.openingLine + [0x0A] else {
            result.problems.append(Self.problem("line 1", "is not '\(String(decoding: ReportBundle.openingLine, as: UTF8.self))'"))
            return
        }
        var position: UInt64 = 0
        var previous: Digest?
        while let raw = try report.line(), raw.first != UInt8(ascii: "]") {
            let location = "entry line \(position + 1)"
            var line = raw.last == 0x0A ? Array(raw.dropLast()) : raw
            if position > 0 {
                guard line.first == UInt8(ascii: ",") else {
                    result.problems.append(Self.problem(location, "does not start with the separating comma"))
                    return
                }
                line.removeFirst()
            }
            position += 1
            if let progress, OperationProgress.isDue(position, of: total) { progress(OperationProgress(done: position, total: total)) }
            guard let members = (try? JSONParser.parse(line))?.objectValue,
                  case .integer(let seqValue) = members["seq"], seqValue >= 0,
                  let stated = members["hash"]?.stringValue.flatMap(Digest.init(hex:)) else {
                result.problems.append(Self.problem(location, "is not an entry object with seq and hash"))
                return
            }
            let seq = UInt64(seqValue)
            var supersededBy: UInt64?
            if let value = members["supersededBy"] {
                guard case .integer(let later) = value, later >= 0 else {
                    result.problems.append(Self.problem("entry \(seq)", "supersededBy is not a sequence number"))
                    return
                }
                supersededBy = UInt64(later)
            }
            let expectedLine: [UInt8]
            var leaf = stated
            do {
                if let text = members["canonical"]?.stringValue {
                    guard let bytes = Base64.decode(text) else { throw Self.problem("entry \(seq)", "canonical is not base64") }
                    var payload: [UInt8]?
                    if let encoded = members["payload"]?.stringValue {
                        guard let decoded = Base64.decode(encoded) else { throw Self.problem("entry \(seq)", "payload is not base64") }
                        payload = decoded
                    }
                    let entry: Entry
                    do {
                        entry = try DisclosedEntry.entry(canonical: bytes, payload: payload, hasher: hasher)
                    } catch {
                        throw Self.problem("entry \(seq)", "\(error)")
                    }
                    leaf = entry.hash
                    if entry.seq != seq { throw Self.problem("entry \(seq)", "its canonical bytes are entry \(entry.seq)") }
                    if entry.hash != stated {
                        result.problems.append(Self.problem("entry \(seq)", "hash does not match its canonical bytes (stated \(stated.shortHex), computed \(entry.hash.shortHex))"))
                    }
                    if let previous, entry.previousHash != previous {
                        // Name the entry read before (nextSeq is at least 1 once one was), not `seq - 1`:
                        // a repeated or reordered line, reported by the builder next, may carry seq 0.
                        result.problems.append(Self.problem("entry \(seq)", "previous hash \(entry.previousHash.shortHex) is not entry \(builder.nextSeq - 1)'s hash \(previous.shortHex)"))
                    }
                    let output = try builder.add(full: entry, header: StubHeader.header(kind: entry.kind, payload: entry.payload),
                                                 supersededBy: supersededBy)
                    expectedLine = output.line
                    if output.line != line {
                        result.problems.append(Self.problem("entry \(seq)", "is not the line its canonical bytes regenerate (inScope or a flag was changed)"))
                    }
                    if let row = output.csvRow { compareCSV(row, entry: seq, into: &result) }
                } else if members["kind"] != nil {
                    // A stub: its hash is rebuilt from what it discloses, linked to the line before.
                    try builder.checkOrder(seq)
                    let stub: EntryStub
                    do {
                        stub = try EntryStub(line: members, seq: seq, previousHash: position == 1 ? nil : previous)
                    } catch {
                        throw Self.problem("entry \(seq)", "\(error)")
                    }
                    leaf = hasher.leafHash(stub.canonicalBytes)
                    if leaf != stated {
                        result.problems.append(Self.problem("entry \(seq)", "hash does not match its stub (stated \(stated.shortHex), computed \(leaf.shortHex)): its header, kind, recordedAt or payloadDigest was changed"))
                    }
                    expectedLine = try builder.add(stub: stub, hash: leaf, supersededBy: supersededBy).line
                    if expectedLine != line {
                        result.problems.append(Self.problem("entry \(seq)", "is not the line its stub regenerates (a member was added, removed or changed)"))
                    }
                } else {
                    expectedLine = try builder.addHidden(seq: seq, hash: stated, supersededBy: supersededBy)
                    if expectedLine != line { result.problems.append(Self.problem("entry \(seq)", "a hash-only entry has members other than seq, hash and supersededBy")) }
                }
            } catch let problem as ReportProblem {
                result.problems.append(problem)
                // After a gap or a reordering every later entry would be reported again; stop here.
                if builder.nextSeq != seq + 1 { return }
            } catch {
                result.problems.append(Self.problem("entry \(seq)", "\(error)"))
                return
            }
            previous = leaf
            leaves.append(leaf, hasher: hasher)
        }
    }

    /// Compares the next bytes of transfers.csv with the regenerated row.
    private mutating func compareCSV(_ row: [UInt8], entry seq: UInt64?, into result: inout ReportVerification) {
        guard let csv else { return }
        defer { csvRow += 1 }
        if csv.bytes(row.count) != row {
            csvRowsDiffering += 1
            guard csvRowsDiffering == 1 else { return }
            let what = seq.map { "is not the row entry \($0) regenerates (the first divergence)" } ?? "is not the header row"
            result.problems.append(ReportProblem(file: ReportBundle.csvFile, location: "row \(csvRow)", message: what))
        }
    }

    /// Checks that transfers.csv has no further rows, and both files' digests against the signed ones.
    func finish(signed: [String: Digest], into result: inout ReportVerification) {
        if csvRowsDiffering > 1 {
            result.problems.append(ReportProblem(file: ReportBundle.csvFile, message:
                "\(csvRowsDiffering) of its \(csvRow - 1) rows differ from their regeneration; the first is named above (a row added or removed shifts every later one)"))
        }
        for (file, name) in [(report, ReportBundle.reportFile), (csv, ReportBundle.csvFile)] {
            guard let file else { continue }
            let (digest, trailing) = file.finish()
            if name == ReportBundle.csvFile && trailing > 0 {
                result.problems.append(ReportProblem(file: name, location: "row \(csvRow)", message: "has \(trailing) bytes after the last in-scope transfer's row"))
            }
            if let expected = signed[name], expected != digest {
                result.problems.append(ReportProblem(file: name, message: "its SHA-256 \(digest.shortHex) is not the signed \(expected.shortHex)"))
            }
        }
    }
}
