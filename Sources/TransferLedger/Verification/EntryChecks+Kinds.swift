import LedgerFormat
import LedgerStorage

/// What the verifier carries across entries for the kinds `correction`, `govAccessRequest` and
/// `referenceData`: the region tables adopted so far, the entries already superseded, and the index
/// rows not yet matched with their entry (these kinds are rare, so their rows are held in memory).
struct EntryKindState {
    var versions: ReferenceDataVersions
    /// Superseded entry → the correction that superseded it, in chain order.
    var superseded: [UInt64: UInt64] = [:]
    var correctionRows: [UInt64: CorrectionRow]
    var govAccessRows: [UInt64: GovAccessRow]
    var referenceDataRows: [UInt64: ReferenceDataRow]
    /// The private documents missing so far and those erased, matched against the erasure entries.
    var erasures: ErasureState
    /// The entries so far that are not transfers, and the seqs missing from the chain: a transfer's
    /// (or a corrected transfer's) `parent` must name neither.
    var nonTransfers = NonTransferEntries()

    init(store: any LedgerStorage, base: PolicyEngine) throws {
        versions = ReferenceDataVersions(base: base)
        correctionRows = try store.correctionRows()
        govAccessRows = try store.govAccessRows()
        referenceDataRows = try store.referenceDataRows()
        erasures = ErasureState(rows: try store.erasureRows())
    }

    /// Reports the index rows no entry of their kind claimed.
    func finish(into report: inout VerificationReport) {
        let orphans = [("correction", Array(correctionRows.keys)), ("government access request", Array(govAccessRows.keys)),
                       ("reference data", Array(referenceDataRows.keys))]
        for (name, seqs) in orphans {
            for seq in seqs.sorted() {
                report.problems.append(.init(seq: seq, check: .projection, message: "a \(name) row exists for an entry that is not one"))
            }
        }
        erasures.finish(into: &report)
    }
}

extension EntryChecks {
    typealias Report = (VerificationReport.Problem.Check, String) -> Void

    /// Checks that a transfer's recorded region table is the base table or one adopted before it and,
    /// for an adopted one, derives the region again; returns the engine over that table.
    /// `transfer` is nil only for a transfer judged by the base table, whose region `EntryContent`
    /// has already checked.
    func checkTable(_ version: Digest, region: Region, of transfer: Transfer?, kinds: EntryKindState, problem: Report) -> PolicyEngine? {
        guard let engine = kinds.versions.engine(for: version) else {
            problem(.payload, "referenceData \(version.shortHex) is neither the ledger's base region table nor one adopted before this entry")
            return nil
        }
        // EntryContent already checked a transfer judged by the base table.
        guard engine.referenceData.version != verifier.referenceData.version, let transfer else { return engine }
        do {
            let derived = try StructuralRules.check(transfer, referenceData: engine.referenceData, screeningFreeText: false)
            if derived != region {
                problem(.payload, "region \(region.rawValue) of \(transfer.destination) should be \(derived.rawValue) at \(transfer.occurredAt) under region table \(version.shortHex)")
            }
        } catch {
            problem(.payload, "payload is not a valid transfer under region table \(version.shortHex): \(error)")
        }
        return engine
    }

    func checkCorrection(privateDocument: [UInt8]?, registry: Registry, kinds: inout EntryKindState, problem: Report) {
        let row = kinds.correctionRows.removeValue(forKey: entry.seq)
        let payload: CorrectionPayload
        let engine: PolicyEngine
        do {
            // A missing document decodes as erased, accepted only where a later erasure entry names it.
            payload = try CorrectionPayload(bytes: entry.payload, privateDocument: privateDocument ?? [], hasher: verifier.hasher)
            if let privateDocument {
                if payload.transfer.privateDocument != privateDocument {
                    problem(.payload, "the private document is not in canonical form")
                } else if payload.canonicalBytes(privateDocument: privateDocument, hasher: verifier.hasher) != entry.payload {
                    problem(.payload, "payload is not in canonical form")
                }
            } else if let digest = payload.transfer.erasedPrivate {
                kinds.erasures.missing(entry.seq, committing: digest)
            }
            if !payload.transfer.linkCommitments.isEmpty {
                problem(.payload, "a correction's transfer carries subjectLinkCommitments; corrections carry no subject links (FORMAT.md §4.7)")
            }
            let version = payload.transfer.referenceData
            guard let known = kinds.versions.engine(for: version) else {
                problem(.payload, "transfer.referenceData \(version.shortHex) is neither the ledger's base region table nor one adopted before this entry")
                return
            }
            engine = known
            let region = try StructuralRules.check(payload.transfer.transfer, referenceData: engine.referenceData, screeningFreeText: false)
            if region != payload.transfer.region {
                problem(.payload, "transfer.region \(payload.transfer.region.rawValue) should be \(region.rawValue)")
            }
        } catch {
            problem(.payload, "payload is not a valid correction: \(error)")
            return
        }
        if let contradiction = payload.transfer.verdict?.contradiction {
            problem(.payload, "transfer.validation: \(contradiction)")
        }
        if let parent = payload.transfer.transfer.parent, let reason = kinds.nonTransfers.reason(parent, isNotATransferBefore: entry.seq) {
            problem(.payload, NonTransferEntries.message(parent: parent, reason: reason, field: "transfer.parent"))
        }
        if row != CorrectionRow(payload) {
            problem(.projection, row == nil ? "the correction has no row in the correction table" : "the correction table's row differs from the payload")
        }
        let target = payload.supersedes
        let original: Transfer?
        do {
            original = target < entry.seq ? try verifier.store.versionedTransfer(at: target) : nil
        } catch {
            problem(.payload, "supersedes \(target), which could not be read: \(error)")
            return
        }
        if original == nil {
            problem(.payload, "supersedes \(target), which is not a transfer or correction entry before this one")
        } else if let earlier = kinds.superseded[target] {
            problem(.payload, "supersedes \(target), which entry \(earlier) already superseded")
        }
        kinds.superseded[target] = kinds.superseded[target] ?? entry.seq
        // An erased correction's verdict judged text that is gone (R18): it is not replayed.
        guard verifier.replaysPolicy, let original, privateDocument != nil else { return }
        replayPolicy(recorded: payload.transfer.verdict, problem: problem) {
            try engine.evaluate(payload.correction, target: .transfer(original), registry: registry) { [store = verifier.store] seq in
                try store.transfer(at: seq)
            }
        }
    }

