import LedgerFormat

#if canImport(Glibc)
internal import Glibc
#endif

/// The outcome of checking a report bundle offline: every problem found, naming file and entry or section.
public struct ReportVerification: Sendable {
    /// Every problem, in the order found; empty when the bundle is valid.
    public internal(set) var problems: [ReportProblem] = []
    /// The report id the signature names.
    public internal(set) var reportID = ""
    /// The number of entries in the range the bundle holds.
    public internal(set) var entries: UInt64 = 0
    /// The number of in-scope transfers.
    public internal(set) var transfersInScope = 0

    /// Whether the bundle is authentic, complete for its range, and self-consistent.
    public var isValid: Bool { problems.isEmpty }
}

/// Checks a report bundle with nothing but the ledger's public key: signatures, digests, every entry's
/// hash, the range proof, and that every figure, CSV row and the HTML regenerate from the entries.
public enum ReportVerifier {
    /// Verifies the bundle in `directory` against the log keys `keys`; streams `report.json` twice (its
    /// last line first, for the header the entries are judged by). `progress` hears the entries checked
    /// every `OperationProgress.interval`, of the range the checkpoint claims.
    public static func verify(bundle directory: String, keys: [NoteVerifierKey], referenceData: ReferenceData = .embedded,
                              progress: ProgressHandler? = nil) -> ReportVerification {
        var result = ReportVerification()
        func problem(_ file: String, _ location: String = "", _ message: String) {
            result.problems.append(ReportProblem(file: file, location: location, message: message))
        }
        let hasher = SHA256()

        // 1. The signature over the file digests.
        var signed: [String: Digest] = [:]
        do {
            let file = try ReportInputFile(directory: directory, name: ReportBundle.signatureFile)
            let bytes = file.bytes(1 << 20)
            do {
                let note = try SignedNote(parsing: bytes)
                if !(try note.verify(using: keys)).isSignedByLog {
                    problem(ReportBundle.signatureFile, "", "carries no valid signature by the given log key")
                }
                let parsed = try ReportBundle.parseSignatureText(note.text)
                (result.reportID, signed) = (parsed.reportID, parsed.digests)
            } catch let error as ReportProblem {
                result.problems.append(error)
            } catch {
                problem(ReportBundle.signatureFile, "", "is not a signed note: \(error)")
            }
        } catch {
            result.problems.append(error)
        }

        checkListedFiles(directory: directory, into: &result)

        // 2. report.json: the closing line first, for the header, the evidence and the range start.
        guard let closing = closingDocument(directory: directory, into: &result) else { return result }
        let (tail, closingBytes) = closing
        let request: ReportRequest
        do {
            request = try ReportRequest(header: tail["header"]?.objectValue ?? [:])
        } catch {
            result.problems.append(error)
            return result
        }
        if request.reportID != result.reportID {
            problem(ReportBundle.reportFile, "header.reportId", "'\(request.reportID)' is not the report id '\(result.reportID)' the signature names")
        }
        let evidence = tail["evidence"]?.objectValue ?? [:]
        var checkpoint: Checkpoint?
        var note: SignedNote?
        do {
            let parsed = try SignedNote(parsing: evidence["checkpoint"]?.stringValue ?? "")
            note = parsed
            if !(try parsed.verify(using: keys)).isSignedByLog {
                problem(ReportBundle.reportFile, "evidence.checkpoint", "carries no valid signature by the given log key")
            }
            checkpoint = try Checkpoint(parsing: parsed.text)
        } catch {
            problem(ReportBundle.reportFile, "evidence.checkpoint", "is not a signed checkpoint: \(error)")
        }
        var proof: [Digest] = []
        var elements: [JSONValue] = []
        if case .array(let items) = evidence["rangeProof"] { elements = items }
        for (index, element) in elements.enumerated() {
            guard let digest = element.stringValue.flatMap(Digest.init(hex:)) else {
                problem(ReportBundle.reportFile, "evidence.rangeProof[\(index)]", "is not a 64-digit hex hash")
                continue
            }
            proof.append(digest)
        }
        guard case .integer(let startValue) = tail["integrity"]?.objectValue?["rangeStart"], startValue >= 0 else {
            problem(ReportBundle.reportFile, "integrity.rangeStart", "is missing or not a sequence number")
            return result
        }

        // 3. Every entry, streamed, with the CSV rows beside it.
        let start = UInt64(startValue)
        var builder = ReportBuilder(request: request, rangeStart: start, referenceData: referenceData)
        var leaves = RangeAccumulator(start: start)
        var stream = EntryStream(directory: directory, builder: builder)
        stream.progress = progress
        stream.total = checkpoint.flatMap { $0.size >= start ? $0.size - start : nil }
        stream.run(hasher: hasher, leaves: &leaves, into: &result)
        builder = stream.builder
        builder.finish()
        result.problems += builder.problems
        result.entries = builder.nextSeq - start
        result.transfersInScope = builder.sections.recordCount

        // 4. Evidence: the range's leaves and the proof rebuild the signed root; the range ends at its size.
        if let checkpoint, checkpoint.size > UInt64(Int64.max) || builder.nextSeq > UInt64(Int64.max) {
            // A report states sizes and sequence numbers as JSON integers (2^63−1 at most), so a bigger
            // one cannot be regenerated (nor written by `export`), only reported.
            problem(ReportBundle.reportFile, "evidence.checkpoint",
                    "size \(checkpoint.size) or range end \(builder.nextSeq) is beyond 2^63−1, the largest a report can state")
        } else if let checkpoint, let note {
            if builder.nextSeq != checkpoint.size {
                problem(ReportBundle.reportFile, "integrity.rangeEnd", "the range ends at \(builder.nextSeq), not at the checkpoint size \(checkpoint.size)")
            } else {
                do {
                    try MerkleTree(hasher: hasher).verifyRange(start: start, end: builder.nextSeq, treeSize: checkpoint.size,
                                                               leaves: leaves, proof: proof, root: checkpoint.rootHash)
                } catch {
                    problem(ReportBundle.reportFile, "evidence.rangeProof", "the entries do not rebuild the checkpoint root: \(error)")
                }
            }
            // 5. Every figure, the header and the integrity block regenerate from the entries.
            var regenerated = builder.document(checkpoint: note, checkpoint: checkpoint, rangeProof: proof)
            let registry = registryEvidence(tail, checkpoint: checkpoint, hasher: hasher, into: &result)
            attachController(to: &regenerated, evidence: registry, exporters: builder.exporters, into: &result)
            compare(regenerated, with: tail, into: &result)
            if ReportBundle.closingLine(regenerated) != closingBytes {
                // Byte for byte: whitespace or reordered members are not the canonical line either.
                problem(ReportBundle.reportFile, "closing line", "is not, byte for byte, the canonical line the entries and evidence regenerate")
            }
            checkHTML(directory: directory, document: regenerated, into: &result)
        }
        stream.finish(signed: signed, into: &result)
        checkDigest(directory: directory, name: ReportBundle.htmlFile, signed: signed, into: &result)
        return result
    }

