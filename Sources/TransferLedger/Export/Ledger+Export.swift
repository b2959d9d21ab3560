#if canImport(Glibc)
internal import Glibc
#endif

/// Which signed checkpoint a report's evidence rests on.
public enum ReportCheckpointChoice: Sendable {
    /// The newest recorded checkpoint when it covers every entry; otherwise sign and record a new one.
    case automatic
    /// The newest recorded checkpoint, however many entries came after it.
    case newestRecorded
    /// Always sign and record a new checkpoint.
    case signNew
}

/// What an export wrote, for the CLI to summarise.
public struct ReportExport: Sendable {
    /// The entries `[rangeStart, rangeEnd)` the bundle holds.
    public let rangeStart: UInt64
    /// One past the last entry; the signed checkpoint's size.
    public let rangeEnd: UInt64
    /// Entries shown by sequence number and hash only.
    public let hashOnly: Int
    /// Transfers in scope: one CSV row each.
    public let transfersInScope: Int
    /// The SHA-256 of each signed file.
    public let digests: [String: Digest]
}

/// Why an export failed: the ledger could not be read, or a bundle file could not be written.
public enum ReportExportError: Error, CustomStringConvertible {
    /// Reading the ledger or signing failed.
    case ledger(LedgerError)
    /// A bundle file could not be written, or an entry could not be read into the report.
    case bundle(ReportProblem)

    /// A one-line rendering for messages.
    public var description: String {
        switch self {
        case .ledger(let error): "\(error)"
        case .bundle(let problem): "\(problem)"
        }
    }
}

extension Ledger {
    /// Writes a signed report bundle for `request` into `directory` (created when missing): report.json,
    /// transfers.csv, report.html and report.sig, streaming the entries in constant memory.
    public func exportReport(
        _ request: ReportRequest, signer: NoteSigner, to directory: String, checkpoint choice: ReportCheckpointChoice = .automatic
    ) throws(ReportExportError) -> ReportExport {
        guard request.periodStart.isRepresentable, request.periodEnd.isRepresentable else {
            throw .ledger(.invalidRequest("the period must lie within \(Timestamp.earliest) and \(Timestamp.latest)"))
        }
        guard request.periodStart < request.periodEnd else {
            throw .ledger(.invalidRequest("the period is empty: \(request.periodStart) is not before \(request.periodEnd)"))
        }
        guard !request.reportID.isEmpty, !(request.reportID + request.addressee + request.group).unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw .ledger(.invalidRequest("the report id must be non-empty, and no header text may contain control characters"))
        }
        let note = try ledgerStep { () throws(LedgerError) in try evidenceCheckpoint(choice, signer: signer) }
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint(parsing: note.text)
        } catch {
            throw .ledger(.invalidCheckpoint("the recorded checkpoint does not parse: \(error)"))
        }
        let end = checkpoint.size
        let start = try ledgerStep { () throws(LedgerError) in
            try wrap {
                let recorded = try store.firstEntry(recordedAtOrAfter: request.periodStart, before: end)
                // A transfer logged before it occurred would otherwise fall before the range.
                let occurred = try store.firstTransfer(occurredFrom: request.periodStart, before: request.periodEnd) ?? end
                return min(recorded, occurred, end)
            }
        }
        let proof = try ledgerStep { () throws(LedgerError) in
            try wrap { try MerkleTree(hasher: hasher).rangeProof(start: start, end: end, treeSize: end, node: store.node) }
        }

        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw .bundle(ReportProblem(file: directory, message: "cannot create the bundle directory: \(String(cString: strerror(errno)))"))
        }
        do {
            let report = try ReportOutputFile(directory: directory, name: ReportBundle.reportFile)
            let csv = try ReportOutputFile(directory: directory, name: ReportBundle.csvFile)
            // The range's shown corrections, read first (they are few): a transfer they supersede is not counted.
            var superseded: [UInt64: UInt64] = [:]
            for (_, correction) in try store.supersessions() where correction >= start && correction < end {
                if let entry = try store.entry(at: correction), let pair = ReportBuilder.supersession(by: entry, for: request) {
                    superseded[pair.target] = pair.correction
                }
            }
            var builder = ReportBuilder(request: request, rangeStart: start, referenceData: referenceData, superseded: superseded)
            report.write(ReportBundle.openingLine + [0x0A])
            csv.write(ReportCSV.header)
            var hashOnly = 0
            try store.forEachEntry(from: start, to: end) { entry in
                let output = try builder.add(entry)
                report.write(ReportBundle.entryLine(output.line, position: entry.seq - start))
                if !output.shown { hashOnly += 1 }
                if let row = output.csvRow { csv.write(row) }
            }
            let document = builder.document(checkpoint: note, checkpoint: checkpoint, rangeProof: proof)
            report.write(ReportBundle.closingLine(document))
            let html = try ReportOutputFile(directory: directory, name: ReportBundle.htmlFile)
            html.write(Array(ReportHTML.render(report: .object(document)).utf8))
            let digests = [ReportBundle.reportFile: try report.finish(), ReportBundle.csvFile: try csv.finish(),
                           ReportBundle.htmlFile: try html.finish()]
            let text = ReportBundle.signatureText(reportID: request.reportID, digests: digests)
            let signature: SignedNote
            do {
                signature = try SignedNote(text: text, signatures: [try signer.sign(text)])
            } catch {
                throw ReportProblem(file: ReportBundle.signatureFile, message: "cannot sign: \(error)")
            }
            let sig = try ReportOutputFile(directory: directory, name: ReportBundle.signatureFile)
            sig.write(Array(signature.serialized.utf8))
            _ = try sig.finish()
            return ReportExport(rangeStart: start, rangeEnd: end, hashOnly: hashOnly,
                                transfersInScope: builder.sections.recordCount, digests: digests)
        } catch let problem as ReportProblem {
            throw .bundle(problem)
        } catch let error as SQLiteError {
            throw .ledger(.storage(error))
        } catch {
            throw .ledger(.invalidRequest("\(error)"))
        }
    }

    /// The checkpoint the evidence rests on, signing a new one when `choice` asks for it.
    private func evidenceCheckpoint(_ choice: ReportCheckpointChoice, signer: NoteSigner) throws(LedgerError) -> SignedNote {
        switch choice {
        case .signNew:
            return try checkpoint(signedBy: [signer])
        case .newestRecorded:
            return try recordedCheckpoint()
        case .automatic:
            let newest = try wrap { try store.latestCheckpoint() }
            let count = try wrap { try store.treeSize() }
            // A checkpoint entry at seq n signs size n, so it covers everything when it is the last entry.
            if let newest, let size = try? Checkpoint(parsing: newest.text).size, size + 1 >= count { return newest }
            return try checkpoint(signedBy: [signer])
        }
    }

    private func ledgerStep<T>(_ body: () throws(LedgerError) -> T) throws(ReportExportError) -> T {
        do {
            return try body()
        } catch {
            throw .ledger(error)
        }
    }
}
