import LedgerSample
import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import LedgerPostgreSQL
@testable import LedgerStorage
@testable import TransferLedger

/// A ledger with every entry kind, and the comparisons a copy must pass, for `CopyTests`.
enum CopyFixture {
    /// Fills the new `ledger` with registry facts, transfers, corrections, a government access request,
    /// an adopted region table, transfers judged by it and two recorded checkpoints; returns the last
    /// checkpoint and the key that verifies it.
    @discardableResult
    static func fill(_ ledger: Ledger) throws -> (note: SignedNote, key: NoteVerifierKey) {
        let signer = try MerkleFixtures.signer()
        try ledger.register(SampleGroup.registryFacts())
        let transfers = SampleGroup.transfers(count: 40, endingAt: SampleGroup.yearEnd, seed: 13)
        let receipts = try ledger.record(contentsOf: Array(transfers.prefix(30)))
        let recorded = zip(receipts, transfers).map { (seq: $0.seq, transfer: $1, rules: $0.verdict?.rules ?? []) }
        #expect(try !ledger.record(corrections: SampleGroup.corrections(of: recorded)).isEmpty, "the sample has no transfer to correct")
        _ = try ledger.checkpoint(signedBy: [signer])
        let toIndia = recorded.first { $0.transfer.destination == "IN" } ?? recorded[0]
        try ledger.record(govAccessRequest: SampleGroup.govAccessRequest(about: toIndia.transfer, seq: toIndia.seq))
        try ledger.adoptReferenceData(ReferenceDataAdoptionTests.indiaAdequate(), effectiveFrom: Day(Timestamp.now()))
        try ledger.record(contentsOf: Array(transfers.suffix(10)))
        let note = try ledger.checkpoint(signedBy: [signer])
        let kinds = try Set((0..<ledger.entryCount()).map { try ledger.entry(at: $0).kind })
        #expect(kinds == [.registry, .transfer, .correction, .checkpoint, .govAccessRequest, .referenceData])
        return (note, signer.verifierKey)
    }

    /// Expects `copy` to hold exactly what `source` holds: every entry byte for byte, the same index
    /// rows, Merkle nodes, root and transfers.
    static func expectSame(_ copy: Ledger, as source: Ledger, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let count = try source.entryCount()
        #expect(try copy.entryCount() == count, sourceLocation: sourceLocation)
        #expect(try copy.root() == source.root(), sourceLocation: sourceLocation)
        for seq in 0..<count {
            #expect(try copy.entry(at: seq) == source.entry(at: seq), "entry \(seq)", sourceLocation: sourceLocation)
        }
        #expect(try copy.transfers(matching: TransferQuery()) == source.transfers(matching: TransferQuery()), sourceLocation: sourceLocation)
        let (a, b) = (source.store, copy.store)
        for seq in 0..<count {
            #expect(try a.transferEntry(at: seq)?.document == b.transferEntry(at: seq)?.document, "document \(seq)", sourceLocation: sourceLocation)
        }
        #expect(try a.correctionRows() == b.correctionRows() && a.govAccessRows() == b.govAccessRows(), sourceLocation: sourceLocation)
        #expect(try a.referenceDataRows() == b.referenceDataRows(), sourceLocation: sourceLocation)
        #expect(try a.indexRows(.registryFact).sorted() == b.indexRows(.registryFact).sorted() && a.indexRows(.checkpoint).sorted() == b.indexRows(.checkpoint).sorted(),
                sourceLocation: sourceLocation)
        #expect(try a.transferRowCounts() == b.transferRowCounts(), sourceLocation: sourceLocation)
        for level in 1...64 {
            let (nodes, copied) = (try all(a.nodes(level: level)), try all(b.nodes(level: level)))
            #expect(nodes == copied, "level \(level)", sourceLocation: sourceLocation)
            if nodes.isEmpty { break }
        }
    }

    /// Every node a cursor gives, as (index, hash) pairs.
    private static func all(_ cursor: any StoredNodeCursor) throws -> [[UInt8]] {
        var cursor = cursor
        var nodes: [[UInt8]] = []
        while let node = try cursor.next() { nodes.append(withUnsafeBytes(of: node.index) { Array($0) } + node.hash.bytes) }
        return nodes
    }

    /// Expects the copy to verify intact, and `note`, signed on the source, to verify against it.
    static func expectVerifies(_ copy: Ledger, against note: SignedNote, key: NoteVerifierKey,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let report = try copy.verify(checkpoints: [note], keys: [key])
        #expect(report.isIntact, "\(report.problems)", sourceLocation: sourceLocation)
    }

    /// The problem a copy stopped at, or nil when it did not fail verifying.
    static func failure(_ body: () throws -> LedgerCopySummary) -> VerificationReport.Problem? {
        do {
            _ = try body()
            return nil
        } catch {
            guard case .failsVerification(let problem) = error as? LedgerError else { return nil }
            return problem
        }
    }
}
