/// How long the ledger keeps the private documents of transfers, set once by the DPO and recorded in
/// the chain like every registry fact, so an auditor sees which period applied to an erasure.
///
/// JSON (kind `retentionPolicy`): `id`, exactly one of `years` (1–100) or `days` (1–36500), `validFrom`,
/// optional `validUntil` and `revision`. `ledger erase --retention` erases the private documents of
/// transfers that occurred before the cutoff of the policy in force on the day it runs.
public struct RetentionPolicy: Hashable, Sendable {
    /// How long a private document is kept after its transfer occurred.
    public enum Period: Hashable, Sendable {
        /// Whole calendar years: the same day, that many years earlier.
        case years(Int)
        /// A number of days.
        case days(Int)
    }

    /// The policy's registry id, such as `RET-TRANSFERS`.
    public var id: String
    /// How long documents are kept.
    public var period: Period
    /// The days the policy is in force.
    public var validity: Validity
    /// The version number: 1, then one more for each superseding fact.
    public var revision: Int

    /// A policy with the given members.
    public init(id: String, period: Period, validity: Validity, revision: Int = 1) {
        self.id = id
        self.period = period
        self.validity = validity
        self.revision = revision
    }

    static let fields: Set<String> = FactHeader.fields.union(["id", "years", "days"])

    /// Reads a policy fact, with exactly one of `years` and `days`.
    public init(json: JSONValue) throws(RecordError) {
        let reader = try FieldReader.object(json, expected: "a retention policy")
        try reader.rejectUnknown(allowed: Self.fields)
        let header = try FactHeader(reader, idField: "id")
        let period: Period
        switch (reader.has("years"), reader.has("days")) {
        case (true, false): period = .years(try reader.integer("years", in: 1...100))
        case (false, true): period = .days(try reader.integer("days", in: 1...36_500))
        default: throw RecordError(field: "years", rule: .missingField, message: "a retention policy gives exactly one of years and days")
        }
        self.init(id: header.id, period: period, validity: header.validity, revision: header.revision)
    }

    /// The fact as canonical JSON members.
    public var jsonValue: JSONValue {
        var members = FactHeader.members(id: id, idField: "id", revision: revision, validity: validity)
        switch period {
        case .years(let years): members["years"] = .integer(Int64(years))
        case .days(let days): members["days"] = .integer(Int64(days))
        }
        return .object(members)
    }

    /// The first day whose transfers are still kept on `today`: `today` less the period (a year back
    /// from 29 February is 28 February). Transfers that occurred before its start are erased.
    public func cutoff(asOf today: Day) -> Day {
        switch period {
        case .days(let days):
            return today.adding(days: -Int64(days))
        case .years(let years):
            let (year, month, day) = Timestamp.civil(fromDays: today.daysSinceEpoch)
            let earlier = year - Int64(years)
            return Day(daysSinceEpoch: Timestamp.daysFromCivil(year: earlier, month: month, day: min(day, Timestamp.daysIn(month: month, year: earlier))))
        }
    }
}

extension RetentionPolicy: RegistryRecord {
    package static let kind = "retentionPolicy"
    package static let noun = "retention policy"
}

extension Registry {
    /// The retention policy in force on `day`: of several, the one keeping documents the shortest
    /// time (the latest cutoff); nil when none is.
    public func retentionPolicy(at day: Day) -> RetentionPolicy? {
        retentionPolicies.values.compactMap { $0.at(day).inForce }.max { $0.cutoff(asOf: day) < $1.cutoff(asOf: day) }
    }
}
