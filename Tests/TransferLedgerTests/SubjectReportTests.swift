import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// Category-level subject access answers (Art. 15(1)(c), 15(2)) on both backends: the right
/// transfers in their latest version, named recipients and safeguards, and nothing private.
@Suite struct SubjectReportTests {
    typealias K = EntryKindFixture

    /// The fixture registry (seq 0–3) and: an employee transfer in the period with notes (4), a
    /// customer transfer (5), another exporter's (6), one before the period (7), and one corrected (8 → 9).
    static func ledger(_ scratch: ScratchLedger) throws -> Ledger {
        let ledger = try K.ledger(at: scratch.path)
        var inPeriod = K.compliant("svc-key-in-period")
        inPeriod.notes = "batch CHG-4411 rerun"
        var customers = K.compliant("svc-key-customers")
        customers.subjectCategories = [.customerIndividual]
        var otherExporter = K.compliant("svc-key-other-exporter")
        otherExporter.exporter = Party(entity: "NW-IN", role: .controller)
        var early = K.compliant("svc-key-early")
        early.occurredAt = Fixture.time("2025-06-01T00:00:00Z")
        let corrected = K.compliant("svc-key-corrected")
        try ledger.record(contentsOf: [inPeriod, customers, otherExporter, early, corrected])
        var fixed = corrected
        fixed.purposes = [.payroll]
        fixed.dataCategories = [.identity, .compensationPayroll]
        try ledger.record(correction: TransferCorrection(supersedes: 8, reason: .wrongDataDescription, transfer: fixed))
        return ledger
    }

    @Test(arguments: Backend.allCases)
    func theAnswerCountsTheLatestVersionsOfTheCategoryInThePeriod(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        _ = try Self.ledger(scratch)
        let ledger = try Ledger(path: scratch.path, readOnly: true)
        let answer = try ledger.subjectReport(exporter: "NW-FR", subjectCategory: .employee,
                                              from: Fixture.time("2026-01-01T00:00:00Z"), to: Fixture.time("2026-12-31T23:59:59Z"))
        #expect(answer.controllerName == "Nordwind SA")
        let flow = try #require(answer.disclosures.first)
        #expect(answer.disclosures.count == 1, "one recipient, country and safeguard")
        #expect(flow.transfers == 2, "the transfer in the period and the corrected one, once")
        #expect(flow.purposes == [.hrAdministration, .payroll], "the correction's purposes count, in the contract's order")
        #expect(flow.dataCategories == [.identity, .contact, .compensationPayroll])
        #expect(flow.recipient == .init(legalName: "Nordwind Technology India Pvt Ltd", country: "IN", role: .processor, groupMember: true))
        #expect(flow.destination == "IN" && flow.destinationName == "India")
        #expect(flow.safeguard.mechanism == .sccCommission && flow.safeguard.sccModule == .c2p)
        #expect(flow.safeguard.summary.contains("2021/914") && flow.safeguard.summary.contains("module 2, controller to processor"))

        let everything = try ledger.subjectReport(exporter: "NW-FR", subjectCategory: .employee)
        #expect(everything.disclosures.map(\.transfers) == [3], "without a period the early transfer counts too")
        #expect(try ledger.subjectReport(exporter: "NW-FR", subjectCategory: .customerIndividual).disclosures.map(\.transfers) == [1])
        #expect(try ledger.subjectReport(exporter: "NW-DE", subjectCategory: .employee).disclosures.isEmpty)
    }

    @Test(arguments: Backend.allCases)
    func theJSONAndHTMLHoldNoPrivateMemberAndNoRecipientCode(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Self.ledger(scratch)
        let answer = try ledger.subjectReport(exporter: "NW-FR", subjectCategory: .employee)
        let json = String(decoding: answer.json, as: UTF8.self)
        let html = SubjectAccessHTML.render(answer)
        #expect(json.hasPrefix("{\"controller\":\"Nordwind SA\",\"disclosures\":[{") && json.hasSuffix("}\n"))
        #expect(json.contains("\"format\":\"transferledger-subject-access/1\"") && json.contains("\"scope\":{\"exporter\":\"NW-FR\",\"kind\":\"category\",\"subjectCategory\":\"employee\"}"))
        for page in [json, html] {
            for secret in ["svc-key", "svc:test", "CHG-4411", "NW-IN", "idempotencyKey", "loggedBy", "notes"] {
                #expect(!page.contains(secret), "'\(secret)' disclosed")
            }
        }
        // Self-contained and printable: nothing fetched, no script, an A4 page rule.
        for external in ["<script", "src=", "<link", "url(", "http://", "@import"] {
            #expect(!html.contains(external), "'\(external)' in the page")
        }
        #expect(html.contains("@page { size: A4") && html.contains("Nordwind Technology India Pvt Ltd — India"))
        #expect(TagBalance.problems(in: html).isEmpty, "\(TagBalance.problems(in: html))")
    }

    @Test func markupInRegistryTextIsEscaped() throws {
        let organisation = SubjectAccessReport.Organisation(legalName: "<b>Evil & Co</b>", country: "IN", role: .processor, groupMember: false)
        let safeguard = SubjectAccessReport.Safeguard(mechanism: .adequacy, summary: "<script>x</script>")
        let answer = SubjectAccessReport(scope: .subject, controllerName: nil, from: nil, to: nil, generatedAt: Fixture.time("2026-01-01T00:00:00Z"), disclosures: [
            .init(exporter: organisation, recipient: organisation, destination: "IN", destinationName: "India", safeguard: safeguard,
                  purposes: [.payroll], dataCategories: [.identity], specialCategories: [], firstTransfer: Fixture.time("2026-01-01T00:00:00Z"),
                  lastTransfer: Fixture.time("2026-01-02T00:00:00Z"), transfers: 1)])
        let html = SubjectAccessHTML.render(answer)
        #expect(!html.contains("<b>Evil") && html.contains("&lt;b&gt;Evil &amp; Co&lt;/b&gt;") && !html.contains("<script>"))
        #expect(SubjectAccessHTML.render(answer) == html, "deterministic")
    }
}
