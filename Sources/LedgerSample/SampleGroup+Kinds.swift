import TransferLedger

/// The demo's corrections (R23) and government access request (R24), so `ledger demo` shows every
/// entry kind end to end.
extension SampleGroup {
    /// Corrections of the first `limit` recorded transfers whose SCC module contradicts the parties'
    /// roles (an R6 finding): the same transfer with the module the roles give.
    public static func corrections(of recorded: [(seq: UInt64, transfer: Transfer, rules: [RuleID])], limit: Int = 2) -> [TransferCorrection] {
        recorded.lazy.filter { $0.rules.contains(.r6) && $0.transfer.sccModule != nil }.prefix(limit).map { item in
            var corrected = item.transfer
            corrected.sccModule = SccModule.implied(exporter: corrected.exporter.role, importer: corrected.importer.role)
            return TransferCorrection(supersedes: item.seq, reason: .roleMisclassified,
                                      reasonNote: "SCC module set from the parties' roles after DPO review, ticket DPO-\(item.seq)", transfer: corrected)
        }
    }

    /// A request by a court of the destination under the EU MLAT, received by the importer a week after
    /// `transfer` (recorded at `seq`): the exporter notified the next day, challenged, narrowed, partly disclosed.
    public static func govAccessRequest(about transfer: Transfer, seq: UInt64) throws(RecordError) -> GovAccessRequest {
        let day: Int64 = 86_400_000_000
        let received = transfer.occurredAt.microseconds + 7 * day
        func time(_ microseconds: Int64) -> JSONValue { .string(Timestamp(microseconds: microseconds).rfc3339) }
        return try GovAccessRequest(json: .object([
            "requestId": .string("GAR-DEMO-\(seq)"), "receivedBy": .string(transfer.importer.entity), "country": .string(transfer.destination),
            "authorityType": .string("court"), "legalInstrumentCode": .string("MLAT-EU-\(transfer.destination)-ART-12"),
            "receivedAt": time(received), "dataCategoriesRequested": .array(transfer.dataCategories.prefix(1).map { .string($0.rawValue) }),
            "approxSubjectCount": .string("b1_10"), "relatedFlowIds": .array([]), "relatedRecords": .array([.integer(Int64(seq))]),
            "exporterNotifiedAt": time(received + day), "exporterNotificationProhibited": .bool(false), "dataSubjectNotified": .bool(false),
            "dataSubjectNotificationProhibited": .bool(false), "waiverSought": .bool(false), "challenged": .bool(true),
            "challengeOutcome": .string("requestNarrowed"), "art48Basis": .string("internationalAgreement"), "art48BasisRef": .string("MLAT-EU"),
            "outcome": .string("partiallyDisclosed"), "disclosedAt": time(received + 20 * day), "minimisationApplied": .bool(true),
        ]))
    }
}
