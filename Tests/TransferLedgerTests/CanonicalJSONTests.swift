import LedgerSample
import Testing
@testable import LedgerFormat
@testable import LedgerPostgreSQL
@testable import LedgerSQLite
@testable import LedgerStorage
@testable import TransferLedger

@Suite("CanonicalJSON: RFC 8785 serialisation")
struct CanonicalJSONTests {
    private func text(_ value: JSONValue) -> String {
        String(decoding: CanonicalJSON.encode(value), as: UTF8.self)
    }

    @Test func sortsMembersByUTF16CodeUnitsAsInRFC8785() throws {
        // The key-sorting example of RFC 8785 §3.2.3: U+1F600 (a surrogate pair, D83D DE00) sorts
        // before U+FB33 in UTF-16 order although it is the larger scalar.
        let input = #"""
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """#
        let expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\","
            + "\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\",\"\u{FB33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        #expect(text(try JSONParser.parse(input)) == expected)
    }

    @Test func sortsASCIIKeysByteWiseWithUppercaseFirst() {
        let value = JSONValue.object(["b": .integer(1), "a": .integer(2), "aa": .integer(3), "B": .integer(4), "_": .integer(5), "": .integer(6)])
        #expect(text(value) == #"{"":6,"B":4,"_":5,"a":2,"aa":3,"b":1}"#)
    }

    @Test func sortsNestedObjectsToo() {
        let value = JSONValue.array([.object(["z": .object(["y": .null, "x": .bool(true)]), "a": .array([])])])
        #expect(text(value) == #"[{"a":[],"z":{"x":true,"y":null}}]"#)
    }

    @Test(arguments: [
        ("\u{8}\t\n\u{C}\r", #""\b\t\n\f\r""#),
        ("\u{0}\u{1}\u{1F}\u{B}\u{E}", #""\u0000\u0001\u001f\u000b\u000e""#),
        ("\"", #""\"""#),
        ("\\", #""\\""#),
        ("a/b", #""a/b""#),
        ("\u{7F}", "\"\u{7F}\""),
        ("é€😀\u{FB33}", "\"é€😀\u{FB33}\""),
        ("", #""""#),
    ])
    func escapesOnlyWhatJCSEscapes(string: String, expected: String) {
        #expect(text(.string(string)) == expected)
    }

    @Test func writesLiteralsAndIntegersWithoutWhitespace() {
        let value = JSONValue.array([.null, .bool(true), .bool(false), .integer(0), .integer(-1), .integer(.max), .integer(.min), .object([:]), .array([])])
        #expect(text(value) == "[null,true,false,0,-1,9223372036854775807,-9223372036854775808,{},[]]")
    }

    @Test func reencodingParsedCanonicalBytesIsStable() throws {
        let loose = #"  { "b" : [ 1 , {"d":"\u00e9", "c" : "\/"} ], "a":"\u0007" }  "#
        let first = CanonicalJSON.encode(try JSONParser.parse(loose))
        #expect(String(decoding: first, as: UTF8.self) == "{\"a\":\"\\u0007\",\"b\":[1,{\"c\":\"/\",\"d\":\"é\"}]}")
        let second = CanonicalJSON.encode(try JSONParser.parse(first))
        #expect(first == second)
    }

    @Test func randomValuesSurviveEncodeThenParse() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var generator = SplitMix64(seed: seed)
        for iteration in 0..<300 {
            let value = randomValue(depth: 0, using: &generator)
            let bytes = CanonicalJSON.encode(value)
            let parsed = try JSONParser.parse(bytes)
            #expect(parsed == value, "seed \(seed), iteration \(iteration): \(String(decoding: bytes, as: UTF8.self))")
            #expect(CanonicalJSON.encode(parsed) == bytes, "seed \(seed), iteration \(iteration)")
        }
    }

    private func randomValue(depth: Int, using generator: inout SplitMix64) -> JSONValue {
        switch Int.random(in: 0..<(depth < 3 ? 7 : 5), using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .integer(Int64.random(in: .min ... .max, using: &generator))
        case 3, 4: return .string(randomString(using: &generator))
        case 5: return .array((0..<Int.random(in: 0..<4, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            var members: JSONObject = [:]
            for _ in 0..<Int.random(in: 0..<5, using: &generator) {
                members[randomString(using: &generator)] = randomValue(depth: depth + 1, using: &generator)
            }
            return .object(members)
        }
    }

    private func randomString(using generator: inout SplitMix64) -> String {
        let pool: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\u{0}", "\u{1F}", "\n", "\t", "\u{7F}", "\u{80}",
                                      "é", "€", "\u{FB33}", "😀", "𝄞", "\u{FFFF}", "\u{E000}"]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0..<8, using: &generator) {
            scalars.append(pool[Int.random(in: 0..<pool.count, using: &generator)])
        }
        return String(scalars)
    }
}

