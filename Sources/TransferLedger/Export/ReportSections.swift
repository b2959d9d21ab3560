import LedgerFormat

/// The figures of a report's `sections`, aggregated one in-scope transfer at a time.
///
/// Memory grows with the number of distinct groups (destinations, mechanisms, months, rules…), never
/// with the number of transfers, except the derogation list, which has one line per Art. 49 use by
/// design (FORMAT.md §24).
struct ReportSections {
    private struct MatrixCell {
        var region = ""
        var family = ""
        var records = 0
        var importers: Set<String> = []
        var bands: [String: Int] = [:]
        var subjects = FlowSubjects()
        var special = false
        var onward = 0
    }

    private var records = 0
    private var byFamily: [String: Int] = Dictionary(uniqueKeysWithValues: MechanismFamily.allCases.map { ($0.rawValue, 0) })
    private var byStatus: [String: Int] = Dictionary(uniqueKeysWithValues: ValidationStatus.allCases.map { ($0.rawValue, 0) })
    private var destinations: Set<String> = []
    private var importers: Set<String> = []
    private var specialRecords = 0
    private var criminalRecords = 0
    private var subjects = FlowSubjects()
    /// Transfers to a third country or international organisation without an adequacy decision, per mechanism.
    private var withoutAdequacy: [String: Int] = [:]
    private var art9Conditions: [String: Int] = [:]
    private var art10Bases: [String: Int] = [:]
    private var derogationFlows = DerogationFlows()
    private var months: [String: [Int]] = [:]
    private var matrix: [[String]: MatrixCell] = [:]
    private var roles: [[String]: Int] = [:]
    private var derogations: [JSONValue] = []
    private var bcr: [[String]: Int] = [:]
    private var art46 = 0
    private var art46WithTIA = 0
    private var assessments: [String: Int] = [:]
    private var special: [[String]: Int] = [:]
    private var criminal: [String: Int] = [:]
    private var findings: [[String]: Int] = [:]
    /// One line per correction shown in the range (R23: reports list corrections).
    private var corrections: [JSONValue] = []
    /// The latest state in the range of each government access request received in the period.
    private var requests: [String: GovAccessRequest] = [:]

    /// Counts one in-scope transfer, recorded at `seq`.
    mutating func add(_ disclosed: DisclosedTransfer, seq: UInt64) {
        let transfer = disclosed.transfer
        let family = transfer.mechanism.family
        let destination = transfer.destination
        records += 1
        byFamily[family.rawValue, default: 0] += 1
        byStatus[disclosed.verdict.status.rawValue, default: 0] += 1
        destinations.insert(destination)
        importers.insert(transfer.importer.entity)
        if !transfer.specialCategories.isEmpty {
            specialRecords += 1
            art9Conditions[transfer.art9Condition?.rawValue ?? "", default: 0] += 1
        }
        if transfer.criminalData {
            criminalRecords += 1
            art10Bases[transfer.art10Basis ?? "", default: 0] += 1
        }
        subjects.add(transfer)
        if Self.lacksAdequacy(disclosed) { withoutAdequacy[transfer.mechanism.rawValue, default: 0] += 1 }

        var month = months[String(transfer.occurredAt.rfc3339.prefix(7)), default: [0, 0, 0]]
        month[0] += 1
        if disclosed.verdict.status == .nonCompliant { month[1] += 1 }
        if family == .derogation49 { month[2] += 1 }
        months[String(transfer.occurredAt.rfc3339.prefix(7))] = month

        let key = [destination, disclosed.region.rawValue, transfer.mechanism.rawValue]
        var cell = matrix[key] ?? MatrixCell(region: disclosed.region.rawValue, family: family.rawValue)
        cell.records += 1
        cell.importers.insert(transfer.importer.entity)
        cell.bands[transfer.subjectCount.rawValue, default: 0] += 1
        cell.subjects.add(transfer)
        if !transfer.specialCategories.isEmpty { cell.special = true }
        if transfer.transferKind == .onward { cell.onward += 1 }
        matrix[key] = cell

        roles[[destination, transfer.exporter.role.rawValue, transfer.importer.role.rawValue], default: 0] += 1
        if family == .derogation49 {
            var line: JSONObject = [
                "seq": .integer(Int64(seq)), "occurredAt": .string(transfer.occurredAt.rfc3339),
                "ground": .string(transfer.mechanism.rawValue), "exporter": .string(transfer.exporter.entity),
                "importer": .string(transfer.importer.entity), "destination": .string(destination),
                "subjectCount": .string(transfer.subjectCount.rawValue),
            ]
            line["mechanismRef"] = transfer.mechanismRef.map(JSONValue.string)
            derogations.append(.object(line))
            derogationFlows.add(transfer)
        }
        if transfer.mechanism == .bcrController || transfer.mechanism == .bcrProcessor {
            bcr[[transfer.mechanismRef ?? "", destination], default: 0] += 1
        }
        if family == .safeguards46 {
            art46 += 1
            if let tia = transfer.tiaRef {
                art46WithTIA += 1
                assessments[tia, default: 0] += 1
            }
        }
        for category in Set(transfer.specialCategories.map(\.rawValue)) {
            special[[destination, category], default: 0] += 1
        }
        if transfer.criminalData { criminal[destination, default: 0] += 1 }
        for pair in Set(disclosed.verdict.findings.map { [$0.rule.rawValue, $0.severity.rawValue] }) {
            findings[pair, default: 0] += 1
        }
    }

