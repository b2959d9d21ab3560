/// A public authority's request for access to transferred data (SCC 15; BCR-C §5.4.2; Art. 48), as
/// an entry of kind `govAccessRequest`. It names no requester and no data subject.
///
/// JSON: `requestId`, `receivedBy` (entity), `country` (the authority's country), `authorityType`,
/// `legalInstrumentCode`, `receivedAt` (RFC 3339), `dataCategoriesRequested`, `approxSubjectCount`,
/// `relatedFlowIds` and `relatedRecords` (sequence numbers; together at least one, R24),
/// optional `exporterNotifiedAt`, `exporterNotificationProhibited`, `dataSubjectNotified`,
/// `dataSubjectNotificationProhibited`, `waiverSought`, `challenged`, optional `challengeOutcome`
/// (only when challenged), `art48Basis`, `art48BasisRef` (unless the basis is `none`), `outcome`,
/// `disclosedAt` (exactly when something was disclosed), `minimisationApplied`.
public struct GovAccessRequest: Hashable, Sendable {
    /// The entry kind under which requests are recorded.
    package static let kind = "govAccessRequest"

    /// The kind of authority asking.
    public enum AuthorityType: String, LedgerCode {
        /// Police or prosecutors.
        case lawEnforcement
        /// Intelligence or national security services.
        case nationalSecurity
        /// A regulatory or supervisory authority.
        case regulator
        /// A court or tribunal.
        case court
        /// A tax authority.
        case tax
        /// Any other public authority.
        case other
    }
    /// The ground under Art. 48 on which a disclosure could rest.
    public enum Art48Basis: String, LedgerCode {
        /// An international agreement, such as a mutual legal assistance treaty.
        case internationalAgreement
        /// Another ground for transfer in Chapter V.
        case otherGround
        /// None: a disclosure then breaks Art. 48 (R24).
        case none
    }
    /// What became of the request.
    public enum Outcome: String, LedgerCode {
        /// Nothing was disclosed.
        case refused
        /// Part of what was asked was disclosed.
        case partiallyDisclosed
        /// What was asked was disclosed.
        case disclosed
        /// Not decided yet; record the request again with its outcome once known.
        case pending
        /// The authority withdrew the request.
        case withdrawn
    }
    /// What became of a challenge.
    public enum ChallengeOutcome: String, LedgerCode {
        /// Not decided yet.
        case pending
        /// The request was quashed.
        case requestQuashed
        /// The request was narrowed.
        case requestNarrowed
        /// The challenge failed.
        case challengeRejected
    }

    /// The request's opaque id.
    public var requestId: String
    /// The entity that received the request.
    public var receivedBy: String
    /// The requesting authority's country.
    public var country: String
    /// The kind of authority.
    public var authorityType: AuthorityType
    /// The legal instrument invoked, as a code (no names).
    public var legalInstrumentCode: String
    /// When the request was received.
    public var receivedAt: Timestamp
    /// The data categories requested.
    public var dataCategoriesRequested: [DataCategory]
    /// Approximately how many data subjects are concerned.
    public var approxSubjectCount: CountBand
    /// The declared flows whose data is concerned.
    public var relatedFlowIds: [String]
    /// The transfer entries whose data is concerned.
    public var relatedRecords: [UInt64]
    /// When the exporter was notified, if it was.
    public var exporterNotifiedAt: Timestamp?
    /// Whether the law barred notifying the exporter.
    public var exporterNotificationProhibited: Bool
    /// Whether the data subjects were notified.
    public var dataSubjectNotified: Bool
    /// Whether the law barred notifying the data subjects.
    public var dataSubjectNotificationProhibited: Bool
    /// Whether a waiver of a notification ban was sought.
    public var waiverSought: Bool
    /// Whether the request was challenged.
    public var challenged: Bool
    /// What became of the challenge.
    public var challengeOutcome: ChallengeOutcome?
    /// The Art. 48 ground relied on for any disclosure.
    public var art48Basis: Art48Basis
    /// The reference of that ground (e.g. the MLAT), unless there is none.
    public var art48BasisRef: String?
    /// What became of the request.
    public var outcome: Outcome
    /// When data was disclosed, if it was.
    public var disclosedAt: Timestamp?
    /// Whether only the minimum was disclosed.
    public var minimisationApplied: Bool

    /// Whether any data was handed over.
    public var disclosed: Bool { outcome == .disclosed || outcome == .partiallyDisclosed }

    package static let fields: Set<String> = [
        "requestId", "receivedBy", "country", "authorityType", "legalInstrumentCode", "receivedAt", "dataCategoriesRequested",
        "approxSubjectCount", "relatedFlowIds", "relatedRecords", "exporterNotifiedAt", "exporterNotificationProhibited",
        "dataSubjectNotified", "dataSubjectNotificationProhibited", "waiverSought", "challenged", "challengeOutcome",
        "art48Basis", "art48BasisRef", "outcome", "disclosedAt", "minimisationApplied",
    ]

