import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import LedgerStorage
@testable import TransferLedger

/// The policy engine wired into the ledger: verdicts judged on append against the registry recorded
/// before each transfer, stored in the hashed payload and projected for queries; `check` as a dry run;
/// registry facts as chained entries; `verify(policy:)` replaying the verdicts.
@Suite struct PolicyLedgerTests {
    typealias F = PolicyFixture

    /// A new ledger at `path` holding the §3.5 cast as registry facts (seq 0 … facts − 1).
    static func castLedger(at path: String) throws -> Ledger {
        let ledger = try Ledger.create(at: path)
        let receipts = try ledger.register(F.decodedFacts())
        #expect(receipts.map(\.seq) == Array(0..<UInt64(F.facts.count)))
        #expect(receipts.allSatisfy { $0.verdict == nil && !$0.duplicate })
        return ledger
    }

    static var facts: UInt64 { UInt64(F.facts.count) }

    /// Compliant: GRP-FR → GRP-IN payroll under BCR-C with its TIA and measures.
    static var compliant: Transfer {
        var transfer = PolicyRulesTests.payrollToIndia
        transfer.idempotencyKey = "policy-compliant"
        return transfer
    }

    /// Warned only: the client's own leg to GRP-IN under the group's BCR-P (R5b.clientLeg).
    static var warned: Transfer {
        F.transfer("CLIENT-DE", .controller, "GRP-IN", .processor, to: "IN", .bcrProcessor, ref: "BCR-P-2019-v2",
                   data: [.identity], purposes: [.serviceDeliveryToClient], subjects: [.clientEndUser]) {
            $0.onBehalfOf = "CLIENT-DE"
            $0.contractRefs = ["CSA-CLIENT-DE-2024"]
            $0.tiaRef = "TIA-IN-2026-03"
            $0.supplementaryMeasures = [.encryptionKeysInEEA]
            $0.idempotencyKey = "policy-warned"
        }
    }

    /// Non-compliant: SCCs to VEND-US logged as module 1 where the roles make it module 2 (R6).
    static var nonCompliant: Transfer {
        var transfer = PolicyRulesTests.toVendor(module: .c2c)
        transfer.idempotencyKey = "policy-noncompliant"
        return transfer
    }

    static func query(status: ValidationStatus? = nil, rule: String? = nil) -> TransferQuery {
        var query = TransferQuery()
        query.status = status
        query.rule = rule
        return query
    }

    // MARK: Verdicts on append

    @Test(arguments: Backend.allCases)
    func everyTransferIsRecordedWithItsVerdictLogDontDrop(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Self.castLedger(at: scratch.path)
        let receipts = try ledger.record(contentsOf: [Self.compliant, Self.warned, Self.nonCompliant])

        // All three are recorded, the non-compliant one included.
        #expect(receipts.map(\.seq) == [Self.facts, Self.facts + 1, Self.facts + 2])
        #expect(try ledger.entryCount() == Self.facts + 3)
        #expect(receipts.map { $0.verdict?.status } == [.compliant, .compliantWithWarnings, .nonCompliant])

        let compliant = try #require(receipts[0].verdict)
        #expect(compliant.findings.isEmpty && compliant.rules.isEmpty)
        let warned = try #require(receipts[1].verdict)
        #expect(warned.rules == [.r5b], "\(warned.findings)")
        #expect(warned.findings.allSatisfy { $0.severity == .warn })
        let failed = try #require(receipts[2].verdict)
        #expect(failed.rules.contains(.r6), "\(failed.findings)")
        #expect(failed.findings.contains { $0.severity == .fail && $0.rule == .r6 })

        // The verdict is in the hashed payload, member `validation`, exactly as the receipt has it.
        for receipt in receipts {
            let entry = try ledger.entry(at: receipt.seq)
            let payload = try #require(try JSONParser.parse(entry.payload).objectValue)
            let validation = try #require(payload["validation"])
            #expect(validation == receipt.verdict?.jsonValue)
            #expect(Set(validation.objectValue?.keys.map { $0 } ?? []) == ["findings", "flags", "ruleSetVersion", "status"])
            #expect(validation.objectValue?["ruleSetVersion"] == .string(PolicyEngine.ruleSetVersion))
        }

        // Stored status and rules, through the status and rule filters.
        let recorded = try ledger.transfers(matching: TransferQuery())
        #expect(recorded.map(\.verdict) == receipts.map(\.verdict))
        #expect(try ledger.keys(matching: Self.query(status: .compliant)) == ["policy-compliant"])
        #expect(try ledger.keys(matching: Self.query(status: .compliantWithWarnings)) == ["policy-warned"])
        #expect(try ledger.keys(matching: Self.query(status: .nonCompliant)) == ["policy-noncompliant"])
        #expect(try ledger.keys(matching: Self.query(status: .exceptionApproved)) == [])
        #expect(try ledger.keys(matching: Self.query(rule: "R5b")) == ["policy-warned"])
        #expect(try ledger.keys(matching: Self.query(rule: "R6")) == ["policy-noncompliant"])
        #expect(try ledger.keys(matching: Self.query(rule: "R99")) == [])
        #expect(try ledger.keys(matching: Self.query(status: .compliant, rule: "R6")) == [])
        #expect(try ledger.keys(matching: Self.query(status: .nonCompliant, rule: "R6")) == ["policy-noncompliant"])

        let report = try ledger.verify()
        #expect(report.isIntact, "\(report.problems)")
    }

