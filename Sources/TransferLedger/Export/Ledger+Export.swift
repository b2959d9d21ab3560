import LedgerFormat
import LedgerStorage

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
    /// The first checkpoint recorded at or after the period's end: the report is as of that
    /// checkpoint, so a ledger checkpointed as it goes gives a bundle of the period and not of
    /// everything recorded since (FORMAT.md §24); later recordings and corrections are not covered.
    case firstAfterPeriod
}

/// What an export wrote, for the CLI to summarise.
public struct ReportExport: Sendable {
    /// The entries `[rangeStart, rangeEnd)` the bundle holds.
    public let rangeStart: UInt64
    /// One past the last entry; the signed checkpoint's size.
    public let rangeEnd: UInt64
    /// Entries shown by sequence number and hash only (format 1, narrowed reports).
    public let hashOnly: Int
    /// Entries shown as stubs (FORMAT.md §22.1).
    public let stubbed: Int
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
    /// The bundle directory cannot be created there (it exists and is not empty, or its parent is not
    /// writable), or could not be moved into place; checked before anything is recorded.
    case output(AtomicFile.Failure)

    /// A one-line rendering for messages.
    public var description: String {
        switch self {
        case .ledger(let error): "\(error)"
        case .bundle(let problem): "\(problem)"
        case .output(let failure): "\(failure)"
        }
    }
}

extension Ledger {
    /// Writes a signed report bundle for `request` into `directory` (which must not exist, or be empty):
    /// report.json, transfers.csv, report.html and report.sig, streaming the entries in constant memory.
    ///
    /// The bundle is built in a temporary directory beside `directory` and renamed into place, so a
    /// failed export leaves nothing behind, and a retry into the same directory works; the directory
    /// and the key are checked before a checkpoint is recorded. `progress` hears the entries written
    /// every `OperationProgress.interval` and at the end.
    public func exportReport(
        _ request: ReportRequest, signer: NoteSigner, to directory: String, checkpoint choice: ReportCheckpointChoice = .automatic,
        progress: ProgressHandler? = nil
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
        let bundle: AtomicDirectory
        do {
            bundle = try AtomicDirectory(path: directory)
        } catch {
            throw .output(error)
        }
        // A report names its controller; without the group fact nothing is recorded or written.
        try ledgerStep { () throws(LedgerError) in try requireGroupIdentity() }
        let note = try ledgerStep { () throws(LedgerError) in try evidenceCheckpoint(choice, signer: signer, periodEnd: request.periodEnd) }
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint(parsing: note.text)
        } catch {
            throw .ledger(.invalidCheckpoint("the recorded checkpoint does not parse: \(error)"))
        }
        let end = checkpoint.size
        let start = try ledgerStep { () throws(LedgerError) in
            try wrap {
                let recorded = try firstEntry(recordedAtOrAfter: request.periodStart, before: end)
                // A transfer logged before it occurred would otherwise fall before the range.
                let occurred = try store.firstTransfer(occurredFrom: request.periodStart, before: request.periodEnd) ?? end
                return min(recorded, occurred, end)
            }
        }
        let proof = try ledgerStep { () throws(LedgerError) in
            try wrap { try MerkleTree(hasher: hasher).rangeProof(start: start, end: end, treeSize: end, node: store.node) }
        }

