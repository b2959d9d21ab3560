import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// Ledgers and raw edits for the tests of the entry kinds `correction`, `govAccessRequest` and
/// `referenceData`.
enum EntryKindFixture {
    /// A new ledger at `path` holding `Fixture.registryLines` (seq 0–3).
    static func ledger(at path: String) throws -> Ledger {
        let ledger = try Ledger.create(at: path)
        try ledger.register(Fixture.registryFacts())
        return ledger
    }

    /// A transfer compliant under the fixture registry.
    static func compliant(_ key: String) -> Transfer {
        Fixture.compliant(Fixture.transfer(key: key))
    }

    /// The same transfer logged as SCC module 1 where the roles make it module 2: non-compliant (R6).
    static func misclassified(_ key: String) -> Transfer {
        var transfer = compliant(key)
        transfer.sccModule = .c2c
        return transfer
    }

    /// Runs `change` on the ledger at `path` (a file or a PostgreSQL URI) with its guards off, then puts
    /// them back exactly (`ScratchLedger.tamper`).
    static func tamper(_ path: String, _ change: (RawLedger) throws -> Void) throws {
        try RawLedger(location: path).tamper(change)
    }

    /// Replaces the payload of the tip entry `seq` by `edit(payload)` and re-hashes it, as an attacker
    /// with write access would: the chain stays consistent. `seq` must be even, so that no stored Merkle
    /// node covers the tip and the tree stays consistent too.
    static func rewriteTip(_ path: String, seq: Int64, edit: (String) -> String) throws {
        precondition(seq % 2 == 0, "an odd tip completes a Merkle node")
        try tamper(path) { raw in
            let row = try raw.rows("SELECT kind, recorded_at, prev_hash, payload, format FROM entry WHERE seq = ?", .integer(seq))[0]
            #expect(try raw.value("SELECT max(seq) FROM entry").integer == seq)
            let payload = edit(try #require(row[3].text))
            let hash = SHA256().leafHash(EntryEncoding.canonicalBytes(
                format: UInt8(try #require(row[4].integer)), seq: UInt64(seq), kind: EntryKind(rawValue: try #require(row[0].text)), recordedAt: try #require(row[1].text),
                previousHash: Digest(bytes: try #require(row[2].blob)) ?? .zero, payload: Array(payload.utf8)))
            try raw.rows("UPDATE entry SET payload = ?, hash = ? WHERE seq = ?", .text(payload), .blob(hash.bytes), .integer(seq))
        }
    }

    /// `payload` with its recorded verdict replaced by a clean `compliant` one: a tampered status.
    static func clearingVerdict(_ payload: String) -> String {
        payload.replacing(#/"validation":\{"findings":\[.*?\],"flags":\[[^\]]*\],"ruleSetVersion":"([^"]+)","status":"[A-Za-z]+"\}/#) {
            #""validation":{"findings":[],"flags":[],"ruleSetVersion":"\#($0.output.1)","status":"compliant"}"#
        }
    }

    /// The problems `verify` reports, as `seq:check` strings.
    static func problems(_ path: String, policy: Bool = false) throws -> [String] {
        try Ledger(path: path, readOnly: true).verify(policy: policy).problems.map { "\($0.seq.map(String.init) ?? "-"):\($0.check.rawValue)" }
    }
}