    @Test(arguments: Backend.allCases)
    func aRetryReturnsThePolicyVerdict(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Self.castLedger(at: scratch.path)
        let first = try ledger.record(Self.nonCompliant)
        let retry = try ledger.record(Self.nonCompliant)
        #expect(retry.duplicate && retry.seq == first.seq)
        #expect(retry.verdict == first.verdict && retry.verdict?.status == .nonCompliant)
        #expect(try ledger.entryCount() == Self.facts + 1)
    }

    @Test(arguments: Backend.allCases)
    func withAnEmptyRegistryEveryTransferIsRecordedAsNonCompliant(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Ledger.create(at: scratch.path)
        let receipt = try ledger.record(Self.compliant)
        #expect(receipt.seq == 0)
        #expect(receipt.verdict?.status == .nonCompliant)
        #expect(receipt.verdict?.rules == [.registry], "\(receipt.verdict?.findings ?? [])")
        #expect(try ledger.keys(matching: Self.query(rule: "REG")) == ["policy-compliant"])
    }

    // MARK: check

    @Test(arguments: Backend.allCases)
    func checkWritesNothingAndGivesTheVerdictRecordThenStores(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Self.castLedger(at: scratch.path)
        let transfers = [Self.compliant, Self.warned, Self.nonCompliant]
        let checked = try ledger.check(transfers)
        #expect(try ledger.entryCount() == Self.facts, "check must not write")
        #expect(try ledger.transfers(matching: TransferQuery()).isEmpty)
        #expect(checked.map(\.status) == [.compliant, .compliantWithWarnings, .nonCompliant])
        #expect(try ledger.check(Self.nonCompliant) == checked[2])

        // From a read-only ledger too, as `ledger check` opens it.
        let readOnly = try Ledger(path: ledger.path, readOnly: true)
        #expect(try readOnly.check(transfers) == checked)

        let receipts = try ledger.record(contentsOf: transfers)
        #expect(receipts.map(\.verdict) == checked.map(Optional.some))
    }

    @Test(arguments: Backend.allCases)
    func checkRefusesAStructurallyInvalidTransferLikeRecord(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Self.castLedger(at: scratch.path)
        var invalid = Self.nonCompliant
        invalid.destination = "XX"
        let error = try #require(throws: LedgerError.self) { try ledger.check([Self.compliant, invalid]) }
        guard case .rejected(let rejection) = error else { Issue.record("expected .rejected, got \(error)"); return }
        #expect(rejection.record == 2 && rejection.field == "destination", "\(rejection)")
        #expect(try ledger.entryCount() == Self.facts)
    }

    // MARK: Registry facts in the chain

    @Test(arguments: Backend.allCases)
    func registryFactsAreChainedEntriesReadBackInOrder(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Self.castLedger(at: scratch.path)
        let stored = try ledger.registryFacts()
        #expect(stored.map(\.seq) == Array(0..<Self.facts))
        #expect(stored.map(\.fact) == (try F.decodedFacts()))
        let entry = try ledger.entry(at: 0)
        #expect(entry.kind == .registry)
        let payload = try #require(try JSONParser.parse(entry.payload).objectValue)
        #expect(payload["kind"] == .string("entity") && payload["fact"]?.objectValue?["code"] == .string("GRP-FR"))
        #expect(try ledger.verify().isIntact)
    }

    struct Contradiction: CustomTestStringConvertible, Sendable {
        let name: String
        let fact: @Sendable () throws -> RegistryFact
        let field: String
        let rule: RecordError.Rule
        var testDescription: String { name }
    }

