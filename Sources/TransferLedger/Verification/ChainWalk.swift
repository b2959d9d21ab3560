import LedgerFormat
import LedgerStorage

/// The sequential half of a verification: walks the entries in chain order with the contents the
/// workers checked, and carries what each entry is checked against (the chain state, the registry,
/// the region tables adopted so far) and what is compared with the index tables at the end.
struct ChainWalk {
    private let verifier: Verifier
    private var state: ChainState
    private var registry: Registry
    private var kinds: EntryKindState
    private var claimed = ClaimedTransferRows()
    private var checkpointSeqs: [UInt64] = []
    private var registrySeqs: [UInt64] = []
    private var links = SubjectLinkCheck()

    init(verifier: Verifier) throws {
        self.verifier = verifier
        state = ChainState(hasher: verifier.hasher, storedNodes: try NodeCursor(store: verifier.store))
        registry = Registry(referenceData: verifier.referenceData)
        kinds = try EntryKindState(store: verifier.store, base: verifier.engine)
    }

    /// Walks the entries of a checked batch, in order.
    mutating func walk(_ batch: RawEntryBatch, checked: CheckedBatch, into report: inout VerificationReport) {
        let baseTable = verifier.referenceData.version
        // A whole subtree whose nodes the checking threads computed: the tree takes its root after the
        // last entry instead of growing entry by entry, so no tree size inside the batch is observed.
        let subtree = checked.subtree.flatMap { canJoin($0, batch) ? $0 : nil }
        if subtree != nil { checkTrusted(into: &report) }
        for (index, content) in checked.contents.enumerated() {
            let link = batch.link(at: index)
            report.entriesChecked += 1
            if subtree == nil { checkTrusted(into: &report) }
            state.check(link, content: content, recordedAtText: batch.recordedAt(at: index), into: &report)
            report.problems.append(contentsOf: content.problems)
            if let digest = content.missingPrivate { kinds.erasures.missing(link.seq, committing: digest) }
            if let parent = content.parent, let reason = kinds.nonTransfers.reason(parent, isNotATransferBefore: link.seq) {
                report.problems.append(.init(seq: link.seq, check: .payload,
                    message: NonTransferEntries.message(parent: parent, reason: reason)))
            }
            // Most transfers need nothing more: their content was checked on the workers.
            if link.kind != .transfer || content.needsChainChecks(baseTable: baseTable, replaysPolicy: verifier.replaysPolicy) {
                EntryChecks(verifier: verifier, entry: batch.entry(at: index), state: state)
                    .run(content: content, privateDocument: batch.privateDocument(at: index), hasTransferRow: batch.hasTransferRow(at: index),
                         registry: &registry, kinds: &kinds, into: &report)
            }
            kinds.nonTransfers.observe(seq: link.seq, kind: link.kind, expected: state.expectedSeq)
            state.advance(past: link, recordedAt: content.recordedAt, growingTree: subtree == nil, into: &report)
            if !content.linkCommitments.isEmpty { links.expect(content.linkCommitments, at: link.seq) }
            claimed.count(kind: link.kind, transferRow: batch.hasTransferRow(at: index), privateDocument: batch.hasPrivateDocument(at: index))
            if link.kind == .checkpoint { checkpointSeqs.append(link.seq) }
            if link.kind == .registry { registrySeqs.append(link.seq) }
            report.tipHash = link.hash
        }
        if let subtree { state.join(subtree, into: &report) }
    }

    /// Whether the tree can take `subtree` whole after `batch`'s entries: they continue the tree without
    /// a gap, no recorded checkpoint among them reads the tree, and no trusted checkpoint signs a size
    /// inside the batch.
    private func canJoin(_ subtree: BatchSubtree, _ batch: RawEntryBatch) -> Bool {
        let end = subtree.start + UInt64(batch.count)
        return state.canJoin(subtree) && batch.isRun(from: subtree.start)
            && !verifier.trusted.contains { $0.size > subtree.start && $0.size < end }
    }

    /// The checks after the last entry: trusted checkpoints, the Merkle nodes and index rows no entry
    /// claimed, and the derived policy checks.
    mutating func finish(into report: inout VerificationReport) throws {
        checkTrusted(into: &report)
        state.finish(into: &report)
        kinds.finish(into: &report)
        for checkpoint in verifier.trusted where checkpoint.size > state.tree.size {
            report.problems.append(.init(seq: nil, check: .checkpoint, message:
                "the ledger has \(state.tree.size) entries but checkpoint '\(checkpoint.origin)' signed \(checkpoint.size): entries were removed"))
        }
        try checkProjections(into: &report)
        try links.check(verifier.store, hasher: verifier.hasher, erased: kinds.erasures.erasedLinks, into: &report)
        if verifier.replaysPolicy {
            report.policyChecked = true
            report.policyFindings = try derivedFindings()
        }
    }

