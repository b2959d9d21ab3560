import TransferLedger

/// `ledger keygen`: a new Ed25519 key pair in the C2SP signed-note key formats.
enum KeygenCommand {
    static let command = Command(
        name: "keygen",
        abstract: "Create an Ed25519 key pair for signing or witnessing checkpoints.",
        usage: "keygen --name <name> [--out <prefix>] [--witness]",
        options: [
            OptionSpec("--name", value: "NAME", help: "The key name; for a ledger key, the checkpoint origin (e.g. example.com/transfers)."),
            OptionSpec("--out", value: "PREFIX", help: "Write PREFIX.key (mode 0600) and PREFIX.pub (default: the name's last path part)."),
            OptionSpec("--witness", help: "Write the public key in the cosignature (type 0x04) form, for a witness."),
        ],
        discussion: "The private key is never printed; existing files are never overwritten.",
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 0)
        guard let name = arguments.value("--name") else { throw CommandFailure.usage("missing --name") }
        let prefix = arguments.value("--out") ?? String(name.split(separator: "/").last ?? "ledger")
        let signer = try NoteSigner(name: name, privateKey: try Ed25519PrivateKey())
        let publicKey = arguments.has("--witness")
            ? try CheckpointCosigner(name: name, privateKey: signer.privateKey).verifierKey
            : signer.verifierKey
        for path in [prefix + ".key", prefix + ".pub"] where Environment.fileExists(path) {
            throw CommandFailure(message: "\(path) already exists; choose another --out", status: .usage)
        }
        // Each file is written atomically; a public key that cannot be written takes the private one
        // with it, so a retry with the same --out finds nothing in its way.
        try KeyFile.writePrivate(signer, to: prefix + ".key")
        do {
            try KeyFile.writePublic(publicKey, to: prefix + ".pub")
        } catch {
            Environment.remove(prefix + ".key")
            throw error
        }
        console.print("private key: \(prefix).key (mode 0600; keep it secret)")
        console.print("public key:  \(prefix).pub")
        console.print(publicKey.text)
        return .success
    }
}

/// Reading keys and notes named on the command line, with errors that say which file is wrong.
enum KeyArguments {
    static func signers(_ arguments: Arguments) throws -> [NoteSigner] {
        let paths = arguments.allValues("--key")
        guard !paths.isEmpty else { throw CommandFailure.usage("missing --key (a private key file from 'ledger keygen')") }
        return try paths.map { path throws in try KeyFile.readSigner(path) }
    }

    static func verifiers(_ paths: [String]) throws -> [NoteVerifierKey] {
        try paths.map { path throws in try KeyFile.readVerifier(path) }
    }

    /// The public keys of `--key`, at least one: offline checks trust nothing else.
    static func requiredVerifiers(_ arguments: Arguments) throws -> [NoteVerifierKey] {
        let keys = try verifiers(arguments.allValues("--key"))
        guard !keys.isEmpty else { throw CommandFailure.usage("missing --key") }
        return keys
    }

    static func note(_ path: String) throws -> SignedNote {
        let bytes = try InputFile.readSmall(path)
        do {
            return try SignedNote(parsing: bytes)
        } catch {
            throw CommandFailure(message: "\(path) is not a signed note: \(error)", status: .rejected)
        }
    }
}