    @Test(arguments: Backend.allCases, [
        Contradiction(name: "a second entity with the same code", fact: {
            try RegistryFact(line: JSONParser.parse(#"{"kind":"entity","code":"GRP-FR","legalName":"Another SA","country":"FR","groupMember":true,"validFrom":"2020-01-01"}"#))
        }, field: "id", rule: .duplicateValue),
        Contradiction(name: "a membership ending before it starts", fact: {
            .membership(BcrMembership(id: "M-CH-C", entity: "GRP-CH", instrument: "BCR-C-2019-v4",
                                      validity: Validity(from: try #require(Day("2027-09-01")), until: Day("2027-08-31"))))
        }, field: "validUntil", rule: .windowBeforeStart),
    ])
    func aContradictingFactIsRejectedByPositionAndNothingIsWritten(_ backend: Backend, _ example: Contradiction) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Self.castLedger(at: scratch.path)
        let valid = try RegistryFact(line: JSONParser.parse(#"{"kind":"entity","code":"GRP-NEW","legalName":"New SA","country":"FR","groupMember":true,"validFrom":"2026-01-01"}"#))
        let bad = try example.fact()

        let other = RegistryFact.entity(LegalEntity(code: "GRP-NEW-2", legalName: "New GmbH", country: "DE", groupMember: true,
                                                     validity: Validity(from: try #require(Day("2026-01-01")))))

        // The bad fact is the third of the batch: the valid facts before it are not written either.
        var rejected = false
        do {
            let error = try #require(throws: LedgerError.self) { try ledger.register([valid, other, bad]) }
            guard case .rejected(let rejection) = error else { Issue.record("expected .rejected, got \(error)"); return }
            rejected = true
            #expect(rejection.record == 3, "\(rejection)")
            #expect(rejection.field == example.field && rejection.rule == example.rule, "\(rejection)")
        }
        #expect(rejected)
        #expect(try ledger.entryCount() == Self.facts, "nothing of the batch is written")
        #expect(try ledger.registryFacts().count == F.facts.count)
        // The refused batch left the ledger's registry as it was: the valid facts can still be registered.
        #expect(try ledger.register([valid, other]).map(\.seq) == [Self.facts, Self.facts + 1])
        #expect(try ledger.verify().isIntact)
    }

    @Test func aContradictingLineIsRejectedWhenDecoded() throws {
        // Through JSON (as `registry add` reads it) the same membership never becomes a fact.
        let error = try #require(throws: RecordError.self) {
            try RegistryFact(line: JSONParser.parse(#"{"kind":"membership","id":"M-MA-2","entity":"GRP-MA","instrument":"BCR-C-2019-v4","validFrom":"2027-09-01","validUntil":"2027-08-31"}"#))
        }
        #expect(error.field == "validUntil" && error.rule == .windowBeforeStart, "\(error)")
    }

    // MARK: Temporal judgement

    @Test(arguments: Backend.allCases)
    func aMembershipBindsFromItsFirstDayNotTheDayBefore(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Self.castLedger(at: scratch.path)
        func toMorocco(on day: String) -> Transfer {
            F.transfer("GRP-FR", .controller, "GRP-MA", .processor, to: "MA", .bcrController, ref: "BCR-C-2019-v4", on: day) {
                $0.tiaRef = "TIA-MA-2026"
                $0.idempotencyKey = "morocco-\(day)"
            }
        }
        let before = try ledger.record(toMorocco(on: "2026-08-31"))
        let onTheDay = try ledger.record(toMorocco(on: "2026-09-01"))
        #expect(before.verdict?.status == .nonCompliant)
        #expect(before.verdict?.rules == [.r5a], "\(before.verdict?.findings ?? [])")
        #expect(before.verdict?.findings.contains { $0.message.contains("2026-09-01") } == true, "\(before.verdict?.findings ?? [])")
        #expect(onTheDay.verdict?.status == .compliant, "\(onTheDay.verdict?.findings ?? [])")
        #expect(try ledger.keys(matching: Self.query(rule: "R5a")) == ["morocco-2026-08-31"])
    }

    // MARK: Other writers

    @Test(arguments: Backend.allCases)
    func registryFactsRecordedByAnotherLedgerAreSeenByTheNextJudgement(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = scratch.path
        let service = try Ledger.create(at: path)
        var early = Self.compliant
        early.idempotencyKey = "before-the-registry"
        // Nothing registered yet: unknown parties.
        #expect(try service.check(Self.compliant).status == .nonCompliant)
        #expect(try service.record(early).verdict?.rules == [.registry])

        // Another connection (another service or process) records the registry.
        let registrar = try Ledger(path: path)
        try registrar.register(F.decodedFacts())

        #expect(try service.check(Self.compliant).status == .compliant)
        let later = try service.record(Self.compliant)
        #expect(later.seq == 1 + Self.facts)
        #expect(later.verdict?.status == .compliant, "\(later.verdict?.findings ?? [])")
        #expect(try service.registryFacts().count == F.facts.count)

        // And the other way round: a correction recorded by this ledger reaches the other one.
        try service.register([RegistryFact(line: JSONParser.parse(
            #"{"kind":"tia","id":"TIA-IN-2026-03","revision":2,"destination":"IN","importers":["GRP-IN"],"outcome":"suspend","validFrom":"2026-04-01","reviewDue":"2027-03-01","requiredMeasures":["encryptionKeysInEEA"],"coversSpecialCategories":true}"#))])
        let suspended = try registrar.check(Self.compliant)
        #expect(suspended.status == .nonCompliant, "the TIA now says suspend: \(suspended.findings)")
        #expect(suspended.rules.map(\.rawValue) == ["R7"], "\(suspended.findings)")
    }

    // MARK: verify --policy

    /// A cast ledger with the three transfers, closed; returns its path.
    static func judgedLedger(in scratch: ScratchLedger) throws -> String {
        let path = scratch.path
        let ledger = try castLedger(at: path)
        try ledger.record(contentsOf: [compliant, warned, nonCompliant])
        return path
    }

    @Test(arguments: Backend.allCases)
    func anHonestLedgerReplaysWithoutPolicyProblems(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Ledger(path: Self.judgedLedger(in: scratch), readOnly: true)
        let plain = try ledger.verify()
        #expect(plain.isIntact && !plain.policyChecked && plain.policyFindings.isEmpty)
        let replayed = try ledger.verify(policy: true)
        #expect(replayed.isIntact, "\(replayed.problems)")
        #expect(replayed.policyChecked)
        #expect(!replayed.problems.contains { $0.check == .policy })
        #expect(replayed.entriesChecked == Self.facts + 3)
    }

    @Test(arguments: Backend.allCases)
    func aConsistentRewriteOfAVerdictsStatusIsCaughtWithoutTheReplay(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = try Self.judgedLedger(in: scratch)
        let seq = Self.facts + 2
        // The attacker marks the non-compliant transfer compliant in its payload and in the status column,
        // then recomputes every later hash and link and the Merkle nodes: the chain is consistent again.
        let raw = try scratch.raw()
        try raw.tamper { raw in
            let entry = try #require(try raw.entries().first { $0.seq == seq })
            let text = String(decoding: entry.payload, as: UTF8.self)
            #expect(text.components(separatedBy: #""status":"nonCompliant""#).count == 2)
            let edited = text.replacingOccurrences(of: #""status":"nonCompliant""#, with: #""status":"compliant""#)
            try raw.setPayload(seq: seq, Array(edited.utf8))
            try raw.run("UPDATE transfer SET status = 'compliant' WHERE seq = ?", .integer(Int64(seq)))
            try raw.rehash(from: seq)
        }
        let ledger = try Ledger(path: path, readOnly: true)
        // The status no longer follows from the findings' severities (FORMAT.md §4.1): a plain verify sees it.
        let plain = try ledger.verify()
        #expect(plain.problems.map(\.check) == [.payload], "\(plain.problems)")
        #expect(plain.problems.first?.seq == seq)
        #expect(plain.problems.first?.message.contains("contradicts its findings") == true, "\(plain.problems)")
        var compliant = TransferQuery()
        compliant.status = .compliant
        #expect(try ledger.keys(matching: compliant) == ["policy-compliant", "policy-noncompliant"])

        let replayed = try ledger.verify(policy: true)
        #expect(!replayed.isIntact)
        #expect(replayed.problems.map(\.check) == [.payload, .policy], "\(replayed.problems)")
        let problem = try #require(replayed.problems.last)
        #expect(problem.seq == seq)
        #expect(problem.message.contains("compliant") && problem.message.contains("nonCompliant"), "\(problem.message)")
    }

    @Test(arguments: Backend.allCases)
    func anAlteredStatusColumnIsAProjectionProblem(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = try Self.judgedLedger(in: scratch)
        let seq = Self.facts + 2
        try scratch.raw().tamper { try $0.run("UPDATE transfer SET status = 'compliant' WHERE seq = ?", .integer(Int64(seq))) }
        for policy in [false, true] {
            let report = try Ledger(path: path, readOnly: true).verify(policy: policy)
            #expect(report.problems.map(\.check) == [.projection], "policy: \(policy): \(report.problems)")
            #expect(report.problems.first?.seq == seq)
        }
    }

    @Test(arguments: Backend.allCases)
    func anAlteredRuleRowIsAProjectionProblem(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = try Self.judgedLedger(in: scratch)
        let seq = Self.facts + 2
        try scratch.raw().tamper { try $0.run("DELETE FROM transfer_rule WHERE seq = ?", .integer(Int64(seq))) }
        let report = try Ledger(path: path, readOnly: true).verify()
        #expect(report.problems.map(\.check) == [.projection], "\(report.problems)")
        #expect(report.problems.first?.seq == seq)
    }
}
