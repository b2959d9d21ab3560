import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import LedgerPostgreSQL
@testable import TransferLedger

/// Erasure (FORMAT.md §4.6): private documents go, the chain and everything proven about it stays.
@Suite struct ErasureTests {
    /// A checkpoint and proofs made before an erasure still verify after it, and so does the ledger.
    @Test(arguments: Backend.allCases)
    func checkpointsAndProofsSurviveAnErasure(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try MerkleFixtures.makeLedger(at: scratch.path, count: 8)
        let signer = try MerkleFixtures.signer()
        let before = try ledger.checkpoint(signedBy: [signer])        // seq 8, signs size 8
        let checkpoint = try Checkpoint(parsing: before.text)
        let proof = try ledger.inclusionProof(for: 3, checkpoint: before)

        let outcome = try ledger.erase(ErasureRequest(.entries([5, 3]), reason: .art17Request, reference: "DSR-1"))
        let receipt = try #require(outcome.receipt)
        #expect(receipt.seq == 9)
        #expect(outcome.items.map(\.seq) == [3, 5], "items are in canonical order")
        #expect(try ledger.erasure(of: 3) == 9 && ledger.erasure(of: 4) == nil)

        let after = try ledger.checkpoint(signedBy: [signer])
        #expect(throws: Never.self) { try proof.verify(against: checkpoint) }
        #expect(try ledger.inclusionProof(for: 3, checkpoint: before) == proof)
        let consistency = try ledger.consistencyProof(from: before, to: after)
        #expect(throws: Never.self) { try consistency.verify(from: checkpoint, to: Checkpoint(parsing: after.text)) }
        let report = try Ledger(path: scratch.path, readOnly: true).verify(checkpoints: [before, after], keys: [signer.verifierKey], policy: true)
        #expect(report.isIntact, "\(report.problems)")

        // Queries still list the transfer, marked erased, with its public members intact.
        let erased = try #require(ledger.transfers(matching: TransferQuery()).first { $0.seq == 3 })
        #expect(erased.erasedBy == 9)
        #expect(erased.transfer.idempotencyKey == "erased" && erased.transfer.loggedBy == "erased" && erased.transfer.notes == nil)
        #expect(erased.hash == (try ledger.entry(at: 3).hash))
    }

    /// Refusals name the entry and the rule and write nothing.
    @Test(arguments: Backend.allCases)
    func refusalsWriteNothing(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try MerkleFixtures.makeLedger(at: scratch.path, count: 3)
        _ = try ledger.checkpoint(signedBy: [try MerkleFixtures.signer()])   // seq 3
        _ = try ledger.erase(ErasureRequest(.entries([0]), reason: .unlawfullyRecorded))   // seq 4
        let cases: [(ErasureRequest, RecordError.Rule, String)] = [
            (ErasureRequest(.entries([9]), reason: .art17Request), .unknownTarget, "there is no entry 9"),
            (ErasureRequest(.entries([3]), reason: .art17Request), .unknownTarget, "entry 3 is of kind checkpoint"),
            (ErasureRequest(.entries([0]), reason: .art17Request), .alreadyErased, "already erased by entry 4"),
            (ErasureRequest(.entries([1, 1]), reason: .art17Request), .duplicateValue, "named twice"),
            (ErasureRequest(.entries([]), reason: .art17Request), .empty, "at least one"),
            (ErasureRequest(.entries([1]), reason: .art17Request, reference: "mail jane.doe@example.com"), .personalData, "e-mail"),
            (ErasureRequest(.retentionPolicy, reason: .retentionPeriod), .missingField, "no retention policy"),
        ]
        for (request, rule, message) in cases {
            let error = #expect(throws: LedgerError.self) { try ledger.erase(request) }
            guard case .rejected(let rejection)? = error else { Issue.record("\(request): \(String(describing: error))"); continue }
            #expect(rejection.rule == rule, "\(request)")
            #expect(rejection.description.contains(message), "\(rejection)")
            #expect(try ledger.entryCount() == 5)
        }
        #expect(try ledger.verify().isIntact)
    }

