/// The checks of one entry against its predecessor and the chain so far; what the entry shows on
/// its own (`EntryContent`) was checked beforehand, possibly on another thread.
struct EntryChecks {
    let verifier: Verifier
    let entry: Entry
    let state: ChainState

    func run(content: EntryContent, stored: StoredEntry, registry: inout Registry, kinds: inout EntryKindState, into report: inout VerificationReport) {
        func problem(_ check: VerificationReport.Problem.Check, _ message: String) {
            report.problems.append(.init(seq: entry.seq, check: check, message: message))
        }
        let contiguous = entry.seq == state.expectedSeq
        if !contiguous {
            let missing = state.expectedSeq == entry.seq - 1 ? "entry \(state.expectedSeq) is" : "entries \(state.expectedSeq)–\(entry.seq - 1) are"
            problem(.sequence, "\(missing) missing before this one")
        }

        let computed = content.computedHash
        if computed != entry.hash {
            problem(.hash, "hash does not match its contents (stored \(entry.hash.shortHex), computed \(computed.shortHex))")
        }
        // After a gap the true predecessor is unknown; the sequence problem already names it.
        let expectedPrevious = entry.seq == 0 ? Digest.zero : (contiguous ? state.previousHash : nil)
        if let expectedPrevious, entry.previousHash != expectedPrevious {
            let owner = entry.seq == 0 ? "the first entry's zero hash" : "the hash of entry \(entry.seq - 1)"
            problem(.link, "previous hash \(entry.previousHash.shortHex) does not match \(owner) (\(expectedPrevious.shortHex))")
        }

        if let recordedAt = content.recordedAt {
            if let earlier = state.previousTime, recordedAt < earlier {
                problem(.recordedTime, "recorded time \(entry.recordedAt) is earlier than the previous entry's \(earlier)")
            }
        } else {
            problem(.recordedTime, "recorded time '\(entry.recordedAt)' is not a canonical RFC 3339 UTC timestamp")
        }

        switch entry.kind {
        case .transfer:
            report.problems.append(contentsOf: content.problems)
            guard let version = content.referenceData, let region = content.region,
                  let engine = checkTable(version, region: region, of: content.transfer, kinds: kinds, problem: problem),
                  let transfer = content.transfer else { break }
            if verifier.replaysPolicy {
                replayPolicy(recorded: content.verdict, problem: problem) {
                    engine.evaluate(transfer, registry: registry) { [store = verifier.store] seq in try? store.transfer(at: seq) }
                }
            }
        case .registry: checkRegistryFact(registry: &registry, codes: kinds.versions.table(forEntry: entry.seq, recordedAt: entry.recordedAt), problem: problem)
        case .checkpoint: checkCheckpoint(problem: problem)
        case .correction: checkCorrection(privateDocument: stored.privateDocument, registry: registry, kinds: &kinds, problem: problem)
        case .govAccessRequest: checkGovAccessRequest(registry: registry, kinds: &kinds, problem: problem)
        case .referenceData: checkReferenceData(kinds: &kinds, problem: problem)
        default: problem(.payload, "unknown entry kind '\(entry.kind)'")
        }
        // A correction keeps its corrected transfer's private document in transfer_private too.
        if entry.kind != .transfer, stored.row != nil || (stored.privateDocument != nil && entry.kind != .correction) {
            problem(.projection, "a transfer or private-document row exists for an entry that is not a transfer")
        }
    }

    /// Compares a recorded verdict with `replay()`, the verdict the rules give now.
    func replayPolicy(recorded: StoredVerdict?, problem: (VerificationReport.Problem.Check, String) -> Void, replay evaluate: () -> PolicyVerdict) {
        let replay = StoredVerdict(evaluate())
        if replay != recorded {
            let recordedText = recorded.map { "\($0.status.rawValue) (\($0.rules.joined(separator: ", ")))" } ?? "none"
            problem(.policy, "the recorded verdict \(recordedText) differs from the replay under rule set \(PolicyEngine.ruleSetVersion): \(replay.status.rawValue) (\(replay.rules.joined(separator: ", ")))")
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
