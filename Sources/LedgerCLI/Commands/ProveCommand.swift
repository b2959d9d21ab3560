import Foundation
import TransferLedger

/// `ledger prove`: inclusion and consistency proofs as JSON files anyone can check offline.
enum ProveCommand {
    static let command = Command(
        name: "prove",
        abstract: "Print an inclusion proof of an entry, or a consistency proof between two checkpoints, as JSON.",
        usage: "prove <seq> [--size <n> | --checkpoint <file>] | prove --consistency <old-size> [<new-size>] [--db <path>]",
        arguments: [("<seq>", "The entry to prove; or, with --consistency, the new tree size (default: the newest checkpoint).")],
        options: [
            .database,
            OptionSpec("--size", value: "N", help: "Prove against the checkpoint recorded for tree size N (default: the newest that covers the entry)."),
            OptionSpec("--checkpoint", value: "FILE", help: "Prove against this signed checkpoint instead of a recorded one."),
            OptionSpec("--consistency", value: "OLD", help: "Prove that the checkpoint of size OLD is a prefix of the newer one."),
        ],
        discussion: "Proofs are bound to signed checkpoints (Schema/FORMAT.md §7) and checked with 'ledger verify-proof'.",
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 1)
        let ledger = try Ledger(path: arguments.databasePath, readOnly: true)
        let output: any Encodable
        if let oldText = arguments.value("--consistency") {
            let oldSize = try Arguments.number(oldText, named: "--consistency", in: Arguments.positions)
            let newSize = try arguments.positionals.first.map { (text) throws(CommandFailure) in
                try Arguments.number(text, named: "<new-size>", in: Arguments.positions)
            }
            output = try ledger.consistencyProof(from: ledger.recordedCheckpoint(size: oldSize), to: ledger.recordedCheckpoint(size: newSize))
        } else {
            guard let text = arguments.positionals.first else { throw CommandFailure.usage("missing <seq>") }
            let seq = try Arguments.number(text, named: "<seq>", in: Arguments.positions)
            var note: SignedNote?
            if let path = arguments.value("--checkpoint") { note = try KeyArguments.note(path) }
            if let size = try arguments.number("--size", in: Arguments.positions) {
                note = try ledger.recordedCheckpoint(size: size)
            }
            output = try ledger.inclusionProof(for: seq, checkpoint: note)
        }
        console.print(try ProofJSON.encode(output))
        return .success
    }
}

/// `ledger verify-proof`: checks a proof file offline, against the ledger's public key only.
enum VerifyProofCommand {
    static let command = Command(
        name: "verify-proof",
        abstract: "Check a proof file offline: checkpoint signatures, the proof, and the entry's hash.",
        usage: "verify-proof <proof.json> --key <pubkey> [--key <pubkey> …]",
        arguments: [("<proof.json>", "An inclusion or consistency proof from 'ledger prove'.")],
        options: [OptionSpec("--key", value: "FILE", help: "The ledger's public key; repeat for witness keys.")],
        discussion: "Needs no database. Exits 0 when the proof holds and 1 when it does not.",
        run: run)

    static func run(_ arguments: Arguments, _ console: inout Console) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 1)
        guard let path = arguments.positionals.first else { throw CommandFailure.usage("missing <proof.json>") }
        let keys = try KeyArguments.requiredVerifiers(arguments)
        let bytes = try InputFile.readSmall(path)
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            throw CommandFailure(message: "\(path) is not a proof file: \(error)", status: .rejected)
        }
        if let member = ProofFile.nonIntegerMember(in: json) {
            throw CommandFailure(message: "\(path) is not a proof file: field \(member): is not an integer (FORMAT.md §17)", status: .rejected)
        }
        let type = json.objectValue?["type"]?.stringValue
        let data = Data(bytes)
        do {
            switch type {
            case "inclusion":
                let proof = try JSONDecoder().decode(InclusionProof.self, from: data)
                let checkpoint = try trusted(proof.checkpoint, keys: keys)
                if let entry = proof.entry, SHA256().leafHash(entry).bytes != proof.leafHash {
                    throw ProofFailure("the entry's bytes do not hash to the proof's leaf hash")
                }
                try proof.verify(against: checkpoint)
                console.print("valid: entry \(proof.leafIndex) is in the tree of size \(proof.treeSize) signed by '\(checkpoint.origin)'")
            case "consistency":
                let proof = try JSONDecoder().decode(ConsistencyProof.self, from: data)
                let (old, new) = (try trusted(proof.oldCheckpoint, keys: keys), try trusted(proof.newCheckpoint, keys: keys))
                guard old.origin == new.origin else { throw ProofFailure("the checkpoints name different ledgers") }
                try proof.verify(from: old, to: new)
                console.print("valid: the tree of size \(proof.newSize) extends the tree of size \(proof.oldSize) of '\(new.origin)'")
            default:
                throw CommandFailure(message: "\(path) is not a proof file: it needs \"type\": \"inclusion\" or \"consistency\"", status: .rejected)
            }
            return .success
        } catch let failure as CommandFailure {
            throw failure
        } catch let error as DecodingError {
            throw CommandFailure(message: "\(path) is not a proof file: \(ProofJSON.describe(error))", status: .rejected)
        } catch {
            console.printMessage("INVALID: \(error)")
            return .tampered
        }
    }

    static func trusted(_ text: String, keys: [NoteVerifierKey]) throws -> Checkpoint {
        let note = try SignedNote(parsing: text)
        guard try note.verify(using: keys).isSignedByLog else {
            throw ProofFailure("the checkpoint carries no valid signature by a given log key")
        }
        return try Checkpoint(parsing: note.text)
    }

    struct ProofFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// Proof files as pretty, stable JSON.
enum ProofJSON {
    static func encode(_ value: any Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A decoding error as the field it concerns and what is wrong, without Swift's `CodingKeys` text.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "field \(path(context.codingPath + [key])): is mandatory and missing"
        case .typeMismatch(let type, let context):
            return "field \(path(context.codingPath)): is not \(expected(type))"
        case .valueNotFound(let type, let context):
            return "field \(path(context.codingPath)): is null, not \(expected(type))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? context.debugDescription : "field \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    /// `checkpoint`, `proof[3]`: member names joined by dots, array positions in brackets.
    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text.isEmpty ? "(top level)" : text
    }

    private static func expected(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is UInt64.Type, is Int.Type, is Int64.Type, is UInt.Type: "an integer"
        case is Bool.Type: "a boolean"
        default: type is any Collection.Type ? "an array" : "an object"
        }
    }
}
