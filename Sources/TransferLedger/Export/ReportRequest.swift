import LedgerFormat

/// What a report covers and whom it is for: the header members an exporter chooses, which a
/// verifier reads back from `report.json` and everything else is recomputed from.
public struct ReportRequest: Sendable, Equatable {
    /// The report's identifier, for example `RPT-2026-Q2-SA`.
    public var reportID: String
    /// Who receives the report, for example `CNIL (BCR lead SA)`.
    public var addressee: String
    /// A display name for the group; may be empty. The controller is named from the registry (`header.controller`).
    public var group: String
    /// When the report was generated.
    public var generatedAt: Timestamp
    /// The period on `occurredAt`: from `periodStart` inclusive to `periodEnd` exclusive.
    public var periodStart: Timestamp
    /// The end of the period, exclusive.
    public var periodEnd: Timestamp
    /// The exporting entity the report is narrowed to.
    public var exporter: String?
    /// The importing entity the report is narrowed to.
    public var importer: String?
    /// The client controller (`onBehalfOf`) the report is narrowed to.
    public var onBehalfOf: String?
    /// The destination code the report is narrowed to.
    public var destination: String?
    /// The destination region the report is narrowed to.
    public var region: Region?

    /// A period report for `addressee`, not narrowed by any filter.
    public init(reportID: String, addressee: String, group: String = "", generatedAt: Timestamp, periodStart: Timestamp, periodEnd: Timestamp) {
        self.reportID = reportID
        self.addressee = addressee
        self.group = group
        self.generatedAt = generatedAt
        self.periodStart = periodStart
        self.periodEnd = periodEnd
    }

    /// Whether any filter is set, so only the transfers matching them are shown in full.
    public var isNarrowed: Bool { !filters.isEmpty }

    /// The filters that are set, by their header names.
    var filters: JSONObject {
        var members: JSONObject = [:]
        members["exporter"] = exporter.map(JSONValue.string)
        members["importer"] = importer.map(JSONValue.string)
        members["onBehalfOf"] = onBehalfOf.map(JSONValue.string)
        members["destination"] = destination.map(JSONValue.string)
        members["region"] = region.map { .string($0.rawValue) }
        return members
    }

    /// Whether the transfer a stub header describes (FORMAT.md §1.3: a transfer's, or a correction's
    /// corrected version) matches every filter that is set, the period aside. The header is what a
    /// report reads of every entry, shown in full or not, so the two are judged alike.
    func matches(header: JSONObject) -> Bool {
        let filters: [(value: String?, member: String)] = [
            (exporter, "exporter"), (importer, "importer"), (onBehalfOf, "onBehalfOf"), (destination, "destination"), (region?.rawValue, "region"),
        ]
        return filters.allSatisfy { filter in filter.value.map { header[filter.member]?.stringValue == $0 } ?? true }
    }

    /// Whether `instant` lies in the period.
    func periodContains(_ instant: Timestamp) -> Bool {
        periodStart <= instant && instant < periodEnd
    }

    /// The header members the exporter chose, as written to `report.json`.
    var chosenHeader: JSONObject {
        [
            "reportId": .string(reportID), "addressee": .string(addressee), "group": .string(group),
            "generatedAt": .string(generatedAt.rfc3339), "periodStart": .string(periodStart.rfc3339),
            "periodEnd": .string(periodEnd.rfc3339), "filters": .object(filters),
        ]
    }

    /// Reads the chosen members back from a report header.
    init(header: JSONObject) throws(ReportProblem) {
        func string(_ name: String) throws(ReportProblem) -> String {
            guard let value = header[name]?.stringValue else {
                throw ReportProblem(file: ReportBundle.reportFile, location: "header.\(name)", message: "is missing or not a string")
            }
            return value
        }
        func time(_ name: String) throws(ReportProblem) -> Timestamp {
            let text = try string(name)
            guard let instant = Timestamp.canonical(text) else {
                throw ReportProblem(file: ReportBundle.reportFile, location: "header.\(name)", message: "'\(text)' is not a canonical RFC 3339 time")
            }
            return instant
        }
        self.init(reportID: try string("reportId"), addressee: try string("addressee"), group: try string("group"),
                  generatedAt: try time("generatedAt"), periodStart: try time("periodStart"), periodEnd: try time("periodEnd"))
        guard let filters = header["filters"]?.objectValue else {
            throw ReportProblem(file: ReportBundle.reportFile, location: "header.filters", message: "is missing or not an object")
        }
        exporter = filters["exporter"]?.stringValue
        importer = filters["importer"]?.stringValue
        onBehalfOf = filters["onBehalfOf"]?.stringValue
        destination = filters["destination"]?.stringValue
        region = filters["region"]?.stringValue.flatMap(Region.init(rawValue:))
        if self.filters != filters {
            throw ReportProblem(file: ReportBundle.reportFile, location: "header.filters", message: "holds an unknown filter or value")
        }
    }
}
