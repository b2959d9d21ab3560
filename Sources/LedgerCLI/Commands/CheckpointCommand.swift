import TransferLedger

/// `ledger checkpoint`: signs the current tree and records the checkpoint in the chain.
enum CheckpointCommand {
    static let command = Command(
        name: "checkpoint",
        abstract: "Sign the current Merkle tree as a C2SP checkpoint and record it in the ledger.",
        usage: "checkpoint --key <file> [--key <file> …] [--out <file> | --out <dir>/] [--db <path>]",
        options: [
            .database,
            OptionSpec("--key", value: "FILE", help: "A private key from 'ledger keygen'; repeat to sign with several (rotation). The first names the origin."),
            OptionSpec("--out", value: "FILE|DIR/",
                       help: "Also write the signed checkpoint to FILE (never replaced), or into the directory DIR as checkpoint-SIZE.txt (a trailing slash, or an existing directory)."),
        ],
        discussion: """
            Prints the signed checkpoint note. Auditors keep it: 'ledger verify --checkpoint' proves later \
            ledgers extend it, and 'ledger verify --checkpoints DIR' checks against every one kept in DIR. \
            The output file is checked and its space reserved before the checkpoint is recorded.
            """,
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 0)
        let signers = try KeyArguments.signers(arguments)
        let output = try arguments.value("--out").map { path throws in try CheckpointOutput(path) }
        let ledger = try Ledger(path: arguments.databasePath)
        let note = try ledger.checkpoint(signedBy: signers)
        // A checkpoint entry at seq n signs the tree of size n.
        let size = (try? Checkpoint(parsing: note.text))?.size ?? 0
        let recorded = "the checkpoint was recorded as entry \(size) of \(arguments.databasePath) ('ledger show \(size)' prints it)"
        console.committed = "Note: \(recorded)"
        if let output {
            do {
                let path = try output.write(note, size: size)
                console.printError("wrote \(path)")
            } catch {
                // The note is not lost: it goes to stdout as always, and the status says the file is missing.
                console.output.write(note.serialized)
                throw CommandFailure(message: "\(error); \(recorded)", status: .ioError)
            }
        }
        console.output.write(note.serialized)
        return .success
    }
}

/// `ledger witness`: checks a new checkpoint extends the last one this witness cosigned, then cosigns it.
enum WitnessCommand {
    static let command = Command(
        name: "witness",
        abstract: "Cosign a checkpoint after checking it is consistent with the last one you cosigned.",
        usage: "witness --key <file> --log-key <file> --last <old> <new> [--db <path>]",
        arguments: [("<new>", "The new signed checkpoint to cosign.")],
        options: [
            .database,
            OptionSpec("--key", value: "FILE", help: "The witness's private key (from 'ledger keygen --witness')."),
            OptionSpec("--log-key", value: "FILE", help: "The ledger's public key: both checkpoints must carry its valid signature."),
            OptionSpec("--last", value: "FILE", help: "The last checkpoint this witness cosigned."),
        ],
        discussion: "The consistency proof comes from the ledger, opened read-only. Prints the new checkpoint with the cosignature (tlog-cosignature/v1) added.",
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 1)
        guard let newPath = arguments.positionals.first else { throw CommandFailure.usage("missing <new> checkpoint") }
        guard let lastPath = arguments.value("--last") else { throw CommandFailure.usage("missing --last") }
        guard let logKeyPath = arguments.value("--log-key") else { throw CommandFailure.usage("missing --log-key") }
        guard let keyPath = arguments.value("--key") else { throw CommandFailure.usage("missing --key") }
        let logKeys = try KeyArguments.verifiers([logKeyPath])
        let (old, new) = (try KeyArguments.note(lastPath), try KeyArguments.note(newPath))
        let (oldCheckpoint, newCheckpoint) = (try open(old, path: lastPath, keys: logKeys), try open(new, path: newPath, keys: logKeys))
        guard oldCheckpoint.origin == newCheckpoint.origin else {
            throw CommandFailure(message: "the checkpoints name different ledgers ('\(oldCheckpoint.origin)' and '\(newCheckpoint.origin)')", status: .rejected)
        }
        guard oldCheckpoint.size <= newCheckpoint.size else {
            throw CommandFailure(message: "the new checkpoint (size \(newCheckpoint.size)) is smaller than the last (size \(oldCheckpoint.size)): refusing to cosign a rollback", status: .tampered)
        }
        if oldCheckpoint.size > 0 {
            let ledger = try Ledger(path: arguments.databasePath, readOnly: true)
            let proof = try ledger.consistencyProof(from: old, to: new)
            do {
                try proof.verify(from: oldCheckpoint, to: newCheckpoint)
            } catch {
                throw CommandFailure(message: "the new checkpoint is not consistent with the last: \(error); refusing to cosign", status: .tampered)
            }
        }
        let witness = try KeyFile.readSigner(keyPath)
        let cosigner = try CheckpointCosigner(name: witness.name, privateKey: witness.privateKey)
        // A cosignature's time is unsigned: a clock set before 1970 is refused, not converted.
        guard let now = UInt64(exactly: Timestamp.now().microseconds / 1_000_000) else {
            throw CommandFailure(message: "the system clock is before 1970-01-01; set it before cosigning", status: .ioError)
        }
        let cosigned = try new.adding(cosigner.cosign(new.text, timestamp: now))
        console.output.write(cosigned.serialized)
        return .success
    }

    static func open(_ note: SignedNote, path: String, keys: [NoteVerifierKey]) throws -> Checkpoint {
        do {
            guard try note.verify(using: keys).isSignedByLog else {
                throw LedgerError.invalidCheckpoint("no valid signature by the log key")
            }
            return try Checkpoint(parsing: note.text)
        } catch {
            throw CommandFailure(message: "\(path): \(error)", status: .tampered)
        }
    }
}
