import Foundation
import LedgerSample
import LedgerTestSupport
import Testing
import TransferLedger

/// The contract values through `Codable`: a service that already speaks the contract's JSON decodes
/// its records with `JSONDecoder` into the same values, refused on the same field and rule, as
/// NDJSON input through the library's parser.
@Suite struct CodableTests {
    /// Every transfer example the documentation shows: FORMAT.md's worked examples and the README's NDJSON.
    static func documentedTransfers() throws -> [String] {
        let readme = try String(contentsOfFile: SchemaFile.path("../README.md"), encoding: .utf8)
        let readmeLines = readme.split(separator: "\n").map(String.init).filter { $0.hasPrefix(#"{"occurredAt""#) }
        let format = try FormatExampleTests.examples.map { try FormatExampleTests.block("example-\($0.number)-input") }
        return readmeLines + format
    }

    @Test func documentedAndSampleTransfersDecodeAsTheParserReadsThem() throws {
        let documented = try Self.documentedTransfers()
        #expect(documented.count >= 3, "the README's and FORMAT.md's examples were not found")
        let sample = SampleGroup.transfers(count: 300, endingAt: SampleGroup.yearEnd).map(\.jsonValue.canonicalText)
        for text in documented + sample {
            let parsed = try Transfer(jsonBytes: Array(text.utf8))
            let decoded = try JSONDecoder().decode(Transfer.self, from: Data(text.utf8))
            #expect(decoded == parsed, "\(text)")
            let reencoded = try JSONEncoder().encode(decoded)
            #expect(try JSONDecoder().decode(Transfer.self, from: reencoded) == parsed, "\(text)")
        }
    }

    @Test func correctionsAndGovernmentAccessRequestsDecodeAsTheirParsersReadThem() throws {
        let correctionText = try FormatExampleTests.block("example-3-input")
        let correction = try TransferCorrection(json: JSONParser.parse(correctionText))
        #expect(try JSONDecoder().decode(TransferCorrection.self, from: Data(correctionText.utf8)) == correction)
        #expect(try JSONDecoder().decode(TransferCorrection.self, from: JSONEncoder().encode(correction)) == correction)

        let transfer = try #require(SampleGroup.transfers(count: 1, endingAt: SampleGroup.yearEnd).first)
        let request = try SampleGroup.govAccessRequest(about: transfer, seq: 0)
        let requestText = request.jsonValue.canonicalText
        #expect(try JSONDecoder().decode(GovAccessRequest.self, from: Data(requestText.utf8)) == request)
        #expect(try JSONDecoder().decode(GovAccessRequest.self, from: JSONEncoder().encode(request)) == request)
        let refused = requestText.replacingOccurrences(of: #""requestId""#, with: #""requestID""#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(GovAccessRequest.self, from: Data(refused.utf8)) }
    }

    @Test func encodingWritesTheContractFieldNames() throws {
        let transfer = try #require(SampleGroup.transfers(count: 1, endingAt: SampleGroup.yearEnd).first)
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(transfer)) as? [String: Any]
        let names = Set(try #require(encoded).keys)
        #expect(names == Set(try #require(transfer.jsonValue.objectValue).keys))
        #expect(names.isSuperset(of: ["occurredAt", "exporter", "importer", "destination", "mechanism", "subjectCount", "idempotencyKey"]))
        #expect((encoded?["exporter"] as? [String: String])?["role"] == transfer.exporter.role.rawValue)
    }

    struct Rejection: Sendable, CustomTestStringConvertible {
        let field: String
        let rule: RecordError.Rule
        let change: @Sendable (inout [String: Any]) -> Void
        var testDescription: String { "\(field) [\(rule.rawValue)]" }
    }

    static let rejections: [Rejection] = [
        Rejection(field: "importer.role", rule: .unknownValue) { $0["importer"] = ["entity": "GRP-IN", "role": "proccessor"] },
        Rejection(field: "region", rule: .unknownField) { $0["region"] = "EEA" },
        Rejection(field: "occurredAt", rule: .malformedTimestamp) { $0["occurredAt"] = "2026-05-01 00:00" },
        Rejection(field: "loggedBy", rule: .missingField) { $0["loggedBy"] = nil },
        Rejection(field: "criminalData", rule: .wrongType) { $0["criminalData"] = "no" },
        Rejection(field: "notes", rule: .wrongType) { $0["notes"] = NSNull() },
    ]

    /// Decoding refuses what the parser refuses, naming the same field and rule.
    @Test(arguments: rejections)
    func decodingRefusesWhatTheParserRefuses(_ rejection: Rejection) throws {
        let text = try #require(try Self.documentedTransfers().first)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        rejection.change(&object)
        let data = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: RecordError.self) { try Transfer(jsonBytes: Array(data)) }
        do {
            _ = try JSONDecoder().decode(Transfer.self, from: data)
            Issue.record("decoded a transfer the parser refuses")
        } catch DecodingError.dataCorrupted(let context) {
            let error = try #require(context.underlyingError as? RecordError)
            #expect(error.field == rejection.field && error.rule == rejection.rule, "\(error)")
            #expect(context.debugDescription.contains(rejection.field))
        }
    }

    @Test func receiptsAndRecordedTransfersRoundTrip() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try Ledger.create(at: directory.file("t.ledger"))
        let receipts = try ledger.record(contentsOf: SampleGroup.transfers(count: 20, endingAt: SampleGroup.yearEnd))
        let recorded = try ledger.transfers(matching: TransferQuery())
        #expect(try JSONDecoder().decode([Receipt].self, from: JSONEncoder().encode(receipts)) == receipts)
        #expect(try JSONDecoder().decode([RecordedTransfer].self, from: JSONEncoder().encode(recorded)) == recorded)

        let receipt = try #require(receipts.first)
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(receipt)) as? [String: Any])
        #expect(Set(json.keys) == ["seq", "hash", "recordedAt", "idempotencyKey", "duplicate", "verdict"])
        #expect(json["hash"] as? String == receipt.hash.hex)
        #expect(json["recordedAt"] as? String == receipt.recordedAt.rfc3339)
        let verdict = try #require(json["verdict"] as? [String: Any])
        #expect(Set(verdict.keys) == ["findings", "flags", "ruleSetVersion", "status"])
    }

    @Test func timestampsAndDigestsAreTheirText() throws {
        let time = try Timestamp(rfc3339: "2026-05-01T09:30:00.250Z")
        #expect(String(decoding: try JSONEncoder().encode([time]), as: UTF8.self) == #"["2026-05-01T09:30:00.250Z"]"#)
        #expect(try JSONDecoder().decode([Timestamp].self, from: Data(#"["2026-05-01T09:30:00.25+00:00"]"#.utf8)) == [time])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Timestamp].self, from: Data(#"["2026-05-01T09:30:00+02:00"]"#.utf8)) }
        let digest = try #require(Digest(hex: String(repeating: "ab", count: 32)))
        #expect(try JSONDecoder().decode([Digest].self, from: JSONEncoder().encode([digest])) == [digest])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Digest].self, from: Data(#"["abc"]"#.utf8)) }
        #expect(try JSONDecoder().decode([Region].self, from: Data(#"["THIRD_COUNTRY"]"#.utf8)) == [.thirdCountry])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([PartyRole].self, from: Data(#"["proccessor"]"#.utf8)) }
    }
}
