import TransferLedger

/// Inputs for the command-line tests.
enum CLIFixture {
    static func time(_ text: String) -> Timestamp {
        do {
            return try Timestamp(rfc3339: text)
        } catch {
            preconditionFailure("fixture time '\(text)': \(error)")
        }
    }

    /// A valid transfer, compliant under `registryLines`; the CLI tests vary only what they look at.
    static func transfer(key: String, at occurredAt: String = "2026-03-02T10:00:00Z", destination: String = "IN",
                         specialCategories: [SpecialCategory] = [], notes: String? = nil) -> Transfer {
        var transfer = Transfer(
            occurredAt: time(occurredAt), exporter: Party(entity: "NW-FR", role: .controller),
            importer: Party(entity: "NW-IN", role: .processor), destination: destination, mechanism: .sccCommission,
            purposes: [.itSupport], dataCategories: [.identity, .deviceTechnical], subjectCategories: [.employee],
            specialCategories: specialCategories, subjectCount: .b101_1k, loggedBy: "svc:cli-test", idempotencyKey: key)
        transfer.mechanismRef = "SCC-FR-IN-2024"
        transfer.sccModule = .c2p
        transfer.tiaRef = "TIA-\(destination)-2026"
        transfer.supplementaryMeasures = [.encryptionKeysInEEA]
        transfer.notes = notes
        if !specialCategories.isEmpty { transfer.art9Condition = .b }
        return transfer
    }

    /// A minimal group registry under which `transfer(…)` to IN, JP or US is compliant: both parties, the
    /// SCC between them, and a TIA per destination; as `ledger registry add` lines.
    static let registryLines: [String] = [
        #"{"kind":"entity","code":"NW-FR","legalName":"Nordwind SA","country":"FR","groupMember":true,"validFrom":"2021-01-01"}"#,
        #"{"kind":"entity","code":"NW-IN","legalName":"Nordwind Technology India Pvt Ltd","country":"IN","groupMember":true,"validFrom":"2021-01-01"}"#,
        #"{"kind":"agreement","id":"SCC-FR-IN-2024","type":"scc2021_914","exporter":"NW-FR","importer":"NW-IN","module":"c2p","validFrom":"2024-01-01"}"#,
    ] + ["IN", "JP", "US"].map { destination in
        #"{"kind":"tia","id":"TIA-\#(destination)-2026","destination":"\#(destination)","importers":["NW-IN"],"outcome":"proceedWithSupplementaryMeasures","validFrom":"2026-01-01","reviewDue":"2099-12-31","requiredMeasures":["encryptionKeysInEEA"],"coversSpecialCategories":true}"#
    }

    /// The group's identity, which `ledger export` requires (a report names its controller); recorded
    /// apart from `registryLines` by the tests that export, so other tests keep their sequence numbers.
    static let groupLine = #"{"kind":"group","id":"GROUP-NW","legalName":"Nordwind Group SE","contactEmail":"dpo@nordwind.example","validFrom":"2021-01-01"}"#

    /// `registryLines` as NDJSON input.
    static var registry: [UInt8] { ndjson(lines: registryLines) }

    /// The seq of the first transfer recorded after the registry: registry facts come first in the chain.
    static var firstTransferSeq: Int { registryLines.count }

    /// Three transfers on three days, the last with notes that need CSV quoting.
    static let three: [Transfer] = [
        transfer(key: "cli-0", at: "2026-03-01T08:00:00Z", destination: "IN"),
        transfer(key: "cli-1", at: "2026-03-02T23:59:59.999999Z", destination: "JP", specialCategories: [.health]),
        transfer(key: "cli-2", at: "2026-03-03T00:00:00Z", destination: "US",
                 notes: "He said \"hi\", then left\nsecond line, with commas"),
    ]

    /// `transfers` as NDJSON, one canonical line each.
    static func ndjson(_ transfers: [Transfer]) -> [UInt8] {
        Array(transfers.map { $0.jsonValue.canonicalText + "\n" }.joined().utf8)
    }

    static func ndjson(lines: [String]) -> [UInt8] {
        Array(lines.map { $0 + "\n" }.joined().utf8)
    }
}

/// A strict RFC 4180 reader: CRLF between records, quoted fields with doubled quotes; nil on any
/// deviation (a bare LF, a quote inside an unquoted field, a missing final CRLF).
enum RFC4180 {
    static func parse(_ text: String) -> [[String]]? {
        let scalars = Array(text.unicodeScalars)
        var records: [[String]] = []
        var record: [String] = []
        var field = String.UnicodeScalarView()
        var quoted = false
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if quoted {
                if scalar == "\"" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                        field.append("\"")
                        index += 2
                        continue
                    }
                    quoted = false
                } else {
                    field.append(scalar)
                }
                index += 1
                continue
            }
            switch scalar {
            case "\"":
                guard field.isEmpty else { return nil }
                quoted = true
            case ",":
                record.append(String(field))
                field = String.UnicodeScalarView()
            case "\r":
                guard index + 1 < scalars.count, scalars[index + 1] == "\n" else { return nil }
                record.append(String(field))
                field = String.UnicodeScalarView()
                records.append(record)
                record = []
                index += 1
            case "\n":
                return nil
            default:
                field.append(scalar)
            }
            index += 1
        }
        guard !quoted, record.isEmpty, field.isEmpty else { return nil }
        return records
    }
}

extension Ledger {
    /// Every recorded transfer's idempotency key, oldest first.
    func keys() throws -> [String] {
        try transfers(matching: TransferQuery()).map(\.transfer.idempotencyKey)
    }
}