    /// Reads and structurally validates a request: types, codes, and fields that must go together.
    package init(json: JSONValue) throws(RecordError) {
        let reader = try FieldReader.object(json, expected: "a government access request")
        try reader.rejectUnknown(allowed: Self.fields)
        requestId = try reader.reference("requestId")
        receivedBy = try reader.reference("receivedBy")
        country = try reader.reference("country")
        authorityType = try reader.code("authorityType")
        legalInstrumentCode = try reader.text("legalInstrumentCode")
        receivedAt = try reader.timestamp("receivedAt")
        dataCategoriesRequested = try reader.distinctCodes("dataCategoriesRequested")
        approxSubjectCount = try reader.code("approxSubjectCount")
        relatedFlowIds = try reader.distinctReferences("relatedFlowIds", mayBeEmpty: true)
        relatedRecords = try reader.array("relatedRecords").enumerated().map { (index, element) throws(RecordError) -> UInt64 in
            guard case .integer(let seq) = element, seq >= 0 else {
                throw reader.wrongType("relatedRecords[\(index)]", expected: "a sequence number", got: element)
            }
            guard seq <= CanonicalJSON.maximumInteger else { throw reader.beyondSafeIntegers("relatedRecords[\(index)]", seq) }
            return UInt64(seq)  // non-negative: the guard above
        }
        exporterNotifiedAt = reader.has("exporterNotifiedAt") ? try reader.timestamp("exporterNotifiedAt") : nil
        exporterNotificationProhibited = try reader.bool("exporterNotificationProhibited")
        dataSubjectNotified = try reader.bool("dataSubjectNotified")
        dataSubjectNotificationProhibited = try reader.bool("dataSubjectNotificationProhibited")
        waiverSought = try reader.bool("waiverSought")
        challenged = try reader.bool("challenged")
        challengeOutcome = try reader.optionalCode("challengeOutcome")
        art48Basis = try reader.code("art48Basis")
        art48BasisRef = try reader.optionalText("art48BasisRef")
        outcome = try reader.code("outcome")
        disclosedAt = reader.has("disclosedAt") ? try reader.timestamp("disclosedAt") : nil
        minimisationApplied = try reader.bool("minimisationApplied")
        try checkConsistency()
    }

    private func checkConsistency() throws(RecordError) {
        if challengeOutcome != nil && !challenged {
            throw RecordError(field: "challengeOutcome", rule: .unknownField, message: "is given but challenged is false")
        }
        if (art48Basis == .none) != (art48BasisRef == nil) {
            throw RecordError(field: "art48BasisRef", rule: art48Basis == .none ? .unknownField : .missingField,
                              message: art48Basis == .none ? "is given but art48Basis is none" : "is mandatory when art48Basis is \(art48Basis.rawValue)")
        }
        if disclosed != (disclosedAt != nil) {
            throw RecordError(field: "disclosedAt", rule: disclosed ? .missingField : .unknownField,
                              message: disclosed ? "is mandatory when outcome is \(outcome.rawValue)" : "is given but outcome is \(outcome.rawValue)")
        }
        for (field, time) in [("disclosedAt", disclosedAt), ("exporterNotifiedAt", exporterNotifiedAt)] {
            if let time, time < receivedAt {
                throw RecordError(field: field, rule: .windowBeforeStart, message: "\(time) is before receivedAt \(receivedAt)")
            }
        }
    }

    /// The request as canonical JSON members; absent optionals are omitted.
    package var jsonValue: JSONValue {
        var members: JSONObject = [
            "requestId": .string(requestId), "receivedBy": .string(receivedBy), "country": .string(country),
            "authorityType": .string(authorityType.rawValue), "legalInstrumentCode": .string(legalInstrumentCode),
            "receivedAt": .string(receivedAt.rfc3339), "dataCategoriesRequested": .codes(dataCategoriesRequested),
            "approxSubjectCount": .string(approxSubjectCount.rawValue), "relatedFlowIds": .array(relatedFlowIds.map(JSONValue.string)),
            "relatedRecords": .array(relatedRecords.map { .integer(Int64($0)) }),
            "exporterNotificationProhibited": .bool(exporterNotificationProhibited), "dataSubjectNotified": .bool(dataSubjectNotified),
            "dataSubjectNotificationProhibited": .bool(dataSubjectNotificationProhibited), "waiverSought": .bool(waiverSought),
            "challenged": .bool(challenged), "art48Basis": .string(art48Basis.rawValue), "outcome": .string(outcome.rawValue),
            "minimisationApplied": .bool(minimisationApplied),
        ]
        members["exporterNotifiedAt"] = exporterNotifiedAt.map { .string($0.rfc3339) }
        members["challengeOutcome"] = challengeOutcome.map { .string($0.rawValue) }
        members["art48BasisRef"] = art48BasisRef.map(JSONValue.string)
        members["disclosedAt"] = disclosedAt.map { .string($0.rfc3339) }
        return .object(members)
    }
}