    /// By date, then by the retention policy recorded in the registry: idempotent, nothing appended
    /// when nothing is left.
    @Test(arguments: Backend.allCases)
    func byDateAndByRetentionPolicy(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Ledger.create(at: scratch.path)
        var old = MerkleFixtures.transfers(1, seed: 3)[0]
        old.occurredAt = try Timestamp(rfc3339: "2019-06-01T00:00:00Z")
        old.windowEnd = nil
        var recent = MerkleFixtures.transfers(1, seed: 4)[0]
        recent.occurredAt = Timestamp.now()
        recent.windowEnd = nil
        try ledger.record(contentsOf: [old, recent])                      // 0, 1

        let byDate = try ledger.erase(ErasureRequest(.occurredBefore(try #require(Day("2019-06-01"))), reason: .retentionPeriod))
        #expect(byDate.receipt == nil && byDate.items.isEmpty, "the bound is exclusive")
        let policy = RetentionPolicy(id: "RET-1", period: .years(5), validity: Validity(from: try #require(Day("2020-01-01"))))
        try ledger.register([.retentionPolicy(policy)])                 // 2
        #expect(try RegistryFact(kind: "retentionPolicy", json: RegistryFact.retentionPolicy(policy).jsonValue) == .retentionPolicy(policy))

        let first = try ledger.erase(ErasureRequest(.retentionPolicy, reason: .retentionPeriod))
        #expect(first.receipt?.seq == 3)
        #expect(first.items.map(\.seq) == [0])
        #expect(first.before == policy.cutoff(asOf: Day(Timestamp.now())))
        let payload = try ErasurePayload(bytes: ledger.entry(at: 3).payload)
        #expect(payload.reason == .retentionPeriod && payload.reference == "RET-1", "the policy applied is named")
        let second = try ledger.erase(ErasureRequest(.retentionPolicy, reason: .retentionPeriod))
        #expect(second.receipt == nil && second.items.isEmpty)
        #expect(try ledger.entryCount() == 4)
        #expect(try ledger.verify(policy: true).isIntact)
    }

    @Test func retentionCutoffs() throws {
        let leap = try #require(Day("2028-02-29"))
        let years = RetentionPolicy(id: "R", period: .years(1), validity: Validity(from: leap))
        #expect(years.cutoff(asOf: leap).description == "2027-02-28")
        let days = RetentionPolicy(id: "R", period: .days(30), validity: Validity(from: leap))
        #expect(days.cutoff(asOf: leap).description == "2028-01-30")
        for bad in [#"{"id":"R","validFrom":"2026-01-01"}"#, #"{"id":"R","years":1,"days":2,"validFrom":"2026-01-01"}"#,
                    #"{"id":"R","years":0,"validFrom":"2026-01-01"}"#] {
            #expect(throws: RecordError.self, "\(bad)") { try RetentionPolicy(json: JSONParser.parse(bad)) }
        }
    }

    /// A private document deleted without an erasure entry is reported at its entry; so is an erasure
    /// whose index rows were removed. The triggers refuse the deletion itself.
    @Test(arguments: Backend.allCases)
    func deletionsWithoutAnErasureAreReported(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try MerkleFixtures.makeLedger(at: scratch.path, count: 4)
        _ = try ledger.erase(ErasureRequest(.entries([1]), reason: .art17Request))    // seq 4
        let raw = try scratch.raw()
        #expect(throws: (any Error).self, "the trigger refuses a delete no erasure names") {
            try raw.execute("DELETE FROM transfer_private WHERE seq = 2")
        }
        #expect(throws: (any Error).self) { try raw.execute("DELETE FROM erasure_item") }
        try scratch.tamper(sql: "DELETE FROM transfer_private WHERE seq = 2")
        let report = try Ledger(path: scratch.path, readOnly: true).verify()
        #expect(!report.isIntact)
        #expect(report.problems.contains { $0.seq == 2 && $0.message.contains("no erasure entry names it") }, "\(report.problems)")
        #expect(!report.problems.contains { $0.seq == 1 }, "the erased document is accepted")

        try scratch.tamper(sql: "DELETE FROM erasure_item")
        let withoutRows = try Ledger(path: scratch.path, readOnly: true).verify()
        #expect(withoutRows.problems.contains { $0.seq == 4 && $0.check == .projection }, "\(withoutRows.problems)")
    }

    /// An erased ledger copies both ways, and each copy verifies with the erasure in it.
    @Test func anErasedLedgerCopiesBothWays() throws {
        let file = try Backend.sqlite.makeLocation()
        defer { file.remove() }
        let database = try Backend.postgres.makeLocation()
        defer { database.remove() }
        let back = try Backend.sqlite.makeLocation("back.ledger")
        defer { back.remove() }
        let ledger = try MerkleFixtures.makeLedger(at: file.path, count: 5)
        _ = try ledger.erase(ErasureRequest(.entries([2]), reason: .art17Request))
        try Ledger.copy(from: LedgerLocation(file.path), to: LedgerLocation(database.path))
        try Ledger.copy(from: LedgerLocation(database.path), to: LedgerLocation(back.path))
        for path in [database.path, back.path] {
            let copy = try Ledger(path: path, readOnly: true)
            #expect(try copy.verify().isIntact)
            #expect(try copy.erasure(of: 2) == 5)
            #expect(try copy.entry(at: 5) == ledger.entry(at: 5))
        }
    }

    /// The writer role may erase (DELETE on transfer_private, which the trigger limits to erased
    /// documents) but not VACUUM, which it is told to ask the owner for; the pool erases too.
    @Test func theWriterRoleErasesAndIsToldAboutVacuum() async throws {
        let database = try PostgreSQLLedgerDatabase()
        defer { database.drop() }
        try MerkleFixtures.record(3, into: Ledger(path: database.ownerURI), seed: 7)
        let pool = try LedgerPool(path: database.writerURI)
        let outcome = try await pool.erase(ErasureRequest(.entries([1]), reason: .art17Request))
        #expect(outcome.receipt?.seq == 3)
        #expect(outcome.notice?.contains("VACUUM transfer_private") == true, "\(String(describing: outcome.notice))")
        let writer = try PostgresConnection(uri: database.writerURI)
        #expect(throws: PostgresError.self) { try writer.execute("DELETE FROM transfer_private WHERE seq = 2") }
        #expect(throws: PostgresError.self) { try writer.execute("DELETE FROM erasure_item") }
        #expect(try await pool.verify().isIntact)
    }

    /// FORMAT.md example 5, recomputed from the digests of examples 1 and 3.
    @Test func theErasureExampleRecomputes() throws {
        typealias Format = FormatExampleTests
        let digest = { (label: String) throws -> Digest in
            let payload = try Format.block(label)
            return try #require(TransferPayload.commitment(kind: label == "example-1-payload" ? .transfer : .correction, payload: Array(payload.utf8))?.digest)
        }
        let payload = try ErasurePayload(items: [
            ErasureItem(seq: 2, kind: .privateDocument, digest: try digest("example-3-payload")),
            ErasureItem(seq: 0, kind: .privateDocument, digest: try digest("example-1-payload")),
        ], reason: .art17Request, reference: "DSR-2026-0042")
        #expect(String(decoding: payload.canonicalBytes, as: UTF8.self) == (try Format.block("example-5-payload")))
        #expect(try ErasurePayload(bytes: payload.canonicalBytes) == payload)
        let previous = try #require(Digest(hex: try Format.block("example-3-hash")))
        let bytes = EntryEncoding.canonicalBytes(format: 1, seq: 3, kind: .erasure, recordedAt: "2026-06-01T00:00:00Z", previousHash: previous,
                                                 payload: payload.canonicalBytes)
        #expect(Hex.encode(bytes) == (try Format.block("example-5-entry")).split(separator: "\n").joined())
        #expect(SHA256().leafHash(bytes).hex == (try Format.block("example-5-hash")))
    }

    /// A stored payload is read strictly: order, known item kinds, no repetition.
    @Test func erasurePayloadsAreReadStrictly() {
        let digest = String(repeating: "ab", count: 32)
        for (text, rule) in [
            (#"{"items":[],"reason":"art17Request"}"#, RecordError.Rule.empty),
            (#"{"items":[{"digest":"\#(digest)","kind":"token","seq":0}],"reason":"art17Request"}"#, .unknownValue),
            (#"{"items":[{"digest":"\#(digest)","kind":"private","seq":2},{"digest":"\#(digest)","kind":"private","seq":1}],"reason":"art17Request"}"#, .wrongType),
            (#"{"items":[{"digest":"\#(digest)","kind":"private","seq":1},{"digest":"\#(digest)","kind":"private","seq":1}],"reason":"art17Request"}"#, .duplicateValue),
            (#"{"items":[{"digest":"\#(digest.uppercased())","kind":"private","seq":1}],"reason":"art17Request"}"#, .wrongType),
            (#"{"items":[{"digest":"\#(digest)","kind":"private","seq":1}],"reason":"tidiness"}"#, .unknownValue),
            (#"{"items":[{"digest":"\#(digest)","kind":"private","seq":1}],"reason":"art17Request","extra":1}"#, .unknownField),
        ] {
            let error = #expect(throws: RecordError.self, "\(text)") { try ErasurePayload(bytes: Array(text.utf8)) }
            #expect(error?.rule == rule, "\(text): \(String(describing: error))")
        }
    }
}
