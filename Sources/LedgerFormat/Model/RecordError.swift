/// A transfer or entry refused before anything was written, naming the record, the field and the rule.
public struct RecordError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The structural rule a record broke.
    public enum Rule: String, Sendable {
        /// The input is not valid JSON (or not UTF-8).
        case syntax = "json-syntax"
        /// A record or member that must be a JSON object is not one.
        case notAnObject = "not-an-object"
        /// A member the format does not define: refused, never ignored, so a misspelling cannot pass.
        case unknownField = "unknown-field"
        /// A required member is absent.
        case missingField = "missing-field"
        /// A member of the wrong JSON type (a number where a string belongs, say).
        case wrongType = "wrong-type"
        /// A code that is not one of the field's spellings.
        case unknownValue = "unknown-value"
        /// A destination the region table in force does not know.
        case unknownDestination = "unknown-destination"
        /// A time that is not RFC 3339 UTC with at most microseconds, or out of range.
        case malformedTimestamp = "malformed-timestamp"
        /// `windowEnd` before `occurredAt`.
        case windowBeforeStart = "window-before-start"
        /// Text longer than the field allows.
        case tooLong = "too-long"
        /// An empty string or list where the format needs content.
        case empty = "empty"
        /// A value that must be unique repeated: in a list, or an id already naming another fact.
        case duplicateValue = "duplicate-value"
        /// A code or identifier with characters or a shape the format does not allow.
        case invalidCode = "invalid-code"
        /// An onward transfer whose `parent` is not an earlier transfer entry.
        case unknownParent = "unknown-parent"
        /// An `idempotencyKey` already recorded with different content.
        case idempotencyConflict = "idempotency-conflict"
        /// A correction naming an entry that is missing or not a transfer or correction.
        case unknownTarget = "unknown-target"
        /// A correction of an entry another correction already superseded.
        case alreadySuperseded = "already-superseded"
        /// A region table that was already adopted.
        case alreadyAdopted = "already-adopted"
        /// Periods of a region table's destination history that overlap.
        case overlappingPeriods = "overlapping-periods"
        /// An erasure naming content that an earlier erasure already erased.
        case alreadyErased = "already-erased"
        /// An erasure naming an entry with nothing of that kind to erase (no private document).
        case nothingToErase = "nothing-to-erase"
        /// Free text holding what looks like personal data: spelt as the domain rule, so it can be looked up.
        case personalData = "R18"
    }

    /// The 1-based position of the record in its batch or NDJSON input, when known.
    public var record: Int?
    /// The field path, such as `importer.role`; empty for the record as a whole.
    public var field: String
    /// The rule broken.
    public var rule: Rule
    /// What is wrong, in words a compliance engineer can act on.
    public var message: String

    /// An error about `field`; the record number is added by whoever knows it.
    public init(record: Int? = nil, field: String, rule: Rule, message: String) {
        self.record = record
        self.field = field
        self.rule = rule
        self.message = message
    }

    /// The same error with its field path under `parent` (`transfer.destination`), for records nested
    /// in other records.
    package func nested(in parent: String) -> RecordError {
        var nested = self
        nested.field = field.isEmpty ? parent : parent + "." + field
        return nested
    }

    /// The same error, attributed to the record at 1-based position `record`.
    package func inRecord(_ record: Int) -> RecordError {
        var copy = self
        copy.record = record
        return copy
    }

    /// `record N, field F: message [rule]`, the one-line error `ledger record` prints.
    public var description: String {
        var parts: [String] = []
        if let record { parts.append("record \(record)") }
        if !field.isEmpty { parts.append("field \(field)") }
        let location = parts.joined(separator: ", ")
        // Field names and messages quote the input; escaped, a record cannot forge lines or drive a terminal.
        return MessageText.escaped((location.isEmpty ? "" : location + ": ") + message + " [\(rule.rawValue)]")
    }
}