    /// Lists a correction shown in the range, whatever its period: `seq`, `supersedes`, `reason`,
    /// `recordedAt` (the day a reader of the report sees it was made), and what it changed when the
    /// earlier version is shown in the report (`earlierVersion` says where it is otherwise).
    mutating func add(correction: DisclosedCorrection, seq: UInt64, recordedAt: String, changes: JSONValue?, earlierVersion: String) {
        var line: JSONObject = ["seq": .integer(Int64(seq)), "supersedes": .integer(Int64(correction.supersedes)),
                                "reason": .string(correction.reason.rawValue), "recordedAt": .string(recordedAt),
                                "earlierVersion": .string(earlierVersion)]
        line["changes"] = changes
        corrections.append(.object(line))
    }

    /// Counts a government access request received in the period; a later entry with the same
    /// `requestId` (the request's newer state) replaces the earlier one.
    mutating func add(_ request: GovAccessRequest) {
        requests[request.requestId] = request
    }

    /// One row per (country, authority type): requests received, challenged, each outcome, exporter
    /// notified or notification prohibited, and the Art. 48 basis relied on (FORMAT.md §22.3).
    private var governmentAccess: JSONValue {
        var rows: [[String]: [String: Int]] = [:]
        for request in requests.values {
            var row = rows[[request.country, request.authorityType.rawValue], default: [:]]
            func count(_ name: String, _ condition: Bool = true) { if condition { row[name, default: 0] += 1 } }
            count("received")
            count("challenged", request.challenged)
            count(request.outcome.rawValue)
            count("exporterNotified", request.exporterNotifiedAt != nil)
            count("notificationProhibited", request.exporterNotificationProhibited)
            count(Self.art48Column(request.art48Basis))
            rows[[request.country, request.authorityType.rawValue]] = row
        }
        let names = ["received", "challenged", "exporterNotified", "notificationProhibited"]
            + GovAccessRequest.Outcome.allCases.map(\.rawValue)
            + GovAccessRequest.Art48Basis.allCases.map(Self.art48Column)
        return .array(rows.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { key, counts in
            var members: JSONObject = ["country": .string(key[0]), "authorityType": .string(key[1])]
            for name in names { members[name] = .integer(Int64(counts[name] ?? 0)) }
            return .object(members)
        })
    }

    /// `art48InternationalAgreement`, `art48OtherGround`, `art48None`.
    private static func art48Column(_ basis: GovAccessRequest.Art48Basis) -> String {
        "art48" + basis.rawValue.prefix(1).uppercased() + basis.rawValue.dropFirst()
    }

    /// Whether a transfer went outside the EEA without an adequacy decision covering it: to a third
    /// country or an international organisation, unless it relied on adequacy and the policy accepted
    /// that (an adequacy decision conditional on the importer, such as the EPO's, covers the transfer
    /// though the destination's region is not `ADEQUATE`).
    static func lacksAdequacy(_ disclosed: DisclosedTransfer) -> Bool {
        guard disclosed.region == .thirdCountry || disclosed.region == .internationalOrganisation else { return false }
        return disclosed.transfer.mechanism != .adequacy || disclosed.verdict.status == .nonCompliant
    }

