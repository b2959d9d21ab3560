/// The payload of a `checkpoint` entry: the signed checkpoint note of the tree of every earlier entry.
///
/// Recording checkpoints in the chain makes the history of what was signed, and when, itself evidence.
package struct CheckpointPayload {
    /// The signed note, verbatim: checkpoint text, blank line, signature lines.
    package let note: SignedNote
    /// The checkpoint the note's text holds.
    package let checkpoint: Checkpoint

    package init(note: SignedNote) throws(RecordError) {
        self.note = note
        do {
            checkpoint = try Checkpoint(parsing: note.text)
        } catch {
            throw RecordError(field: "note", rule: .syntax, message: "the note is not a checkpoint: \(error)")
        }
    }

    package init(bytes: [UInt8]) throws(RecordError) {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            throw RecordError(field: "", rule: .syntax, message: "\(error)")
        }
        guard case .object(let members) = json else {
            throw RecordError(field: "", rule: .notAnObject, message: "a checkpoint payload must be an object")
        }
        let reader = FieldReader(members: members, path: "")
        try reader.rejectUnknown(allowed: ["note"])
        let text = try reader.string("note")
        do {
            try self.init(note: try SignedNote(parsing: text))
        } catch let error as RecordError {
            throw error
        } catch {
            throw RecordError(field: "note", rule: .syntax, message: "not a signed note: \(error)")
        }
    }

    package var canonicalBytes: [UInt8] {
        CanonicalJSON.encode(.object(["note": .string(note.serialized)]))
    }
}

extension EntryKind {
    /// A signed checkpoint of the tree of every earlier entry.
    public static let checkpoint = EntryKind(rawValue: "checkpoint")
}
