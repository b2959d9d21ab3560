import Foundation
import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// Government access requests (R24) as chained entries: judged on append, idempotent per requestId
/// and content, newer states appended, refusals that write nothing, verification and replay.
@Suite struct GovAccessRequestTests {
    typealias K = EntryKindFixture

    /// R24's valid example: an MLAT request received by NW-IN about transfer 4, the exporter notified
    /// the next day, challenged, partially disclosed.
    static func request(_ change: (inout JSONObject) -> Void = { _ in }) throws -> GovAccessRequest {
        var members = try #require(try JSONParser.parse(#"""
            {"requestId":"GAR-2026-001","receivedBy":"NW-IN","country":"IN","authorityType":"lawEnforcement",
             "legalInstrumentCode":"MLAT-EU-IN-ART-12","receivedAt":"2026-04-01T09:00:00Z","dataCategoriesRequested":["identity"],
             "approxSubjectCount":"b1_10","relatedFlowIds":[],"relatedRecords":[4],"exporterNotifiedAt":"2026-04-02T09:00:00Z",
             "exporterNotificationProhibited":false,"dataSubjectNotified":false,"dataSubjectNotificationProhibited":false,
             "waiverSought":false,"challenged":true,"challengeOutcome":"requestNarrowed","art48Basis":"internationalAgreement",
             "art48BasisRef":"MLAT-EU-IN","outcome":"partiallyDisclosed","disclosedAt":"2026-04-20T00:00:00Z","minimisationApplied":true}
            """#).objectValue)
        change(&members)
        return try GovAccessRequest(json: .object(members))
    }

    /// R24's invalid example: disclosed without an Art. 48 basis, exporter not notified, no prohibition.
    static func unlawful() throws -> GovAccessRequest {
        try request {
            $0["requestId"] = .string("GAR-2026-002")
            $0["authorityType"] = .string("nationalSecurity")
            $0["art48Basis"] = .string("none")
            $0["art48BasisRef"] = nil
            $0["exporterNotifiedAt"] = nil
            $0["outcome"] = .string("disclosed")
        }
    }

    static func ledger(in directory: ScratchLedger) throws -> (Ledger, String) {
        let path = directory.path
        let ledger = try K.ledger(at: path)
        try ledger.record(K.compliant("t-1"))
        return (ledger, path)
    }

    @Test(arguments: Backend.allCases)
    func requestsAreJudgedAndRecordedLogDontDrop(_ backend: Backend) throws {
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let (ledger, path) = try Self.ledger(in: directory)
        let receipts = try ledger.record(govAccessRequests: [Self.request(), Self.unlawful()])
        #expect(receipts.map(\.seq) == [5, 6] && receipts.map(\.idempotencyKey) == ["GAR-2026-001", "GAR-2026-002"])
        #expect(receipts[0].verdict?.status == .compliant, "\(String(describing: receipts[0].verdict?.findings))")
        #expect(receipts[1].verdict?.status == .nonCompliant && receipts[1].verdict?.rules == [.r24])
        #expect(receipts[1].verdict?.jsonValue.objectValue?["flags"] == .array([.string("art47_2mReport")]))
        #expect(try ledger.entry(at: 5).kind == .govAccessRequest)
        #expect(try ledger.govAccessRequests().map(\.status) == [.compliant, .nonCompliant])
        #expect(try K.problems(path, policy: true) == [])
    }

    @Test(arguments: Backend.allCases)
    func aRetryIsADuplicateAndANewerStateIsAppended(_ backend: Backend) throws {
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let (ledger, _) = try Self.ledger(in: directory)
        var pending = try Self.request {
            $0["outcome"] = .string("pending")
            $0["disclosedAt"] = nil
        }
        let first = try ledger.record(govAccessRequest: pending)
        let retry = try ledger.record(govAccessRequest: pending)
        #expect(retry.duplicate && retry.seq == first.seq)
        pending = try Self.request()
        let later = try ledger.record(govAccessRequest: pending)
        #expect(!later.duplicate && later.seq == first.seq + 1)
        #expect(try ledger.govAccessRequests().map(\.request.outcome) == [.pending, .partiallyDisclosed])
    }

    @Test(arguments: Backend.allCases)
    func linksToMissingRecordsAreFindings(_ backend: Backend) throws {
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let (ledger, _) = try Self.ledger(in: directory)
        let unknown = try ledger.record(govAccessRequest: Self.request { $0["relatedRecords"] = .array([.integer(2), .integer(99)]) })
        #expect(unknown.verdict?.findings.filter { $0.rule == .r24 }.count == 2, "\(String(describing: unknown.verdict?.findings))")
        let unlinked = try ledger.record(govAccessRequest: Self.request {
            $0["requestId"] = .string("GAR-3")
            $0["relatedRecords"] = .array([])
        })
        #expect(unlinked.verdict?.status == .nonCompliant && unlinked.verdict?.rules == [.r24])
    }

    @Test(arguments: Backend.allCases)
    func aRefusedBatchWritesNothing(_ backend: Backend) throws {
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let (ledger, _) = try Self.ledger(in: directory)
        let unknownCountry = try Self.request { $0["country"] = .string("XX") }
        let error = try #require(throws: LedgerError.self) { try ledger.record(govAccessRequests: [Self.request(), unknownCountry]) }
        #expect(error == .rejected(RecordError(record: 2, field: "country", rule: .unknownDestination, message: "'XX' is not an ISO 3166-1 alpha-2 code")))
        #expect(try ledger.entryCount() == 5)
        #expect(throws: RecordError.self) { try Self.request { $0["disclosedAt"] = nil } }
    }

    @Test(arguments: Backend.allCases)
    func verifyReportsAnEditedRequestAndReplaysItsVerdict(_ backend: Backend) throws {
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let (ledger, path) = try Self.ledger(in: directory)
        try ledger.record(govAccessRequests: [Self.request(), Self.unlawful()])
        // A consistent rewrite of the unlawful request's verdict (the tip, seq 6) passes the chain checks only.
        try K.rewriteTip(path, seq: 6, edit: K.clearingVerdict)
        try K.tamper(path) { try $0.execute("UPDATE gov_access_request SET status = 'compliant' WHERE seq = 6") }
        #expect(try K.problems(path) == [])
        #expect(try K.problems(path, policy: true) == ["6:policy"])

        try K.tamper(path) { raw in
            try raw.execute("UPDATE entry SET payload = replace(payload, 'GAR-2026-001', 'GAR-2026-009') WHERE seq = 5")
            try raw.execute("UPDATE gov_access_request SET country = 'US' WHERE seq = 6")
        }
        #expect(try K.problems(path).sorted() == ["5:hash", "5:projection", "6:projection"])
    }

    @Test(arguments: Backend.allCases)
    func theReportCountsTheLatestStateOfEachRequestReceivedInThePeriod(_ backend: Backend) throws {
        let directory = try backend.makeLocation()
        defer { directory.remove() }
        let (ledger, _) = try Self.ledger(in: directory)
        let pending = try Self.request {
            $0["outcome"] = .string("pending")
            $0["disclosedAt"] = nil
        }
        let outOfPeriod = try Self.request {
            $0["requestId"] = .string("GAR-2025-9")
            $0["receivedAt"] = .string("2025-12-31T23:59:59Z")
            $0["exporterNotifiedAt"] = .string("2026-01-02T00:00:00Z")
        }
        try ledger.record(govAccessRequests: [pending, Self.unlawful(), outOfPeriod])
        try ledger.record(govAccessRequest: Self.request())
        try ledger.register([Fixture.groupIdentity()])

        let signer = try MerkleFixtures.signer()
        let bundle = directory.file("bundle")
        let request = ReportRequest(reportID: "RPT-GAR", addressee: "CNIL", group: "Nordwind", generatedAt: Fixture.time("2026-12-01T00:00:00Z"),
                                    periodStart: Fixture.time("2026-01-01T00:00:00Z"), periodEnd: Fixture.time("2027-01-01T00:00:00Z"))
        _ = try ledger.exportReport(request, signer: signer, to: bundle)
        let report = String(decoding: try Data(contentsOf: URL(fileURLWithPath: bundle + "/report.json")), as: UTF8.self)
        let last = try #require(report.split(separator: "\n").last.map(String.init))
        let object = try #require(try JSONParser.parse("{" + last.dropFirst(2)).objectValue, "the line after the entries: \(last.prefix(40))")
        let rows = try #require(object["sections"]?.objectValue?["governmentAccess"])
        let expected = try JSONParser.parse(#"""
            [{"art48InternationalAgreement":1,"art48None":0,"art48OtherGround":0,"authorityType":"lawEnforcement","challenged":1,"country":"IN",
              "disclosed":0,"exporterNotified":1,"notificationProhibited":0,"partiallyDisclosed":1,"pending":0,"received":1,"refused":0,"withdrawn":0},
             {"art48InternationalAgreement":0,"art48None":1,"art48OtherGround":0,"authorityType":"nationalSecurity","challenged":1,"country":"IN",
              "disclosed":1,"exporterNotified":0,"notificationProhibited":0,"partiallyDisclosed":0,"pending":0,"received":1,"refused":0,"withdrawn":0}]
            """#)
        #expect(CanonicalJSON.encode(rows) == CanonicalJSON.encode(expected), "\(rows.canonicalText)")
        #expect(ReportVerifier.verify(bundle: bundle, keys: [signer.verifierKey]).problems.isEmpty)
    }

    /// Art. 48 is about third countries: a disclosure ordered by an authority of an EU/EEA member
    /// state lacks no Art. 48 basis, and SCC Clause 15's notifications do not apply to it.
    @Test(arguments: ["DE", "NO"])
    func anEEAAuthorityIsNotAnArt48Case(_ country: String) throws {
        let engine = PolicyEngine()
        let thirdCountry = engine.evaluate(try Self.unlawful(), registry: PolicyFixture.registry) { _ in true }
        #expect(thirdCountry.findings.contains { $0.check == "R24.noArt48Basis" && $0.severity == .fail })
        #expect(thirdCountry.flags.contains(.art47_2mReport))
        var request = try Self.unlawful()
        request.country = country
        let domestic = engine.evaluate(request, registry: PolicyFixture.registry) { _ in true }
        #expect(!domestic.findings.contains { $0.rule == .r24 }, "\(domestic.findings)")
        #expect(!domestic.flags.contains(.art47_2mReport))
    }
}
