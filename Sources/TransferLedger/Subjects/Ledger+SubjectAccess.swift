import LedgerFormat
import LedgerStorage

/// Subject access answers (Art. 15(1)(c), 15(2)): built from the latest version of every transfer,
/// the registry's names and the safeguards' facts.
extension Ledger {
    /// What an exporter transferred of a category of people's data (`employee`, …) with `occurredAt`
    /// in `from...to` (inclusive; open when nil), flow by flow: the answer that needs no subject links.
    public func subjectReport(exporter: String, subjectCategory: SubjectCategory,
                              from: Timestamp? = nil, to: Timestamp? = nil) throws(LedgerError) -> SubjectAccessReport {
        let before = try Self.exclusiveEnd(to)
        return try wrap {
            try store.snapshot(streaming: false) {
                try catchUpRegistry()
                var disclosures = DisclosureCollector(grouping: true, registry: registry, versions: versions)
                func matches(_ transfer: Transfer) -> Bool {
                    transfer.exporter.entity == exporter && transfer.subjectCategories.contains(subjectCategory)
                        && from.map { transfer.occurredAt >= $0 } ?? true && before.map { transfer.occurredAt < $0 } ?? true
                }
                var query = TransferQuery()
                query.exporter = exporter
                query.occurredFrom = from
                query.occurredBefore = before
                query.excludingSuperseded = true
                try store.forEachRecordedTransfer(matching: query, decoder: transferDecoder) { recorded in
                    guard matches(recorded.transfer) else { return }
                    disclosures.add(recorded.transfer, region: recorded.region, table: nil)
                }
                // The current corrections (few): a corrected transfer counts in its latest version only.
                let superseded = try store.supersessions()
                for seq in try store.correctionRows().keys.sorted() where superseded[seq] == nil {
                    guard let payload = try store.transferVersion(at: seq), matches(payload.transfer) else { continue }
                    disclosures.add(payload.transfer, region: payload.region, table: payload.referenceData)
                }
                return SubjectAccessReport(scope: .category(exporter: exporter, subjectCategory: subjectCategory),
                                           controllerName: registry.entity(exporter, at: Day(Timestamp.now())).known?.legalName,
                                           from: from, to: to, generatedAt: Timestamp.now(), disclosures: disclosures.sorted)
            }
        }
    }

    /// The transfers linked to any of `tokens` (one person's tokens) with `occurredAt` in `from...to`,
    /// each in its latest version: found through the subject-link index, one lookup per token.
    public func subjectReport(tokens: [SubjectToken], from: Timestamp? = nil, to: Timestamp? = nil) throws(LedgerError) -> SubjectAccessReport {
        let before = try Self.exclusiveEnd(to)
        return try wrap {
            try store.snapshot(streaming: false) {
                try catchUpRegistry()
                var disclosures = DisclosureCollector(grouping: false, registry: registry, versions: versions)
                let linked = try Set(tokens.flatMap { try store.entries(linkedTo: $0) })
                let superseded = linked.isEmpty ? [:] : try store.supersessions()
                var current: Set<UInt64> = []
                for seq in linked.sorted() {
                    var latest = seq
                    while let next = superseded[latest] { latest = next }
                    guard current.insert(latest).inserted, let payload = try store.transferVersion(at: latest) else { continue }
                    let transfer = payload.transfer
                    guard from.map({ transfer.occurredAt >= $0 }) ?? true, before.map({ transfer.occurredAt < $0 }) ?? true else { continue }
                    disclosures.add(transfer, region: payload.region, table: payload.referenceData)
                }
                return SubjectAccessReport(scope: .subject, controllerName: nil, from: from, to: to,
                                           generatedAt: Timestamp.now(), disclosures: disclosures.sorted)
            }
        }
    }

    /// One microsecond after an inclusive end; refused when the end is the last instant there is.
    private static func exclusiveEnd(_ to: Timestamp?) throws(LedgerError) -> Timestamp? {
        guard let to else { return nil }
        guard to.microseconds < Int64.max else { throw .invalidRequest("the end of the period is out of range") }
        return Timestamp(microseconds: to.microseconds + 1)
    }
}

/// Gathers the disclosures of an answer: grouped into flows (one recipient, country and safeguard)
/// or one per transfer.
struct DisclosureCollector {
    let grouping: Bool
    let registry: Registry
    let versions: ReferenceDataVersions
    private var disclosures: [SubjectAccessReport.Disclosure] = []
    private var flows: [FlowKey: Int] = [:]

    init(grouping: Bool, registry: Registry, versions: ReferenceDataVersions) {
        self.grouping = grouping
        self.registry = registry
        self.versions = versions
    }

    private struct FlowKey: Hashable {
        let exporter: Party, importer: Party, destination: String, safeguard: SubjectAccessReport.Safeguard
    }

    /// Counts `transfer`, judged with region table `table` (the base table when nil).
    mutating func add(_ transfer: Transfer, region: Region, table: Digest?) {
        let referenceData = table.flatMap { versions.engine(for: $0)?.referenceData } ?? versions.base.referenceData
        let safeguard = SubjectAccessReport.Safeguard(transfer, region: region, registry: registry, referenceData: referenceData)
        let end = max(transfer.windowEnd ?? transfer.occurredAt, transfer.occurredAt)
        let key = FlowKey(exporter: transfer.exporter, importer: transfer.importer, destination: transfer.destination, safeguard: safeguard)
        if grouping, let index = flows[key] {
            disclosures[index].merge(transfer, end: end)
            return
        }
        let day = Day(transfer.occurredAt)
        let disclosure = SubjectAccessReport.Disclosure(
            exporter: organisation(transfer.exporter, on: day), recipient: organisation(transfer.importer, on: day),
            destination: transfer.destination, destinationName: referenceData.destination(transfer.destination)?.name ?? transfer.destination,
            safeguard: safeguard, purposes: transfer.purposes, dataCategories: transfer.dataCategories,
            specialCategories: transfer.specialCategories, firstTransfer: transfer.occurredAt, lastTransfer: end, transfers: 1)
        if grouping { flows[key] = disclosures.count }
        disclosures.append(disclosure.normalised)
    }

    /// The disclosures in order of their first transfer, then recipient.
    var sorted: [SubjectAccessReport.Disclosure] {
        disclosures.sorted { ($0.firstTransfer, $0.recipient.legalName ?? "") < ($1.firstTransfer, $1.recipient.legalName ?? "") }
    }

    private func organisation(_ party: Party, on day: Day) -> SubjectAccessReport.Organisation {
        let entity = registry.entity(party.entity, at: day).known
        return .init(legalName: entity?.legalName, country: entity?.country, role: party.role, groupMember: entity?.groupMember ?? false)
    }
}

extension SubjectAccessReport.Disclosure {
    /// Adds another transfer of the same flow.
    mutating func merge(_ transfer: Transfer, end: Timestamp) {
        purposes += transfer.purposes
        dataCategories += transfer.dataCategories
        specialCategories += transfer.specialCategories
        firstTransfer = min(firstTransfer, transfer.occurredAt)
        lastTransfer = max(lastTransfer, end)
        transfers += 1
        self = normalised
    }

    /// The lists without repeats, in the contract's order.
    var normalised: Self {
        var copy = self
        copy.purposes = Purpose.allCases.filter(purposes.contains)
        copy.dataCategories = DataCategory.allCases.filter(dataCategories.contains)
        copy.specialCategories = SpecialCategory.allCases.filter(specialCategories.contains)
        return copy
    }
}