    /// Reports each header, integrity, evidence and section member that differs from its regeneration.
    static func compare(_ expected: JSONObject, with actual: JSONObject, into result: inout ReportVerification) {
        for name in Set(expected.keys).union(actual.keys).sorted() {
            let (want, have) = (expected[name], actual[name])
            if let want = want?.objectValue, let have = have?.objectValue {
                for member in Set(want.keys).union(have.keys).sorted() where want[member] != have[member] {
                    let what = name == "sections" ? "figures differ from what the entries give" : "differs from what the entries and evidence give"
                    result.problems.append(ReportProblem(file: ReportBundle.reportFile, location: "\(name).\(member)", message: what))
                }
            } else if want != have {
                result.problems.append(ReportProblem(file: ReportBundle.reportFile, location: name, message: "differs from what the entries give"))
            }
        }
    }

    /// Finds the last line of report.json (a first, cheap pass) and parses it as the members after the
    /// entries; returns them with the line's bytes, which must be the canonical regeneration.
    static func closingDocument(directory: String, into result: inout ReportVerification) -> (JSONObject, [UInt8])? {
        var closing: [UInt8]?
        do {
            let file = try ReportInputFile(directory: directory, name: ReportBundle.reportFile)
            while let line = try file.line() { closing = line }
        } catch {
            result.problems.append(error)
            return nil
        }
        guard let closing, closing.count > 2, closing.last == 0x0A else {
            result.problems.append(ReportProblem(file: ReportBundle.reportFile, message: "has no closing line after its entries"))
            return nil
        }
        // "]," + members + "}\n" → "{" + members + "}"
        let object = [UInt8(ascii: "{")] + closing.dropFirst(2).dropLast()
        guard let document = (try? JSONParser.parse(Array(object)))?.objectValue else {
            result.problems.append(ReportProblem(file: ReportBundle.reportFile, location: "closing line", message: "is not a JSON object's members"))
            return nil
        }
        return (document, closing)
    }

    static func checkHTML(directory: String, document: JSONObject, into result: inout ReportVerification) {
        let file: ReportInputFile
        do {
            file = try ReportInputFile(directory: directory, name: ReportBundle.htmlFile)
        } catch {
            result.problems.append(error)
            return
        }
        let expected = Array(ReportHTML.render(report: .object(document)).utf8)
        let actual = file.bytes(expected.count)
        if actual != expected || file.finish().trailingBytes != 0 {
            result.problems.append(ReportProblem(file: ReportBundle.htmlFile, message: "is not the page report.json renders to"))
        }
    }

    static func checkDigest(directory: String, name: String, signed: [String: Digest], into result: inout ReportVerification) {
        // A missing or unreadable file is reported by the check that reads it.
        guard let file = try? ReportInputFile(directory: directory, name: name) else { return }
        let digest = file.finish().digest
        if let expected = signed[name], expected != digest {
            result.problems.append(ReportProblem(file: name, message: "its SHA-256 \(digest.shortHex) is not the signed \(expected.shortHex)"))
        }
    }
}
