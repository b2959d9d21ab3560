import LedgerFormat

/// The index rows of the entry kinds `correction`, `govAccessRequest` and `referenceData` (migration
/// 003): derived from the payload at append time, and derived again and compared by the verifier.
package struct CorrectionRow: Equatable {
    package var supersedes: UInt64
    package var status: String

    package init(_ payload: CorrectionPayload) {
        supersedes = payload.supersedes
        status = (payload.transfer.verdict?.status ?? .compliant).rawValue
    }

    package init(supersedes: UInt64, status: String) {
        self.supersedes = supersedes
        self.status = status
    }
}

/// The index row of a government access request.
package struct GovAccessRow: Equatable {
    package var requestId: String
    package var receivedAt: Int64
    package var country: String
    package var status: String

    package init(_ payload: GovAccessPayload) {
        requestId = payload.request.requestId
        receivedAt = payload.request.receivedAt.microseconds
        country = payload.request.country
        status = (payload.verdict?.status ?? .compliant).rawValue
    }

    package init(requestId: String, receivedAt: Int64, country: String, status: String) {
        self.requestId = requestId
        self.receivedAt = receivedAt
        self.country = country
        self.status = status
    }
}

/// The index row of an adopted region table.
package struct ReferenceDataRow: Equatable {
    package var version: String
    package var effectiveFrom: String

    package init(_ payload: ReferenceDataPayload) {
        version = payload.referenceData.versionHex
        effectiveFrom = payload.effectiveFrom.description
    }

    package init(version: String, effectiveFrom: String) {
        self.version = version
        self.effectiveFrom = effectiveFrom
    }
}