        let written: ReportExport
        do {
            let report = try ReportOutputFile(bundle, name: ReportBundle.reportFile)
            let csv = try ReportOutputFile(bundle, name: ReportBundle.csvFile)
            var builder = ReportBuilder(request: request, rangeStart: start, referenceData: referenceData)
            report.write(ReportBundle.openingLine + [0x0A])
            csv.write(ReportCSV.header)
            var hashOnly = 0, stubbed = 0
            // One read snapshot with the streaming page cache: each page is read once, so memory
            // stays flat however long the range.
            try store.snapshot(streaming: true) {
                let later = try laterVersions(for: builder, start: start, end: end)
                try store.forEachEntry(from: start, to: end) { entry in
                    let supersededBy = later.next[entry.seq]
                    let projected = Self.stubHeader(of: entry)
                    let header = projected?.members
                    let scoped = ScopedEntry(seq: entry.seq, kind: entry.kind, format: entry.format, recordedAt: entry.recordedAt, header: header)
                    let line: [UInt8]
                    switch builder.required(scoped, supersededBy: supersededBy, latestInScope: later.latestInScope[entry.seq]) ?? .stub {
                    case .full:
                        // A format-2 entry's canonical bytes frame the header just projected: not projected again.
                        let canonical = entry.format != EntryEncoding.version ? nil : projected.map {
                            EntryEncoding.canonicalBytes(seq: entry.seq, kind: entry.kind, recordedAt: entry.recordedAt, previousHash: entry.previousHash,
                                                         header: $0.bytes, payloadDigest: hasher.hash(entry.payload))
                        }
                        let output = try builder.add(full: entry, header: header, canonical: canonical, supersededBy: supersededBy)
                        line = output.line
                        if let row = output.csvRow { csv.write(row) }
                    case .stub:
                        guard let projected else {
                            throw ReportProblem(file: ReportBundle.reportFile, location: "entry \(entry.seq)", message: "its payload yields no stub header (FORMAT.md §1.3)")
                        }
                        let stub = EntryStub(entry, header: projected.members, headerBytes: projected.bytes, hasher: hasher)
                        line = try builder.add(stub: stub, hash: entry.hash, supersededBy: supersededBy).line
                        stubbed += 1
                    case .hashOnly:
                        line = try builder.addHidden(seq: entry.seq, hash: entry.hash, supersededBy: supersededBy)
                        hashOnly += 1
                    }
                    report.write(ReportBundle.entryLine(line, position: entry.seq - start))
                    if let progress, OperationProgress.isDue(entry.seq + 1 - start, of: end - start) {
                        progress(OperationProgress(done: entry.seq + 1 - start, total: end - start))
                    }
                }
            }
            builder.finish()
            // The builder checks export's own choices as it checks a bundle's: a problem is a defect here.
            if let problem = builder.problems.first { throw problem }
            var document = builder.document(checkpoint: note, checkpoint: checkpoint, rangeProof: proof)
            let controller = try controllerEvidence(exporters: builder.exporters, treeSize: end)
            ReportController.attach(to: &document, evidence: controller, exporters: builder.exporters)
            report.write(ReportBundle.closingLine(document))
            let html = try ReportOutputFile(bundle, name: ReportBundle.htmlFile)
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
            let sig = try ReportOutputFile(bundle, name: ReportBundle.signatureFile)
            sig.write(Array(signature.serialized.utf8))
            _ = try sig.finish()
            written = ReportExport(rangeStart: start, rangeEnd: end, hashOnly: hashOnly, stubbed: stubbed,
                                   transfersInScope: builder.sections.recordCount, digests: digests)
        } catch let problem as ReportProblem {
            throw .bundle(problem)
        } catch let error as LedgerError {
            throw .ledger(error)
        } catch let error as any StorageErrorConvertible {
            throw .ledger(.storage(error.storageError))
        } catch let error as StorageError {
            throw .ledger(.storage(error))
        } catch {
            throw .ledger(.invalidRequest("\(error)"))
        }
        do {
            try bundle.publish()
        } catch {
            throw .output(error)
        }
        return written
    }

    /// The later version each entry of `[start, end)` names (FORMAT.md §22.1), read before the range
    /// is streamed, since an earlier version's line comes first: the correction that superseded a
    /// transfer or correction, and (in a report with no filters) a government access request's next
    /// state. Both are rare, so this is a few reads. `latestInScope` gives, for each superseded
    /// entry, whether the latest version of its transfer is in scope.
    private func laterVersions(for builder: ReportBuilder, start: UInt64, end: UInt64) throws -> (next: [UInt64: UInt64], latestInScope: [UInt64: Bool]) {
        let supersessions = try store.supersessions().filter { $0.value < end }
        var next: [UInt64: UInt64] = [:]
        var latestInScope: [UInt64: Bool] = [:]
        var scopes: [UInt64: Bool] = [:]
        for (target, correction) in supersessions where target >= start {
            next[target] = correction
            var latest = correction
            while let newer = supersessions[latest] { latest = newer }
            if scopes[latest] == nil, let entry = try store.entry(at: latest) {
                scopes[latest] = builder.inScope(Self.stubHeader(of: entry)?.members)
            }
            latestInScope[target] = scopes[latest] ?? false
        }
        if !builder.request.isNarrowed {
            var lastState: [String: UInt64] = [:]
            for entry in try store.entries(indexedIn: .govAccessRequest, after: start == 0 ? nil : start - 1) where entry.seq < end {
                guard let id = StubHeader.header(kind: entry.kind, payload: entry.payload)?["requestId"]?.stringValue else { continue }
                if let earlier = lastState[id] { next[earlier] = entry.seq }
                lastState[id] = entry.seq
            }
        }
        return (next, latestInScope)
    }

    /// The stub header (FORMAT.md §1.3) of an entry of any format, as members and canonical bytes:
    /// read in one pass from a canonical transfer or correction payload, which nearly every entry of
    /// a range is, parsed in general otherwise. Export projects one per entry of its range, so this
    /// was most of a stub's cost. Nil when the payload yields no header.
    static func stubHeader(of entry: Entry) -> (members: JSONObject, bytes: [UInt8])? {
        if let read = entry.payload.withUnsafeBufferPointer({ StubHeader.canonicalHeader(kind: entry.kind, payload: $0) }) { return read }
        guard let members = StubHeader.header(kind: entry.kind, payload: entry.payload) else { return nil }
        return (members, CanonicalJSON.encode(.object(members)))
    }

    /// The checkpoint the evidence rests on, signing a new one when `choice` asks for it.
    ///
    /// The bundle's report.sig is signed by `signer`; a checkpoint signed by another key would leave a
    /// bundle no single public key verifies, so the newest recorded checkpoint must carry `signer`'s
    /// signature (any newer one is signed by `signer` itself), checked before anything is recorded.
    private func evidenceCheckpoint(_ choice: ReportCheckpointChoice, signer: NoteSigner, periodEnd: Timestamp) throws(LedgerError) -> SignedNote {
        if let newest = try wrap({ try store.latestCheckpoint() }),
           (try? newest.verify(using: [signer.verifierKey]).isSignedByLog) != true {
            let names = Set(newest.signatures.map(\.name)).sorted().map { "'\($0)'" }.joined(separator: ", ")
            throw .invalidCheckpoint("the key '\(signer.name)' did not sign this ledger's newest checkpoint (signed by \(names)); export with the key that signs its checkpoints")
        }
        switch choice {
        case .signNew:
            return try checkpoint(signedBy: [signer])
        case .newestRecorded:
            return try recordedCheckpoint()
        case .firstAfterPeriod:
            let note = try firstCheckpoint(recordedAtOrAfter: periodEnd)
            guard (try? note.verify(using: [signer.verifierKey]).isSignedByLog) == true else {
                throw .invalidCheckpoint("the key '\(signer.name)' did not sign the first checkpoint recorded after the period; export with the key that signed it")
            }
            return note
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

    /// The first entry below `end` recorded at or after `instant`, else `end`.
    ///
    /// A binary search over seq: recordedAt never decreases along the chain (FORMAT.md §1, checked by
    /// `ledger verify`), and its text is not ordered as a string (fractions vary in width).
    /// The first checkpoint entry recorded at or after `instant` (checkpoints are few: their index is
    /// read whole).
    private func firstCheckpoint(recordedAtOrAfter instant: Timestamp) throws(LedgerError) -> SignedNote {
        let note = try wrap { () -> SignedNote? in
            let first = try firstEntry(recordedAtOrAfter: instant, before: try store.treeSize())
            guard let seq = try store.indexRows(.checkpoint).filter({ $0 >= first }).min() else { return nil }
            return try store.recordedCheckpoint(size: seq)
        }
        guard let note else {
            throw .noCheckpoint("no checkpoint was recorded at or after the period's end, \(instant): record one with 'ledger checkpoint --key KEY' (or export with the newest evidence)")
        }
        return note
    }

    private func firstEntry(recordedAtOrAfter instant: Timestamp, before end: UInt64) throws -> UInt64 {
        var (low, high) = (UInt64(0), end)
        while low < high {
            let middle = low + (high - low) / 2
            if let text = try store.recordedAt(middle), let recorded = Timestamp.canonical(text), recorded < instant { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
