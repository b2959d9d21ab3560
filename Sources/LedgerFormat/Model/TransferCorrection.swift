/// Why a transfer record was corrected.
public enum CorrectionReason: String, LedgerCode {
    /// A party's controller or processor role was wrong.
    case roleMisclassified
    /// The transfer mechanism was wrong.
    case mechanismMisclassified
    /// A reference (`mechanismRef`, `tiaRef`, a contract) was wrong.
    case wrongReference
    /// The destination was wrong.
    case wrongDestination
    /// The data or subject categories, special categories or volume were wrong.
    case wrongDataDescription
    /// `occurredAt` or `windowEnd` was wrong.
    case wrongTime
    /// The exporter or importer was wrong.
    case wrongParties
    /// Anything else; say what in `reasonNote`.
    case other
}

/// A correction (R23): the complete corrected transfer superseding an earlier transfer entry, as an
/// entry of kind `correction`. The original stays in the chain; reports use the latest version.
///
/// JSON: `supersedes` (the sequence number of the transfer entry corrected), `reason`, optional
/// `reasonNote` (free text, screened for personal data), `transfer` (the full corrected transfer in
/// the transfer input format, keeping the original's `idempotencyKey`).
public struct TransferCorrection: Hashable, Sendable {
    /// The entry kind under which corrections are recorded.
    package static let kind = "correction"

    /// The sequence number of the transfer entry this corrects.
    public var supersedes: UInt64
    /// Why.
    public var reason: CorrectionReason
    /// A short explanation without personal data.
    public var reasonNote: String?
    /// The complete corrected transfer, validated afresh.
    public var transfer: Transfer

    /// A correction of entry `supersedes` to `transfer`.
    public init(supersedes: UInt64, reason: CorrectionReason, reasonNote: String? = nil, transfer: Transfer) {
        self.supersedes = supersedes
        self.reason = reason
        self.reasonNote = reasonNote
        self.transfer = transfer
    }

    /// Reads a correction; the embedded transfer is decoded as strictly as a new one (field paths
    /// start with `transfer.`), and `StructuralRules.check(correction.transfer)` still applies.
    package init(json: JSONValue) throws(RecordError) {
        let reader = try FieldReader.object(json, expected: "a correction")
        try reader.rejectUnknown(allowed: ["supersedes", "reason", "reasonNote", "transfer"])
        let transferJSON = try reader.value("transfer")
        do {
            transfer = try Transfer(json: transferJSON)
        } catch {
            throw error.nested(in: "transfer")
        }
        // Links stay with the transfer entry they were recorded with; a subject report follows them
        // to the current version (FORMAT.md §4.7).
        guard transfer.subjectLinks == nil else {
            throw RecordError(field: "transfer.subjectLinks", rule: .unknownField,
                              message: "a correction carries no subject links: the original transfer's links follow it to its current version")
        }
        supersedes = try reader.sequenceNumber("supersedes")
        reason = try reader.code("reason")
        reasonNote = try reader.optionalText("reasonNote")
    }

    /// The correction as canonical JSON members.
    package var jsonValue: JSONValue {
        var members: JSONObject = [
            "supersedes": .integer(Int64(supersedes)), "reason": .string(reason.rawValue), "transfer": transfer.jsonValue,
        ]
        members["reasonNote"] = reasonNote.map(JSONValue.string)
        return .object(members)
    }
}
