/// The checks of one entry against its predecessor and its own contents.
struct EntryChecks {
    let verifier: Verifier
    let entry: Entry
    let state: ChainState

    func run(row: TransferRow?, privateDocument: [UInt8]?, registry: inout Registry, into report: inout VerificationReport) {
        func problem(_ check: VerificationReport.Problem.Check, _ message: String) {
            report.problems.append(.init(seq: entry.seq, check: check, message: message))
        }
        let contiguous = entry.seq == state.expectedSeq
        if !contiguous {
            let missing = state.expectedSeq == entry.seq - 1 ? "entry \(state.expectedSeq) is" : "entries \(state.expectedSeq)–\(entry.seq - 1) are"
            problem(.sequence, "\(missing) missing before this one")
        }

        let computed = verifier.hasher.leafHash(entry.canonicalBytes)
        if computed != entry.hash {
            problem(.hash, "hash does not match its contents (stored \(entry.hash.shortHex), computed \(computed.shortHex))")
        }
        // After a gap the true predecessor is unknown; the sequence problem already names it.
        let expectedPrevious = entry.seq == 0 ? Digest.zero : (contiguous ? state.previousHash : nil)
        if let expectedPrevious, entry.previousHash != expectedPrevious {
            let owner = entry.seq == 0 ? "the first entry's zero hash" : "the hash of entry \(entry.seq - 1)"
            problem(.link, "previous hash \(entry.previousHash.shortHex) does not match \(owner) (\(expectedPrevious.shortHex))")
        }

        if let recordedAt = Timestamp.canonical(entry.recordedAt) {
            if let earlier = state.previousTime, recordedAt < earlier {
                problem(.recordedTime, "recorded time \(entry.recordedAt) is earlier than the previous entry's \(earlier)")
            }
        } else {
            problem(.recordedTime, "recorded time '\(entry.recordedAt)' is not a canonical RFC 3339 UTC timestamp")
        }

        switch entry.kind {
        case .transfer: checkTransfer(row: row, privateDocument: privateDocument, registry: registry, problem: problem)
        case .registry: checkRegistryFact(registry: &registry, problem: problem)
        case .checkpoint: checkCheckpoint(problem: problem)
        default: problem(.payload, "unknown entry kind '\(entry.kind)'")
        }
        if entry.kind != .transfer, row != nil || privateDocument != nil {
            problem(.projection, "a transfer or private-document row exists for an entry that is not a transfer")
        }
    }

    private func checkRegistryFact(registry: inout Registry, problem: (VerificationReport.Problem.Check, String) -> Void) {
        do {
            let fact = try RegistryPayload.fact(from: entry.payload)
            if RegistryPayload.canonicalBytes(fact) != entry.payload {
                problem(.payload, "payload is not in canonical form")
            }
            try registry.apply(fact)
        } catch {
            problem(.registry, "the registry fact is not valid here: \(error)")
        }
    }

    private func checkTransfer(row: TransferRow?, privateDocument: [UInt8]?, registry: Registry, problem: (VerificationReport.Problem.Check, String) -> Void) {
        guard let privateDocument else {
            problem(.payload, "the transfer's private document is missing")
            return
        }
        let payload: TransferPayload
        do {
            payload = try TransferPayload(bytes: entry.payload, privateDocument: privateDocument)
            if payload.privateDocument != privateDocument {
                problem(.payload, "the private document is not in canonical form")
            } else if payload.canonicalBytes(privateDocument: privateDocument) != entry.payload {
                problem(.payload, "payload is not in canonical form")
            }
            let referenceData = verifier.referenceData
            let region = try StructuralRules.check(payload.transfer, referenceData: referenceData)
            if payload.referenceData == referenceData.version, region != payload.region {
                problem(.payload, "region \(payload.region.rawValue) of \(payload.transfer.destination) should be \(region.rawValue) at \(payload.transfer.occurredAt)")
            }
        } catch {
            problem(.payload, "payload is not a valid transfer: \(error)")
            return
        }
        if verifier.replaysPolicy {
            let replay = StoredVerdict(verifier.engine.evaluate(payload.transfer, registry: registry) { [store = verifier.store] seq in
                try? store.transfer(at: seq)
            })
            if replay != payload.verdict {
                let recorded = payload.verdict.map { "\($0.status.rawValue) (\($0.rules.joined(separator: ", ")))" } ?? "none"
                problem(.policy, "the recorded verdict \(recorded) differs from the replay under rule set \(PolicyEngine.ruleSetVersion): \(replay.status.rawValue) (\(replay.rules.joined(separator: ", ")))")
            }
        }
        guard let row else {
            problem(.projection, "the transfer has no row in the transfer table")
            return
        }
        if row != TransferRow(payload.transfer, region: payload.region, verdict: payload.verdict) {
            problem(.projection, "the transfer table's row differs from the payload (the query index has been altered)")
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
