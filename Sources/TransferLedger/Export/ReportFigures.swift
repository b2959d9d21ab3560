import LedgerFormat

/// How many people a set of transfers concerns, as far as count bands can say without counting a
/// repeated flow's population once per transfer (FORMAT.md §22.3).
///
/// A flow is (exporter, importer, destination, purposes); a daily feed of the same 5,000 employees is
/// one flow used 365 times, not 1.8 million people. Each flow counts with the largest known band it
/// used; the figure is the sum of those bands' bounds.
struct FlowSubjects {
    private var largest: [[String]: CountBand] = [:]

    /// Counts one transfer's band towards its flow.
    mutating func add(_ transfer: Transfer) {
        let flow = [transfer.exporter.entity, transfer.importer.entity, transfer.destination]
            + transfer.purposes.map(\.rawValue).sorted()
        let band = transfer.subjectCount
        if let current = largest[flow], Self.rank(current) >= Self.rank(band) { return }
        largest[flow] = band
    }

    /// `unknown` below every known band, known bands in increasing order.
    private static func rank(_ band: CountBand) -> Int {
        band == .unknown ? -1 : CountBand.allCases.firstIndex(of: band) ?? -1
    }

    /// `{"flows": n, "min": n, "max": n or null}`: `max` is null when any flow's band is open-ended
    /// or `unknown` (a flow that used only `unknown`).
    var json: JSONValue {
        var minimum: Int64 = 0
        var maximum: Int64? = 0
        for band in largest.values {
            guard let bounds = band.bounds else {
                maximum = nil
                continue
            }
            minimum += Int64(bounds.lower)
            maximum = bounds.upper.flatMap { upper in maximum.map { $0 + Int64(upper) } }
        }
        return .object(["flows": .integer(Int64(largest.count)), "min": .integer(minimum), "max": maximum.map(JSONValue.integer) ?? .null])
    }
}

/// Art. 49 uses per flow and ground, and which flows use a derogation more than occasionally.
///
/// Art. 49(1) derogations are for occasional transfers (EDPB Guidelines 2/2018, §2.1); the report
/// flags a flow (exporter, importer, destination, ground) used more than `threshold` times in the
/// period. The threshold is a screening rule of this report, not a legal limit: a flagged flow is one
/// a reader should ask about, and one under it may still be systematic.
struct DerogationFlows {
    /// More uses than this of one ground for one flow in the period is a finding.
    static let threshold = 2

    private var uses: [[String]: Int] = [:]

    /// Counts one Art. 49 use.
    mutating func add(_ transfer: Transfer) {
        uses[[transfer.exporter.entity, transfer.importer.entity, transfer.destination, transfer.mechanism.rawValue], default: 0] += 1
    }

    /// One row per flow and ground, sorted by exporter, importer, destination, ground.
    var json: JSONValue {
        .array(uses.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { key, count in
            .object(["exporter": .string(key[0]), "importer": .string(key[1]), "destination": .string(key[2]), "ground": .string(key[3]),
                     "uses": .integer(Int64(count)), "repeated": .bool(count > Self.threshold)])
        })
    }
}

/// What changed between a transfer's earlier version and its correction: the disclosed payload
/// members that differ, with the verdict's status in place of the whole verdict (FORMAT.md §22.3).
enum CorrectionChanges {
    /// The members of the transfer an entry discloses: a transfer's payload, a correction's `transfer`.
    static func transferMembers(of entry: Entry) -> JSONObject? {
        guard var members = (try? JSONParser.parse(entry.payload))?.objectValue else { return nil }
        if entry.kind == .correction {
            guard let transfer = members["transfer"]?.objectValue else { return nil }
            members = transfer
        }
        // The private document's digest changes with every version and says nothing to a reader.
        members["private"] = nil
        members["status"] = members["validation"]?.objectValue?["status"]
        members["validation"] = nil
        return members
    }

    /// `[{"field", "old", "new"}]` for every member that differs, by field name; an absent member is
    /// null, and members of objects on both sides (`importer`) are compared one by one (`importer.role`).
    static func changes(from old: JSONObject, to new: JSONObject) -> JSONValue {
        .array(differences(old, new, prefix: ""))
    }

    private static func differences(_ old: JSONObject, _ new: JSONObject, prefix: String) -> [JSONValue] {
        Set(old.keys).union(new.keys).sorted().flatMap { name -> [JSONValue] in
            let (before, after) = (old[name] ?? .null, new[name] ?? .null)
            if before == after { return [] }
            if let inner = before.objectValue, let outer = after.objectValue { return differences(inner, outer, prefix: prefix + name + ".") }
            return [.object(["field": .string(prefix + name), "old": before, "new": after])]
        }
    }
}
