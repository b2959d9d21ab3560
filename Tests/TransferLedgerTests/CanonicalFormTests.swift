import Foundation
import LedgerSample
import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import LedgerPostgreSQL
@testable import LedgerSQLite
@testable import LedgerStorage
@testable import TransferLedger

/// The canonical reader stands in for "re-encode and compare" in verification, so whatever it accepts
/// must re-encode to exactly the bytes it read. These tests check that against the encoders as oracle,
/// on the ledger's own output and on thousands of mutations of it.
@Suite struct CanonicalFormTests {
    /// Bytes that make a canonical document non-canonical or invalid when inserted anywhere.
    static let insertions: [[UInt8]] = [
        " ", "\n", "\\", "\\/", "\\u0061", "\\u001f", "\\u001F", "\\t", "\\u0009", "0", "-", ".", "e1", "\"", ",", "}", "]",
        "{", "[", ":", "A", "é", "\u{7F}", "\u{1F}", "000", "Z", "+00:00", "null", ",\"x\":1", "\u{FEFF}",
    ].map { Array($0.utf8) }

    /// `bytes` changed once: a flipped byte, a deletion, an insertion, a duplicated or upper-cased run.
    static func mutate(_ bytes: [UInt8], _ generator: inout SplitMix64) -> [UInt8] {
        var bytes = bytes
        let position = Int.random(in: 0..<bytes.count, using: &generator)
        switch Int.random(in: 0..<6, using: &generator) {
        case 0: bytes[position] ^= UInt8.random(in: 1...255, using: &generator)
        case 1: bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...3, using: &generator)))
        case 2: bytes.insert(contentsOf: insertions.randomElement(using: &generator) ?? [], at: position)
        case 3:
            let end = min(bytes.count, position + Int.random(in: 1...24, using: &generator))
            bytes.insert(contentsOf: bytes[position..<end], at: end)
        case 4:
            for index in position..<min(bytes.count, position + 8) where bytes[index] >= UInt8(ascii: "a") && bytes[index] <= UInt8(ascii: "f") {
                bytes[index] -= 0x20
            }
        default:
            // Swap two members' worth of bytes around a comma: reorders members or list elements.
            guard let comma = bytes[position...].firstIndex(of: UInt8(ascii: ",")),
                  let next = bytes[(comma + 1)...].firstIndex(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "}") }) else { break }
            let start = bytes[..<comma].lastIndex(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "{") }).map { $0 + 1 } ?? 0
            let left = Array(bytes[start..<comma]), right = Array(bytes[(comma + 1)..<next])
            bytes.replaceSubrange(start..<next, with: right + [UInt8(ascii: ",")] + left)
        }
        return bytes
    }

    static func payload(_ generator: inout SplitMix64, index: Int) -> TransferPayload {
        var transfer = CanonicalWriterTests.randomTransfer(&generator, index: index)
        if index % 4 == 1 { transfer.transferKind = .onward }
        if index % 5 == 2 { transfer.notes = "\u{0}\u{8}\u{B}\r\n\u{7F}/\\\"é" }
        var payload = TransferPayload(transfer: transfer, region: .adequate, referenceData: ReferenceData.embedded.version)
        payload.verdict = PolicyEngine().evaluate(transfer, registry: Registry())
        return payload
    }

    @Test(arguments: [UInt64(21), 22, 23, 24])
    func whateverTheFastDecoderAcceptsReEncodesToTheSameBytes(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        // One decoder throughout, as a verifier's worker keeps one: its verdict cache is exercised too.
        let decoder = PayloadDecoder()
        var accepted = 0, refused = 0
        for index in 0..<60 {
            let original = Self.payload(&generator, index: index)
            let document = original.privateDocument
            let bytes = original.canonicalBytes(privateDocument: document)
            for round in 0..<60 {
                // Round 0 is the ledger's own output, which the fast path must always take.
                let mutatePayload = round > 0 && round % 3 != 0
                let candidateBytes = mutatePayload ? Self.mutate(bytes, &generator) : bytes
                let candidateDocument = round > 0 && !mutatePayload ? Self.mutate(document, &generator) : document
                let fast = candidateBytes.withUnsafeBufferPointer { payload in
                    candidateDocument.withUnsafeBufferPointer { decoder.decodeCanonical(payload: payload, document: $0) }
                }
                let context = "seed \(seed), transfer \(index), round \(round): \(String(decoding: candidateBytes, as: UTF8.self)) | \(String(decoding: candidateDocument, as: UTF8.self))"
                guard let fast else {
                    #expect(round > 0, "the ledger's own bytes must take the fast path; \(context)")
                    refused += 1
                    continue
                }
                accepted += 1
                #expect(fast.privateDocument == candidateDocument, "\(context)")
                #expect(fast.canonicalBytes(privateDocument: candidateDocument) == candidateBytes, "\(context)")
                let general = try? TransferPayload(decodingInGeneral: candidateBytes, privateDocument: candidateDocument)
                #expect(general.map { CanonicalDecoderTests.same($0, fast) } == true, "\(context)")
                if round == 0 { #expect(CanonicalDecoderTests.same(fast, original), "\(context)") }
            }
        }
        // Most mutations break canonical form; the ones that survive are the ones worth checking.
        #expect(accepted > 60 && refused > 1_000, "accepted \(accepted), refused \(refused)")
    }

    @Test func decodeReportsWhetherTheBytesWereCanonical() throws {
        var generator = SplitMix64(seed: 5)
        let payload = Self.payload(&generator, index: 0)
        let document = payload.privateDocument
        let bytes = payload.canonicalBytes(privateDocument: document)
        let decoder = PayloadDecoder()
        func decode(_ payload: [UInt8]) throws -> (payload: TransferPayload, isCanonical: Bool) {
            try payload.withUnsafeBufferPointer { payload in
                try document.withUnsafeBufferPointer { document in try decoder.decode(payload: payload, document: document) }
            }
        }
        #expect(try decode(bytes).isCanonical)
        let spaced = Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\":", with: "\": ").utf8)
        let (general, isCanonical) = try decode(spaced)
        #expect(!isCanonical)
        #expect(CanonicalDecoderTests.same(general, payload))
    }

    @Test func projectionMatchingAgreesWithRowEquality() {
        var generator = SplitMix64(seed: 41)
        for index in 0..<40 {
            let payload = Self.payload(&generator, index: index)
            let (transfer, region, verdict) = (payload.transfer, payload.region, payload.verdict)
            let derived = TransferRow(transfer, region: region, verdict: verdict)
            #expect(derived.storedColumnsMatch(transfer, region: region, verdict: verdict), "transfer \(index)")
            let alterations: [(inout TransferRow) -> Void] = [
                { $0.idempotencyKey += "x" }, { $0.occurredAt += 1 }, { $0.exporter += "x" }, { $0.exporterRole = "controllerX" },
                { $0.importer = "" }, { $0.importerRole += "x" }, { $0.destination = "ZZ" }, { $0.region = "EEA2" },
                { $0.mechanism = "adequacyX" }, { $0.dataCategories ^= 1 << 3 }, { $0.specialCategories ^= 1 }, { $0.status = "nonCompliantX" },
                { $0.rules.insert("R99") }, { $0.rules = [] }, { $0.rules = $0.rules.isEmpty ? ["R1"] : [] },
            ]
            for (number, alter) in alterations.enumerated() {
                var row = derived
                alter(&row)
                #expect(row.storedColumnsMatch(transfer, region: region, verdict: verdict) == (row == derived), "transfer \(index), alteration \(number)")
            }
        }
    }

    @Test func leafHashPieceByPieceEqualsTheHashOfTheCanonicalBytes() {
        let decoder = PayloadDecoder()
        for (seq, kind, payload) in [(UInt64(0), EntryKind.transfer, Array("{}".utf8)), (1 << 40, EntryKind(rawValue: "registry"), []),
                                     (UInt64.max, EntryKind(rawValue: "checkpoint"), Array(repeating: 0x7B, count: 70_000))] {
            let entry = Entry(seq: seq, kind: kind, recordedAt: "2026-03-02T10:00:00.123456Z", previousHash: SHA256.hash([1]),
                              hash: .zero, payload: payload, format: 1)
            #expect(Self.leafHash(entry, decoder) == SHA256().leafHash(entry.canonicalBytes), "seq \(seq)")
        }
        // A field a length byte cannot frame, as a tampered row may hold.
        let long = Entry(seq: 3, kind: .transfer, recordedAt: String(repeating: "9", count: 300), previousHash: .zero, hash: .zero, payload: [1], format: 1)
        #expect(Self.leafHash(long, decoder) == SHA256().leafHash(long.canonicalBytes))
        // A stored previous hash of the wrong length is hashed as stored.
        let short = Entry(seq: 4, kind: .transfer, recordedAt: "2026-03-02T10:00:00Z", previousHash: .zero, hash: .zero, payload: [7], format: 1)
        var bytes = short.canonicalBytes
        let previousAt = 1 + 8 + 1 + 8 + 1 + 20
        bytes.replaceSubrange(previousAt..<previousAt + 32, with: [1, 2, 3])
        #expect(Self.leafHash(short, decoder, previousHash: [1, 2, 3]) == SHA256().leafHash(bytes))
    }

    /// The verifier's leaf hash of `entry`, from its fields as stored columns.
    static func leafHash(_ entry: Entry, _ decoder: PayloadDecoder, previousHash: [UInt8]? = nil) -> Digest? {
        let (kind, recordedAt, previous) = (Array(entry.kind.rawValue.utf8), Array(entry.recordedAt.utf8), previousHash ?? entry.previousHash.bytes)
        return kind.withUnsafeBufferPointer { kind in
            recordedAt.withUnsafeBufferPointer { recordedAt in
                previous.withUnsafeBufferPointer { previous in
                    entry.payload.withUnsafeBufferPointer { payload in
                        decoder.leafHash(format: entry.format, seq: entry.seq, kind: kind, recordedAt: recordedAt, previousHash: previous, payload: payload)
                    }
                }
            }
        }
    }

    @Test(arguments: [UInt64(31), 32])
    func timestampsAreCanonicalExactlyWhenTheFormatterWritesThem(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let spellings = ["2026-02-29T00:00:00Z", "2024-02-29T23:59:59.999Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z",
                         "2026-03-02T10:00:00.000Z", "2026-03-02T10:00:00.100000Z", "2026-03-02T10:00:00.120Z", "2026-03-02T10:00:00+00:00",
                         "2026-13-02T10:00:00Z", "2026-03-02T24:00:00Z", "2026-03-02T10:60:00Z", "2026-03-02T10:00:60Z", "2026-03-02t10:00:00Z"]
        var texts = spellings
        for _ in 0..<2_000 {
            let instant = Timestamp(microseconds: Int64.random(in: -62_167_219_200_000_000..<253_402_300_800_000_000, using: &generator))
            let rounding = [1, 1_000, 1_000_000].randomElement(using: &generator) ?? 1
            let text = Timestamp(microseconds: instant.microseconds / Int64(rounding) * Int64(rounding)).rfc3339
            texts.append(text)
            var bytes = Array(text.utf8)
            bytes[Int.random(in: 0..<bytes.count, using: &generator)] = Array("0123456789-:.TZ+ ".utf8).randomElement(using: &generator) ?? 0
            texts.append(String(decoding: bytes, as: UTF8.self))
        }
        for text in texts {
            #expect(Timestamp.canonical(text: text) == Timestamp.canonical(text), "seed \(seed): '\(text)'")
        }
    }
}

