/// A transfer or entry refused before anything was written, naming the record, the field and the rule.
public struct RecordError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The structural rule a record broke.
    public enum Rule: String, Sendable {
        case syntax = "json-syntax"
        case notAnObject = "not-an-object"
        case unknownField = "unknown-field"
        case missingField = "missing-field"
        case wrongType = "wrong-type"
        case unknownValue = "unknown-value"
        case unknownDestination = "unknown-destination"
        case malformedTimestamp = "malformed-timestamp"
        case windowBeforeStart = "window-before-start"
        case tooLong = "too-long"
        case empty = "empty"
        case duplicateValue = "duplicate-value"
        case invalidCode = "invalid-code"
        case unknownParent = "unknown-parent"
        case idempotencyConflict = "idempotency-conflict"
        case unknownTarget = "unknown-target"
        case alreadySuperseded = "already-superseded"
        case alreadyAdopted = "already-adopted"
        case overlappingPeriods = "overlapping-periods"
        case alreadyErased = "already-erased"
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
    public func nested(in parent: String) -> RecordError {
        var nested = self
        nested.field = field.isEmpty ? parent : parent + "." + field
        return nested
    }

    /// The same error, attributed to the record at 1-based position `record`.
    public func inRecord(_ record: Int) -> RecordError {
        var copy = self
        copy.record = record
        return copy
    }

    public var description: String {
        var parts: [String] = []
        if let record { parts.append("record \(record)") }
        if !field.isEmpty { parts.append("field \(field)") }
        let location = parts.joined(separator: ", ")
        // Field names and messages quote the input; escaped, a record cannot forge lines or drive a terminal.
        return MessageText.escaped((location.isEmpty ? "" : location + ": ") + message + " [\(rule.rawValue)]")
    }
}