    /// Compares the tree with every trusted checkpoint of exactly its current size.
    private func checkTrusted(into report: inout VerificationReport) {
        // Runs before every entry: the tree is read only when a checkpoint has this size.
        for checkpoint in verifier.trusted where checkpoint.size == state.tree.size && checkpoint.rootHash != state.tree.root {
            report.problems.append(.init(seq: nil, check: .checkpoint, message:
                "the first \(checkpoint.size) entries have root \(state.tree.root.shortHex) but checkpoint '\(checkpoint.origin)' signed root \(checkpoint.rootHash.shortHex): the history was rewritten or forked"))
        }
    }

    /// The derived checks of a second pass over the transfers, in chain order, with the final registry.
    private func derivedFindings() throws -> [DerivedFinding] {
        var checks = DerivedChecks(registry: registry)
        let drift = ReferenceDataDrift(versions: kinds.versions)
        var drifted: [DerivedFinding] = []
        try verifier.store.forEachEntryRow { row in
            guard EntryKind.isTransfer(row.kind), let document = row.document,
                  let payload = try? TransferPayload(bytes: Array(row.payload), privateDocument: Array(document)) else { return }
            checks.observe(seq: row.seq, transfer: payload.transfer)
            if let finding = drift.finding(seq: row.seq, transfer: payload.transfer, recorded: payload.referenceData) {
                drifted.append(finding)
            }
        }
        return checks.finish(asOf: Day(Timestamp.now())) + drifted
    }

    private func checkProjections(into report: inout VerificationReport) throws {
        let store = verifier.store
        let registryRows = try store.indexRows(.registryFact)
        for seq in Set(registryRows).symmetricDifference(registrySeqs).sorted() {
            report.problems.append(.init(seq: seq, check: .projection, message: registryRows.contains(seq)
                ? "a registry row exists for an entry that is not a registry fact"
                : "the registry fact has no row in the registry index"))
        }
        // Counting proves there are no orphans at a fraction of the cost of finding them; only a
        // mismatch pays for the search that names them.
        for seq in try store.transferRowCounts() == claimed.counts ? [] : store.orphanTransferRows() {
            report.problems.append(.init(seq: seq, check: .projection, message: "a transfer or private-document row exists for an entry that is not a transfer"))
        }
        let rows = try store.indexRows(.checkpoint)
        for seq in Set(rows).symmetricDifference(checkpointSeqs).sorted() {
            report.problems.append(.init(seq: seq, check: .projection, message: rows.contains(seq)
                ? "a checkpoint row exists for an entry that is not a checkpoint"
                : "the checkpoint has no row in the checkpoint table"))
        }
    }
}

/// The seqs before the walk's position that hold no transfer entry: those of the other kinds, and those
/// missing from the chain. Only these are held, since transfers are nearly every entry.
struct NonTransferEntries {
    private var kinds: [UInt64: EntryKind] = [:]
    private var gaps: [Range<UInt64>] = []

    mutating func observe(seq: UInt64, kind: EntryKind, expected: UInt64) {
        if seq > expected { gaps.append(expected..<seq) }
        if kind != .transfer { kinds[seq] = kind }
    }

    /// Why `parent` is not a transfer entry before entry `seq`, or nil when it is one.
    func reason(_ parent: UInt64, isNotATransferBefore seq: UInt64) -> String? {
        if parent >= seq { return parent == seq ? "is this entry itself" : "is a later entry" }
        if let kind = kinds[parent] { return "is a \(kind.rawValue) entry" }
        if gaps.contains(where: { $0.contains(parent) }) { return "is missing from the chain" }
        return nil
    }

    static func message(parent: UInt64, reason: String, field: String = "parent") -> String {
        "\(field) \(parent) \(reason), not a transfer entry before this one (R16; FORMAT.md §7: a transfer's parent names an earlier transfer entry)"
    }
}

/// What the checking threads give back for a batch: each entry's checked content, in order, and the
/// Merkle nodes inside the batch when it is one whole subtree.
struct CheckedBatch: Sendable {
    var contents: [EntryContent]
    var subtree: BatchSubtree?
}

/// The transfer-side rows the verifier's scan found beside entries that may have them: a transfer
/// row and its rules beside a transfer, a private document beside a transfer or a correction.
struct ClaimedTransferRows {
    private(set) var counts = TransferRowCounts()

    mutating func count(kind: EntryKind, transferRow: Bool, privateDocument: Bool) {
        guard kind == .transfer || kind == .correction else { return }
        if transferRow, kind == .transfer { counts.transfers += 1 }
        if privateDocument { counts.privateDocuments += 1 }
    }
}