/// A payload or private document rewritten in a non-canonical spelling of the same values, with
/// every hash after it recomputed: only the canonical-form check can tell, and it must.
enum NonCanonicalRewrite: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case whitespaceAfterAColon
    case escapedLetterInACode
    case upperCaseReferenceData
    case transferKindLeftOut
    case membersOutOfOrder
    case zeroMilliseconds
    case offsetInsteadOfZ
    case verdictMembersOutOfOrder
    case verdictWithWhitespace
    case trailingLineBreak
    case documentWithWhitespace
    case documentWithEscapedColon
    case documentWithUpperCaseSalt

    var testDescription: String { rawValue }

    var rewritesDocument: Bool { rawValue.hasPrefix("document") }

    func apply(_ text: String) -> String {
        switch self {
        case .whitespaceAfterAColon: text.replacingOccurrences(of: #""criminalData":false"#, with: #""criminalData": false"#)
        case .escapedLetterInACode: text.replacingOccurrences(of: #""mechanism":"sccCommission""#, with: #""mechanism":"\u0073ccCommission""#)
        case .upperCaseReferenceData:
            text.replacingOccurrences(of: ReferenceData.embedded.versionHex, with: ReferenceData.embedded.versionHex.uppercased())
        case .transferKindLeftOut: text.replacingOccurrences(of: #","transferKind":"initial""#, with: "")
        case .membersOutOfOrder:
            text.replacingOccurrences(of: #""criminalData":false,"dataCategories":["identity","contact"]"#,
                                      with: #""dataCategories":["identity","contact"],"criminalData":false"#)
        case .zeroMilliseconds: text.replacing(/"occurredAt":"([^"]*)Z"/) { #""occurredAt":"\#($0.output.1).000Z""# }
        case .offsetInsteadOfZ: text.replacing(/"occurredAt":"([^"]*)Z"/) { #""occurredAt":"\#($0.output.1)+00:00""# }
        case .verdictMembersOutOfOrder:
            text.replacing(/"ruleSetVersion":("[^"]*"),"status":("[^"]*")/) { #""status":\#($0.output.2),"ruleSetVersion":\#($0.output.1)"# }
        case .verdictWithWhitespace: text.replacingOccurrences(of: #""flags":[]"#, with: #""flags":[ ]"#)
        case .trailingLineBreak: text + "\n"
        case .documentWithWhitespace: text.replacingOccurrences(of: #","loggedBy":"#, with: #", "loggedBy":"#)
        case .documentWithEscapedColon: text.replacingOccurrences(of: "svc:test", with: #"svc\u003atest"#)
        case .documentWithUpperCaseSalt: text.replacing(/"salt":"([0-9a-f]*)"/) { #""salt":"\#($0.output.1.uppercased())""# }
        }
    }
}

@Suite("Non-canonical spellings with consistent hashes")
struct NonCanonicalRewriteTests {
    @Test(arguments: Backend.allCases, NonCanonicalRewrite.allCases)
    func verifyReportsTheSpelling(_ backend: Backend, _ rewrite: NonCanonicalRewrite) throws {
        let scratch = try backend.makeLocation()
        defer { scratch.remove() }
        let path = scratch.path
        try TamperTests.makeLedger(at: path)
        try scratch.tamper { try Self.rewrite(entry: 10, with: rewrite, in: $0) }
        let report = try Ledger(path: path, readOnly: true).verify()
        #expect(report.problems.map(\.seq) == [10], "reported: \(report.problems)")
        #expect(report.problems.map(\.check) == [.payload], "reported: \(report.problems)")
        let expected = rewrite.rewritesDocument ? "the private document is not in canonical form" : "payload is not in canonical form"
        #expect(report.problems.first?.message == expected, "reported: \(report.problems)")
    }

    /// Rewrites entry `seq` (its payload, or its private document and the payload's commitment to it),
    /// then recomputes every later hash and link and the Merkle nodes, as a thorough attacker would.
    static func rewrite(entry seq: Int64, with rewrite: NonCanonicalRewrite, in raw: RawLedger) throws {
        if rewrite.rewritesDocument {
            let document = try #require(try raw.value("SELECT document FROM transfer_private WHERE seq = ?", .integer(seq)).text)
            let rewritten = rewrite.apply(document)
            try #require(rewritten != document)
            let payload = try #require(try raw.value("SELECT payload FROM entry WHERE seq = ?", .integer(seq)).text)
            let recommitted = payload.replacingOccurrences(of: SHA256.hash(Array(document.utf8)).hex, with: SHA256.hash(Array(rewritten.utf8)).hex)
            try raw.rows("UPDATE transfer_private SET document = ? WHERE seq = ?", .text(rewritten), .integer(seq))
            try raw.rows("UPDATE entry SET payload = ? WHERE seq = ?", .text(recommitted), .integer(seq))
        } else {
            let payload = try #require(try raw.value("SELECT payload FROM entry WHERE seq = ?", .integer(seq)).text)
            let rewritten = rewrite.apply(payload)
            try #require(rewritten != payload)
            try raw.rows("UPDATE entry SET payload = ? WHERE seq = ?", .text(rewritten), .integer(seq))
        }
        try raw.rehash(from: UInt64(seq))
    }
}

/// The verifier's reading thread copies raw column bytes and the workers build the values: they must
/// be exactly the values SQLite itself gives for the columns (text up to a NUL), odd stored bytes included.
/// SQLite only: it compares with SQLite's own statement reader (PostgreSQL has no such second path).
@Suite struct RawEntryBatchTests {
    @Test func workersBuildTheSameValuesAsTheStatementReader() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try TamperTests.makeLedger(in: directory)
        do {
            let raw = try RawSQLite(path)
            for trigger in try TamperTests.triggers(of: raw) { try raw.execute("DROP TRIGGER \(trigger.name)") }
            try raw.execute("""
                UPDATE entry SET recorded_at = 'abc' || char(0) || 'def' WHERE seq = 3;
                UPDATE entry SET kind = 'tr' || char(0) || 'ansfer' WHERE seq = 5;
                DELETE FROM transfer_private WHERE seq = 6;
                DELETE FROM transfer WHERE seq = 7;
                UPDATE transfer SET exporter = 'NW' || char(0) || 'FR' WHERE seq = 8;
                INSERT INTO transfer_rule (seq, rule) VALUES (9, 'R1'), (9, 'R2');
                """)
        }
        let store = try LedgerStore(path: path, readOnly: true)
        var expected: [(Entry, TransferRow?, [UInt8]?)] = []
        let raw = try RawSQLite(path)
        for row in try raw.rows("""
            SELECT e.seq, e.kind, e.recorded_at, e.prev_hash, e.hash, CAST(e.payload AS BLOB), t.seq, p.document,
                   t.idempotency_key, t.occurred_at, t.exporter, t.exporter_role, t.importer, t.importer_role, t.destination,
                   t.region, t.mechanism, t.data_categories, t.special_categories, t.status,
                   coalesce((SELECT group_concat(r.rule) FROM transfer_rule r WHERE r.seq = t.seq), ''), e.format
            FROM entry e LEFT JOIN transfer t ON t.seq = e.seq LEFT JOIN transfer_private p ON p.seq = e.seq ORDER BY e.seq
            """) {
            let entry = Entry(seq: UInt64(row[0].integer ?? -1), kind: EntryKind(rawValue: row[1].text ?? ""), recordedAt: row[2].text ?? "",
                              previousHash: Digest(uncheckedBytes: row[3].blob ?? []), hash: Digest(uncheckedBytes: row[4].blob ?? []),
                              payload: row[5].blob ?? [], format: UInt8(row[21].integer ?? 0))
            var transferRow: TransferRow?
            if row[6].integer != nil {
                var columns = TransferRow(Fixture.transfer(key: ""), region: .eea, verdict: nil)
                (columns.idempotencyKey, columns.occurredAt, columns.exporter, columns.exporterRole) = (row[8].text ?? "", row[9].integer ?? 0, row[10].text ?? "", row[11].text ?? "")
                (columns.importer, columns.importerRole, columns.destination, columns.region) = (row[12].text ?? "", row[13].text ?? "", row[14].text ?? "", row[15].text ?? "")
                (columns.mechanism, columns.dataCategories, columns.specialCategories, columns.status) = (row[16].text ?? "", row[17].integer ?? 0, row[18].integer ?? 0, row[19].text ?? "")
                columns.rules = Set((row[20].text ?? "").split(separator: ",").map(String.init))
                transferRow = columns
            }
            let document: [UInt8]? = switch row[7] {
            case .text(let text): Array(text.utf8)
            case .blob(let bytes): bytes
            default: nil
            }
            expected.append((entry, transferRow, document))
        }
        var batch = RawEntryBatch(capacity: 4)
        try store.forEachEntryRow { batch.append($0) }
        #expect(batch.count == expected.count)
        for (index, (entry, row, document)) in expected.enumerated() {
            #expect(batch.entry(at: index) == entry, "entry \(index)")
            #expect(batch.link(at: index).hash == entry.hash, "entry \(index)")
            #expect(batch.recordedAt(at: index) == entry.recordedAt, "entry \(index)")
            #expect(batch.privateDocument(at: index) == document, "entry \(index)")
            #expect(batch.hasTransferRow(at: index) == (row != nil), "entry \(index)")
            batch.withRow(at: index) { raw in
                #expect(raw.seq == entry.seq && Array(raw.payload) == entry.payload && raw.document.map(Array.init) == document, "entry \(index)")
                #expect(raw.transferColumns.map(TransferRow.init(columns:)) == row, "entry \(index)")
            }
        }
    }
}

extension TransferRow {
    /// Whether the verifier's comparison of stored columns accepts this row for the transfer: the row
    /// written as the columns the verifier reads (rules joined by commas), then matched.
    func storedColumnsMatch(_ transfer: Transfer, region: Region, verdict: PolicyVerdict?) -> Bool {
        let texts = [idempotencyKey, exporter, exporterRole, importer, importerRole, destination, self.region, mechanism, status,
                     rules.sorted().joined(separator: ",")].map { Array($0.utf8) }
        let joined = texts.flatMap { $0 }
        return joined.withUnsafeBufferPointer { bytes in
            var start = 0
            let spans = texts.map { text in
                defer { start += text.count }
                return UnsafeBufferPointer(rebasing: bytes[start..<start + text.count])
            }
            let columns = StoredTransferColumns(
                idempotencyKey: spans[0], occurredAt: occurredAt, exporter: spans[1], exporterRole: spans[2], importer: spans[3],
                importerRole: spans[4], destination: spans[5], region: spans[6], mechanism: spans[7],
                dataCategories: dataCategories, specialCategories: specialCategories, status: spans[8], rules: spans[9])
            return columns.matches(transfer, region: region, verdict: verdict)
        }
    }

    /// The row the stored columns hold, as `init(_:from:)` reads it from a statement.
    init(columns: StoredTransferColumns) {
        func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
        self = TransferRow(Fixture.transfer(key: ""), region: .eea, verdict: nil)
        idempotencyKey = text(columns.idempotencyKey)
        occurredAt = columns.occurredAt
        exporter = text(columns.exporter)
        exporterRole = text(columns.exporterRole)
        importer = text(columns.importer)
        importerRole = text(columns.importerRole)
        destination = text(columns.destination)
        region = text(columns.region)
        mechanism = text(columns.mechanism)
        dataCategories = columns.dataCategories
        specialCategories = columns.specialCategories
        status = text(columns.status)
        rules = Set(text(columns.rules).split(separator: ",").map(String.init))
    }
}

/// The string readers skip eight bytes at a time: a byte they must stop at (quote, backslash, control
/// character, and for `string()` the start of a multi-byte character) is found at every offset.
@Suite struct CanonicalReaderStringTests {
    static func read<T>(_ json: [UInt8], _ body: (inout CanonicalReader) -> T) -> T {
        json.withUnsafeBufferPointer { bytes in
            var reader = CanonicalReader(bytes)
            return body(&reader)
        }
    }

    @Test(arguments: 0..<20)
    func stopBytesAreFoundAtEveryOffset(offset: Int) {
        let prefix = Array(repeating: UInt8(ascii: "a"), count: offset)
        // A string that ends at `offset`, followed by more JSON.
        let plain = Array("\"".utf8) + prefix + Array("\",\"b\"".utf8)
        #expect(Self.read(plain) { $0.plainString().map(Array.init) } == prefix)
        #expect(Self.read(plain) { $0.string() } == String(decoding: prefix, as: UTF8.self))
        // An escape, a control character or a DEL-free high byte at `offset`.
        let escaped = Array("\"".utf8) + prefix + Array("\\n\"".utf8)
        #expect(Self.read(escaped) { $0.plainString() } == nil)
        #expect(Self.read(escaped) { $0.string() } == String(decoding: prefix, as: UTF8.self) + "\n")
        let control = Array("\"".utf8) + prefix + [0x09] + Array("\"".utf8)
        #expect(Self.read(control) { $0.plainString() } == nil)
        #expect(Self.read(control) { $0.string() } == nil)
        let accented = Array("\"".utf8) + prefix + Array("é\"".utf8)
        #expect(Self.read(accented) { $0.string() } == String(decoding: prefix, as: UTF8.self) + "é")
        let invalid = Array("\"".utf8) + prefix + [0xC3, 0x28] + Array("\"".utf8)
        #expect(Self.read(invalid) { $0.string() } == nil)
        let unterminated = Array("\"".utf8) + prefix
        #expect(Self.read(unterminated) { $0.plainString() } == nil)
        #expect(Self.read(unterminated) { $0.string() } == nil)
    }
}