    func checkGovAccessRequest(registry: Registry, kinds: inout EntryKindState, problem: Report) {
        guard let payload = checkedPayload("government access request", row: kinds.govAccessRows.removeValue(forKey: entry.seq), problem: problem,
                                           decode: GovAccessPayload.init(bytes:), encode: \.canonicalBytes, row: GovAccessRow.init) else { return }
        if let contradiction = payload.verdict?.contradiction {
            problem(.payload, contradiction)
        }
        guard verifier.replaysPolicy else { return }
        let seq = entry.seq
        replayPolicy(recorded: payload.verdict, problem: problem) {
            try verifier.engine.evaluate(payload.request, registry: registry) { [store = verifier.store] related in
                try related < seq && store.versionedTransfer(at: related) != nil
            }
        }
    }

    func checkReferenceData(kinds: inout EntryKindState, problem: Report) {
        guard let payload = checkedPayload("region table adoption", row: kinds.referenceDataRows.removeValue(forKey: entry.seq), problem: problem,
                                           decode: ReferenceDataPayload.init(bytes:), encode: \.canonicalBytes, row: ReferenceDataRow.init) else { return }
        if kinds.versions.engine(for: payload.referenceData.version) != nil {
            problem(.payload, "region table \(payload.referenceData.version.shortHex) was already known before this entry adopted it")
            return
        }
        kinds.versions.adopt(payload.referenceData, effectiveFrom: payload.effectiveFrom, seq: entry.seq)
    }

    /// Checks an erasure entry (FORMAT.md §4.6): its payload and index rows, and that each item names an
    /// earlier entry committing to that digest, not erased before, whose document is indeed gone (for
    /// a subject link, that is checked with the other links, after the walk).
    func checkErasure(kinds: inout EntryKindState, problem: Report) {
        let row = kinds.erasures.rows.removeValue(forKey: entry.seq)
        guard let payload = checkedPayload("erasure", row: row, problem: problem, decode: ErasurePayload.init(bytes:), encode: \.canonicalBytes,
                                           row: \.items) else { return }
        for item in payload.items {
            let target: Entry?
            do {
                target = item.seq < entry.seq ? try verifier.store.entry(at: item.seq) : nil
            } catch {
                problem(.payload, "erases entry \(item.seq), which could not be read: \(error)")
                continue
            }
            guard let target else {
                problem(.payload, "erases entry \(item.seq), which is not an entry before this one")
                continue
            }
            if item.kind == .subjectLink {
                checkLinkErasure(item, of: target, kinds: &kinds, problem: problem)
                continue
            }
            guard let (digest, _) = TransferPayload.commitment(kind: target.kind, payload: target.payload) else {
                problem(.payload, "erases the private document of entry \(item.seq), a \(target.kind) entry, which has none")
                continue
            }
            if digest != item.digest {
                problem(.payload, "erases entry \(item.seq) with digest \(item.digest.shortHex), but that entry commits to \(digest.shortHex)")
            } else if let message = kinds.erasures.erase(item.seq, by: entry.seq) {
                problem(.payload, message)
            }
        }
    }

    /// Checks an item erasing a subject link: the entry it names lists that commitment among its
    /// `subjectLinkCommitments` (FORMAT.md §4.7) and no earlier erasure erased it.
    private func checkLinkErasure(_ item: ErasureItem, of target: Entry, kinds: inout EntryKindState, problem: Report) {
        guard TransferPayload.linkCommitments(kind: target.kind, payload: target.payload).contains(item.digest) else {
            problem(.payload, "erases subject link \(item.digest.shortHex) of entry \(item.seq), a commitment that entry does not hold "
                    + "(FORMAT.md §7: a subjectLink item names one of its transfer entry's subjectLinkCommitments)")
            return
        }
        if let message = kinds.erasures.eraseLink(item.seq, commitment: item.digest, by: entry.seq) {
            problem(.payload, message)
        }
    }

    /// Decodes the entry's payload, and reports a payload that is not canonical or whose index row
    /// (`stored`, already taken from the unmatched rows) differs from the one it derives.
    private func checkedPayload<Payload, Row: Equatable>(_ noun: String, row stored: Row?, problem: Report, decode: ([UInt8]) throws(RecordError) -> Payload,
                                                         encode: (Payload) -> [UInt8], row derive: (Payload) -> Row) -> Payload? {
        let payload: Payload
        do {
            payload = try decode(entry.payload)
        } catch {
            problem(.payload, "payload is not a valid \(noun): \(error)")
            return nil
        }
        if encode(payload) != entry.payload {
            problem(.payload, "payload is not in canonical form")
        }
        if stored != derive(payload) {
            problem(.projection, stored == nil ? "the \(noun) has no row in its index table" : "the \(noun)'s index row differs from the payload")
        }
        return payload
    }
}
