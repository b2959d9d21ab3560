import LedgerSample
import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// A query decodes its rows with one `PayloadDecoder`, which remembers the values it has read by their
/// bytes (`SpellingCache`): these tests check that what it returns, row after row, is what the general
/// decoder reads from each row alone.
@Suite struct QueryDecodeTests {
    /// Sample transfers with the spellings a cache could confuse: escapes and non-ASCII text, lists
    /// and parties whose strings hold the byte that ends a list (`]`) or an object (`}`), fractional
    /// times, `onBehalfOf`, notes; many values repeat from transfer to transfer, as in a real ledger.
    /// `recordable` keeps codes (references, entities) to what the intake accepts, and such bytes to
    /// free text.
    static func transfers(count: Int, seed: UInt64, recordable: Bool = false) -> [Transfer] {
        var generator = SplitMix64(seed: seed)
        return SampleGroup.transfers(count: count, endingAt: SampleGroup.yearEnd, seed: seed).enumerated().map { index, sample in
            var transfer = sample
            switch index % 7 {
            // No control characters: the intake refuses them in free text (CanonicalFormTests reads them).
            case 0: transfer.notes = "Zeile \(index): \"Q\" \\ ü 𝄞 ]}"
            case 1: transfer.contractRefs = recordable ? ["DPA-\(index % 3)", "SPA-Ü"] : ["DPA]\(index % 3)", "SPA-\"Ü\""]
            case 2: transfer.mechanismRef = recordable ? "SCC-Ωmega-\(index % 4)" : "SCC-\\Ωmega-\(index % 4)"
            case 3: transfer.occurredAt = Timestamp(microseconds: transfer.occurredAt.microseconds + Int64.random(in: 1..<1_000_000, using: &generator))
            case 4: transfer.onBehalfOf = recordable ? "CLIENT-ACME-\(index % 2)" : "CLIENT-}\(index % 2)"
            case 5: transfer.art10Basis = "Art. 10 \"(b)\" ]} é \(index % 3)"
            default: break
            }
            return transfer
        }
    }

    @Test(arguments: [UInt64(41), 42])
    func oneDecoderReadsEveryPayloadAsTheGeneralDecoderDoes(seed: UInt64) throws {
        let decoder = PayloadDecoder()
        for (index, transfer) in Self.transfers(count: 600, seed: seed).enumerated() {
            var payload = TransferPayload(transfer: transfer, region: .adequate, referenceData: ReferenceData.embedded.version)
            payload.verdict = PolicyEngine().evaluate(transfer, registry: Registry())
            let document = payload.privateDocument
            let bytes = payload.canonicalBytes(privateDocument: document)
            let decoded = try bytes.withUnsafeBufferPointer { bytes in
                try document.withUnsafeBufferPointer { try decoder.decode(payload: bytes, document: $0) }
            }
            let general = try TransferPayload(decodingInGeneral: bytes, privateDocument: document)
            #expect(decoded.isCanonical, "seed \(seed), transfer \(index): the ledger's own bytes take the fast path")
            #expect(CanonicalDecoderTests.same(decoded.payload, general), "seed \(seed), transfer \(index)")
            #expect(CanonicalDecoderTests.same(decoded.payload, payload), "seed \(seed), transfer \(index)")
        }
    }

    /// A remembered spelling followed by other bytes: the cache must not hide them. After each `]`,
    /// `}` and `"` in turn (ends of lists, parties, strings, or bytes inside a string) a space or an
    /// `x` is inserted; the one decoder, its caches warm, must agree with the general decoder.
    @Test func aRememberedValueDoesNotHideWhatFollowsIt() throws {
        let decoder = PayloadDecoder()
        let transfer = Self.transfers(count: 2, seed: 7)[1]
        var payload = TransferPayload(transfer: transfer, region: .adequate, referenceData: ReferenceData.embedded.version)
        payload.verdict = PolicyEngine().evaluate(transfer, registry: Registry())
        let document = payload.privateDocument
        let bytes = payload.canonicalBytes(privateDocument: document)
        func decode(_ bytes: [UInt8]) throws -> (payload: TransferPayload, isCanonical: Bool) {
            try bytes.withUnsafeBufferPointer { bytes in
                try document.withUnsafeBufferPointer { document in try decoder.decode(payload: bytes, document: document) }
            }
        }
        #expect(try decode(bytes).isCanonical)
        var refused = 0, general = 0
        for (offset, byte) in bytes.enumerated() where [UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "\"")].contains(byte) {
            for inserted in [UInt8(ascii: " "), UInt8(ascii: "x")] {
                var damaged = bytes
                damaged.insert(inserted, at: offset + 1)
                let context = "\(inserted == 32 ? "space" : "x") after offset \(offset): \(String(decoding: damaged, as: UTF8.self))"
                let expected = try? TransferPayload(decodingInGeneral: damaged, privateDocument: document)
                guard let decoded = try? decode(damaged) else {
                    #expect(expected == nil, "\(context)")
                    refused += 1
                    continue
                }
                if !decoded.isCanonical { general += 1 }
                #expect(expected.map { CanonicalDecoderTests.same($0, decoded.payload) } == true, "\(context)")
                if decoded.isCanonical { #expect(decoded.payload.canonicalBytes(privateDocument: document) == damaged, "\(context)") }
            }
        }
        #expect(refused > 20 && general > 20, "refused \(refused), read by the general decoder \(general)")
    }

    /// Through the ledger: every row a query returns, with erased documents and a correction among
    /// them, equals the row read by the general decoder from its stored payload alone.
    @Test(arguments: Backend.allCases)
    func queriedTransfersEqualTheirStoredPayloads(_ backend: Backend) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let ledger = try Ledger.create(at: scratch.path)
        let transfers = Self.transfers(count: 300, seed: 9, recordable: true)
        let receipts = try ledger.record(contentsOf: transfers)
        let erased: Set<UInt64> = [receipts[3].seq, receipts[10].seq, receipts[200].seq]
        _ = try ledger.erase(ErasureRequest(.entries(erased.sorted()), reason: .art17Request, reference: "DSR-7"))
        var corrected = transfers[20]
        corrected.mechanismRef = "SCC-corrected"
        let correction = try ledger.record(correction: TransferCorrection(supersedes: receipts[20].seq, reason: .wrongReference, transfer: corrected))

        let byKey = Dictionary(uniqueKeysWithValues: transfers.map { ($0.idempotencyKey, $0) })
        let results = try ledger.transfers(matching: TransferQuery())
        #expect(results.count == transfers.count)
        for recorded in results {
            let entry = try ledger.entry(at: recorded.seq)
            let stored = try TransferPayload(erasedPayload: entry.payload)
            #expect(recorded.region == stored.region && recorded.verdict == stored.verdict, "entry \(recorded.seq)")
            #expect(recorded.hash == entry.hash && recorded.recordedAt.rfc3339 == entry.recordedAt, "entry \(recorded.seq)")
            #expect(recorded.supersededBy == (recorded.seq == receipts[20].seq ? correction.seq : nil), "entry \(recorded.seq)")
            if erased.contains(recorded.seq) {
                #expect(recorded.erasedBy != nil && recorded.transfer == stored.transfer, "entry \(recorded.seq)")
            } else {
                let original = try #require(byKey[recorded.transfer.idempotencyKey], "entry \(recorded.seq)")
                #expect(recorded.erasedBy == nil && recorded.transfer == original, "entry \(recorded.seq)")
            }
        }
    }
}
