/// The structural rules of a region table: the same for the embedded `Schema/regions.json` and for a
/// table adopted later by a `referenceData` entry, so no adopted table can be looser than the one
/// compiled in.
extension ReferenceData {
    /// The regions a destination may have in the table.
    static let regions: Set<String> = ["EEA", "ADEQUATE", "THIRD_COUNTRY"]
    /// The kinds of destination.
    static let kinds: Set<String> = ["COUNTRY", "INTERNATIONAL_ORGANISATION"]
    /// The importer condition codes a decision may name: every recordable condition, plus
    /// `DPF_COVERS_DATA_TYPE`, which the engine derives from the transfer.
    static let importerConditionCodes: Set<String> = Set(ImporterCondition.allCases.map(\.rawValue)).union(["DPF_COVERS_DATA_TYPE"])

    /// Checks a region table and returns its entries, or throws the first problem, naming the entry
    /// (`entries[3].since`) and the rule.
    ///
    /// The root is an object with a non-empty `entries` array (other root members, such as `source`
    /// and `asOf`, are documentation). Each entry has a unique `code` (two capital letters for a
    /// `COUNTRY`, `INT-` and capitals or digits for an `INTERNATIONAL_ORGANISATION`), a non-empty
    /// `name`, a `kind` and a `region`; `ADEQUATE` entries have a `decision` and a `since` date and may
    /// have an `until` date not before it and an `eea_incorporated` date or `PENDING`; other entries
    /// have none of these; `importer_conditions` lists distinct known codes. An optional `history`
    /// lists dated periods (`from`, optional `until`, `region`, `decision` when ADEQUATE, optional
    /// `basis`, `importer_conditions`, `eea_incorporated`) that overlap neither each other nor the
    /// current ADEQUATE interval. Other string members (`alpha3`, `scope`, `note`, …) are allowed.
    static func validate(_ root: JSONValue) throws(RecordError) -> [JSONObject] {
        guard case .object(let top) = root else {
            throw RecordError(field: "", rule: .notAnObject, message: "a region table must be a JSON object, not \(root.typeName)")
        }
        let entries = try FieldReader(members: top, path: "").array("entries")
        guard !entries.isEmpty else { throw RecordError(field: "entries", rule: .empty, message: "must list at least one destination") }
        var seen: [String: Int] = [:]
        var objects: [JSONObject] = []
        objects.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            let path = "entries[\(index)]"
            guard case .object(let members) = entry else {
                throw RecordError(field: path, rule: .notAnObject, message: "a region entry must be an object, not \(entry.typeName)")
            }
            let code = try checkEntry(FieldReader(members: members, path: path), path: path)
            if let earlier = seen.updateValue(index, forKey: code) {
                throw RecordError(field: "\(path).code", rule: .duplicateValue, message: "'\(code)' is already listed as entries[\(earlier)]")
            }
            objects.append(members)
        }
        return objects
    }

    /// Checks one entry, its current status and its history, and returns its code.
    private static func checkEntry(_ reader: FieldReader, path: String) throws(RecordError) -> String {
        let entry = MemberCheck(reader: reader, path: path)
        let kind = try entry.oneOf("kind", kinds)
        let code = try reader.string("code")
        let isOrganisation = kind == "INTERNATIONAL_ORGANISATION"
        guard isCode(code, organisation: isOrganisation) else {
            throw entry.fail("code", .invalidCode, isOrganisation
                ? "'\(code)' is not an international organisation code INT-… (capitals and digits)"
                : "'\(code)' is not an ISO 3166-1 alpha-2 code (two capital letters)")
        }
        guard !(try reader.string("name")).isEmpty else { throw entry.fail("name", .empty, "must not be empty") }
        let current = try entry.status(startMember: "since")
        if reader.has("history") {
            try checkHistory(try reader.array("history"), path: path, current: current)
        }
        return code
    }

    /// Checks the `history` periods: each a dated status, none overlapping another or the entry's
    /// current ADEQUATE interval (`current`, when the entry has one).
    private static func checkHistory(_ elements: [JSONValue], path: String, current: Interval?) throws(RecordError) {
        var intervals: [(interval: Interval, name: String)] = current.map { [($0, "the entry's current interval")] } ?? []
        for (index, element) in elements.enumerated() {
            let periodPath = "\(path).history[\(index)]"
            guard case .object(let members) = element else {
                throw RecordError(field: periodPath, rule: .notAnObject, message: "a history period must be an object, not \(element.typeName)")
            }
            let period = MemberCheck(reader: FieldReader(members: members, path: periodPath), path: periodPath)
            let from = try period.day("from")
            let until = period.reader.has("until") ? try period.day("until") : nil
            if let until, until < from { throw period.fail("until", .windowBeforeStart, "is before from \(from)") }
            _ = try period.status(startMember: nil)
            if period.reader.has("basis") { _ = try period.reader.string("basis") }
            let interval = Interval(from: from, until: until)
            if let clash = intervals.first(where: { $0.interval.overlaps(interval) }) {
                throw period.fail("from", .overlappingPeriods, "the period \(interval) overlaps \(clash.name) (\(clash.interval))")
            }
            intervals.append((interval, "history[\(index)]"))
        }
    }

    /// A span of days, the last one included; open-ended without `until`.
    struct Interval: CustomStringConvertible {
        let from: Day
        let until: Day?

        func overlaps(_ other: Interval) -> Bool {
            (until.map { other.from <= $0 } ?? true) && (other.until.map { from <= $0 } ?? true)
        }

        var description: String { "\(from) to \(until.map(String.init(describing:)) ?? "open end")" }
    }

    /// The member checks shared by an entry and its history periods, naming the member in errors.
    private struct MemberCheck {
        let reader: FieldReader
        let path: String

        func fail(_ name: String, _ rule: RecordError.Rule, _ message: String) -> RecordError {
            RecordError(field: "\(path).\(name)", rule: rule, message: message)
        }

        func oneOf(_ name: String, _ allowed: Set<String>) throws(RecordError) -> String {
            let value = try reader.string(name)
            guard allowed.contains(value) else {
                throw fail(name, .unknownValue, "'\(value)' is not one of \(allowed.sorted().joined(separator: ", "))")
            }
            return value
        }

        func day(_ name: String) throws(RecordError) -> Day {
            let text = try reader.string(name)
            guard let day = Day(text) else { throw fail(name, .malformedTimestamp, "'\(text)' is not a date YYYY-MM-DD") }
            return day
        }

        /// Checks `region` and what goes with it: an ADEQUATE status names a `decision` and, for an
        /// entry (`startMember` `since`), its first day and optional last day; `eea_incorporated` is a
        /// date or `PENDING`; `importer_conditions` lists distinct known codes. Returns the ADEQUATE
        /// interval of an entry, nil otherwise.
        func status(startMember: String?) throws(RecordError) -> Interval? {
            let region = try oneOf("region", regions)
            var interval: Interval?
            if region == "ADEQUATE" {
                guard !(try reader.string("decision")).isEmpty else { throw fail("decision", .empty, "must not be empty") }
                if let startMember {
                    let since = try day(startMember)
                    let until = reader.has("until") ? try day("until") : nil
                    if let until, until < since { throw fail("until", .windowBeforeStart, "is before since \(since)") }
                    interval = Interval(from: since, until: until)
                }
                if reader.has("eea_incorporated") {
                    let text = try reader.string("eea_incorporated")
                    guard text == AdequacyDecision.pendingIncorporation || Day(text) != nil else {
                        throw fail("eea_incorporated", .malformedTimestamp, "'\(text)' is neither a date YYYY-MM-DD nor PENDING")
                    }
                }
            } else {
                let dated = startMember.map { [$0, "until"] } ?? []
                for name in ["decision", "eea_incorporated"] + dated where reader.has(name) {
                    throw fail(name, .unknownField, "is only allowed when region is ADEQUATE, not \(region)")
                }
            }
            if reader.has("importer_conditions") {
                let conditions = try reader.strings("importer_conditions")
                for (index, condition) in conditions.enumerated() where !importerConditionCodes.contains(condition) {
                    throw fail("importer_conditions[\(index)]", .unknownValue, "'\(condition)' is not a known importer condition")
                }
                try RegistryText.checkList(conditions, field: "\(path).importer_conditions", mayBeEmpty: true)
            }
            return interval
        }
    }

    private static func isCode(_ code: String, organisation: Bool) -> Bool {
        let bytes = Array(code.utf8)
        func capital(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
        guard organisation else { return bytes.count == 2 && bytes.allSatisfy(capital) }
        return code.hasPrefix("INT-") && bytes.count > 4 && bytes.count <= StructuralRules.maximumCodeLength
            && bytes.dropFirst(4).allSatisfy { capital($0) || ($0 >= 0x30 && $0 <= 0x39) }
    }
}
