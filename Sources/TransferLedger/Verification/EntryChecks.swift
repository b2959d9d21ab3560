import LedgerFormat

/// The checks of one entry that need the chain so far (the registry, the region tables adopted before
/// it, the entries it supersedes) beyond its links, which `ChainState.check` has made: every entry of
/// the rarer kinds, and the transfers judged by an adopted table or replayed.
struct EntryChecks {
    let verifier: Verifier
    let entry: Entry
    let state: ChainState

    /// Runs the checks of the entry's kind; `privateDocument` and `hasTransferRow` are what is stored beside it.
    func run(content: EntryContent, privateDocument: [UInt8]?, hasTransferRow: Bool, registry: inout Registry, kinds: inout EntryKindState,
             into report: inout VerificationReport) {
        func problem(_ check: VerificationReport.Problem.Check, _ message: String) {
            report.problems.append(.init(seq: entry.seq, check: check, message: message))
        }
        switch entry.kind {
        case .transfer:
            guard let version = content.referenceData, let region = content.region,
                  let engine = checkTable(version, region: region, of: content.transfer, kinds: kinds, problem: problem),
                  let transfer = content.transfer else { break }
            if verifier.replaysPolicy {
                replayPolicy(recorded: content.verdict, problem: problem) {
                    try engine.evaluate(transfer, registry: registry) { [store = verifier.store] seq in try store.transfer(at: seq) }
                }
            }
        case .registry: checkRegistryFact(registry: &registry, codes: kinds.versions.table(forEntry: entry.seq, recordedAt: entry.recordedAt), problem: problem)
        case .checkpoint: checkCheckpoint(problem: problem)
        case .correction: checkCorrection(privateDocument: privateDocument, registry: registry, kinds: &kinds, problem: problem)
        case .govAccessRequest: checkGovAccessRequest(registry: registry, kinds: &kinds, problem: problem)
        case .referenceData: checkReferenceData(kinds: &kinds, problem: problem)
        case .erasure: checkErasure(kinds: &kinds, problem: problem)
        default: problem(.payload, "unknown entry kind '\(entry.kind)'")
        }
        // A correction keeps its corrected transfer's private document in transfer_private too.
        if entry.kind != .transfer, hasTransferRow || (privateDocument != nil && entry.kind != .correction) {
            problem(.projection, "a transfer or private-document row exists for an entry that is not a transfer")
        }
    }

    /// Compares a recorded verdict with `replay()`, the verdict the rules give now.
    func replayPolicy(recorded: PolicyVerdict?, problem: (VerificationReport.Problem.Check, String) -> Void, replay evaluate: () throws -> PolicyVerdict) {
        let replay: PolicyVerdict
        do {
            replay = try evaluate()
        } catch {
            // A read that failed is reported as what it is, not as a verdict that differs.
            problem(.policy, "the verdict could not be replayed: an entry it needs could not be read: \(error)")
            return
        }
        if replay != recorded {
            let recordedText = recorded.map { "\($0.status.rawValue) (\($0.rules.map(\.rawValue).joined(separator: ", ")))" } ?? "none"
            problem(.policy, "the recorded verdict \(recordedText) differs from the replay under rule set \(PolicyEngine.ruleSetVersion): \(replay.status.rawValue) (\(replay.rules.map(\.rawValue).joined(separator: ", ")))")
        }
    }

    private func checkRegistryFact(registry: inout Registry, codes: ReferenceData, problem: (VerificationReport.Problem.Check, String) -> Void) {
        do {
            let fact = try RegistryPayload.fact(from: entry.payload)
            if RegistryPayload.canonicalBytes(fact) != entry.payload {
                problem(.payload, "payload is not in canonical form")
            }
            try registry.apply(fact, codesIn: codes)
        } catch {
            problem(.registry, "the registry fact is not valid here: \(error)")
        }
    }

    private func checkCheckpoint(problem: (VerificationReport.Problem.Check, String) -> Void) {
        let payload: CheckpointPayload
        do {
            payload = try CheckpointPayload(bytes: entry.payload)
        } catch {
            problem(.payload, "payload is not a valid checkpoint: \(error)")
            return
        }
        if payload.canonicalBytes != entry.payload {
            problem(.payload, "payload is not in canonical form")
        }
        let checkpoint = payload.checkpoint
        if checkpoint.size != entry.seq {
            problem(.checkpoint, "the recorded checkpoint signs size \(checkpoint.size) but sits at entry \(entry.seq)")
        } else if entry.seq == state.tree.size, checkpoint.rootHash != state.tree.root {
            problem(.checkpoint, "the recorded checkpoint signs root \(checkpoint.rootHash.shortHex) but the \(entry.seq) entries before it give \(state.tree.root.shortHex)")
        }
        guard !verifier.keys.isEmpty else { return }
        do {
            if try !payload.note.verify(using: verifier.keys).isSignedByLog {
                problem(.checkpoint, "the recorded checkpoint's signature does not verify with the given keys")
            }
        } catch {
            problem(.checkpoint, "the recorded checkpoint's signature does not verify: \(error)")
        }
    }
}