@Suite("EntryEncoding: the bytes the entry hash covers")
struct EntryEncodingTests {
    @Test func framesEveryFieldWithItsLength() throws {
        let previous = try #require(Digest(bytes: Array(0..<32)))
        let bytes = EntryEncoding.canonicalBytes(format: 1, seq: 0x0102_0304_0506_0708, kind: .transfer, recordedAt: "2026-01-01T00:00:00Z",
                                                 previousHash: previous, payload: Array("{}".utf8))
        var expected: [UInt8] = [1, 1, 2, 3, 4, 5, 6, 7, 8, 8]
        expected += Array("transfer".utf8)
        expected += [20] + Array("2026-01-01T00:00:00Z".utf8)
        expected += Array(0..<32)
        expected += [0, 0, 0, 2] + Array("{}".utf8)
        #expect(bytes == expected)
    }

    @Test func entryHashIsTheRFC9162LeafHashOfTheCanonicalBytes() throws {
        let entry = Entry(seq: 3, kind: .transfer, recordedAt: "2026-01-01T00:00:00.5Z", previousHash: .zero,
                          hash: .zero, payload: Array(#"{"a":1}"#.utf8), format: 1)
        let hasher = SHA256()
        #expect(hasher.leafHash(entry.canonicalBytes) == hasher.hash([0x00] + entry.canonicalBytes))
        #expect(entry.canonicalBytes.count == 1 + 8 + 1 + 8 + 1 + 22 + 32 + 4 + 7)
    }

    @Test func transferPayloadHasAFixedCanonicalForm() {
        // A vector: if this changes, every existing ledger's hashes change with it.
        let transfer = Fixture.transfer(key: "vector-1")
        let payload = TransferPayload(transfer: transfer, region: .thirdCountry, referenceData: ReferenceData.embedded.version,
                                      salt: Array(repeating: 0xAB, count: 16))
        let document = #"{"idempotencyKey":"vector-1","loggedBy":"svc:test","salt":"abababababababababababababababab"}"#
        #expect(String(decoding: payload.privateDocument, as: UTF8.self) == document)
        let text = String(decoding: payload.canonicalBytes, as: UTF8.self)
        #expect(text.contains(#""private":""# + SHA256.hash(Array(document.utf8)).hex + #"""#))
        #expect(!text.contains("vector-1") && !text.contains("svc:test"))
        #expect(text.hasPrefix(#"{"criminalData":false,"dataCategories":["identity","contact"],"destination":"IN","#))
    }

    @Test func storedPayloadsDecodeToTheSameTransfer() throws {
        let transfer = Fixture.fullyPopulated
        var payload = TransferPayload(transfer: transfer, region: .adequate, referenceData: ReferenceData.embedded.version)
        // Every stored transfer carries the verdict it was judged with on append.
        payload.verdict = PolicyEngine().evaluate(transfer, registry: Registry()) { _ in nil }
        let decoded = try TransferPayload(bytes: payload.canonicalBytes, privateDocument: payload.privateDocument)
        #expect(decoded.transfer == transfer)
        #expect(decoded.region == .adequate)
        #expect(decoded.referenceData == ReferenceData.embedded.version)
        #expect(decoded.verdict == payload.verdict)
        #expect(decoded.verdict?.status == .nonCompliant, "an empty registry knows none of the parties")
        #expect(decoded.canonicalBytes == payload.canonicalBytes)
    }

    @Test func aStoredPayloadWithoutItsVerdictIsRefused() throws {
        let payload = TransferPayload(transfer: Fixture.fullyPopulated, region: .adequate, referenceData: ReferenceData.embedded.version)
        #expect(!String(decoding: payload.canonicalBytes, as: UTF8.self).contains("validation"))
        let error = try #require(throws: RecordError.self) {
            try TransferPayload(bytes: payload.canonicalBytes, privateDocument: payload.privateDocument)
        }
        #expect(error.field == "validation" && error.rule == .missingField, "\(error)")
    }
}