    /// The number of in-scope transfers counted.
    var recordCount: Int { records }

    /// The `sections` object, every list sorted by its key members in order.
    func json(referenceData: ReferenceData) -> JSONValue {
        func counts(_ dictionary: [String: Int]) -> JSONValue { .object(JSONObject(dictionary.mapValues { JSONValue.integer(Int64($0)) })) }
        func rows<Key>(_ dictionary: [Key: Int], by order: (Key, Key) -> Bool, _ row: (Key, Int) -> JSONObject) -> JSONValue {
            .array(dictionary.sorted { order($0.key, $1.key) }.map { .object(row($0.key, $0.value)) })
        }
        func n(_ value: Int) -> JSONValue { .integer(Int64(value)) }
        let byKey: ([String], [String]) -> Bool = { $0.lexicographicallyPrecedes($1) }
        return .object([
            "totals": .object([
                "records": n(records), "byFamily": counts(byFamily), "byStatus": counts(byStatus),
                "destinations": n(destinations.count), "importers": n(importers.count),
                "specialCategoryRecords": n(specialRecords), "criminalDataRecords": n(criminalRecords),
                "subjects": subjects.json,
            ]),
            "withoutAdequacy": .object([
                "records": n(withoutAdequacy.values.reduce(0, +)),
                "byMechanism": rows(withoutAdequacy, by: <) { mechanism, count in
                    let family = TransferMechanism(rawValue: mechanism)?.family.rawValue ?? ""
                    return ["mechanism": .string(mechanism), "family": .string(family), "records": n(count)]
                },
            ]),
            "byMonth": .array(months.sorted { $0.key < $1.key }.map { month, figures in
                .object(["month": .string(month), "records": n(figures[0]), "nonCompliant": n(figures[1]), "derogations": n(figures[2])])
            }),
            "byDestinationMechanism": .array(matrix.sorted { byKey($0.key, $1.key) }.map { key, cell in
                .object([
                    "destination": .string(key[0]),
                    "destinationName": .string(referenceData.destination(key[0])?.name ?? key[0]),
                    "region": .string(cell.region), "mechanism": .string(key[2]), "family": .string(cell.family),
                    "records": n(cell.records), "importers": n(cell.importers.count), "subjectBands": counts(cell.bands),
                    "subjects": cell.subjects.json,
                    "specialCategories": .bool(cell.special), "onward": n(cell.onward),
                ])
            }),
            "roles": rows(roles, by: byKey) { key, count in
                ["destination": .string(key[0]), "exporterRole": .string(key[1]), "importerRole": .string(key[2]), "records": n(count)]
            },
            "derogations": .array(derogations),
            "derogationFlows": derogationFlows.json,
            "bcr": rows(bcr, by: byKey) { key, count in
                ["instrument": .string(key[0]), "destination": .string(key[1]), "records": n(count)]
            },
            "tia": .object([
                "art46Records": n(art46), "art46WithTia": n(art46WithTIA), "share": .string(Self.share(art46WithTIA, of: art46)),
                "assessments": rows(assessments, by: <) { tia, count in ["tiaRef": .string(tia), "records": n(count)] },
            ]),
            "specialCategories": rows(special, by: byKey) { key, count in
                ["destination": .string(key[0]), "category": .string(key[1]), "records": n(count)]
            },
            "criminalData": rows(criminal, by: <) { destination, count in ["destination": .string(destination), "records": n(count)] },
            // A missing condition or basis (rules R14, R15) is the row without the member, sorted first.
            "art9Conditions": rows(art9Conditions, by: <) { condition, count in
                var row: JSONObject = ["records": n(count)]
                row["condition"] = condition.isEmpty ? nil : .string(condition)
                return row
            },
            "art10Bases": rows(art10Bases, by: <) { basis, count in
                var row: JSONObject = ["records": n(count)]
                row["basis"] = basis.isEmpty ? nil : .string(basis)
                return row
            },
            "findings": rows(findings, by: byKey) { key, count in
                ["rule": .string(key[0]), "severity": .string(key[1]), "records": n(count)]
            },
            "governmentAccess": governmentAccess,
            "corrections": .array(corrections),
        ])
    }

    /// A percentage with one decimal, computed in integers so every platform prints the same text.
    static func share(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "n/a" }
        let tenths = (part * 1_000 + whole / 2) / whole
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
