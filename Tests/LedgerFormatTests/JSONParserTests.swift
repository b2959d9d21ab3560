import Testing
@testable import LedgerFormat

@Suite("JSONParser: strict RFC 8259")
struct JSONParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONParser.parse(#" { "a" : [1, -2, true, false, null, "x"], "b": {}, "c": [] , "d": "\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00" } "#)
        #expect(value == .object([
            "a": .array([.integer(1), .integer(-2), .bool(true), .bool(false), .null, .string("x")]),
            "b": .object([:]),
            "c": .array([]),
            "d": .string("\"\\/\u{8}\u{C}\n\r\té😀"),
        ]))
    }

    @Test(arguments: [
        ("0", JSONValue.integer(0)),
        ("-0", .integer(0)),
        ("42", .integer(42)),
        ("-17", .integer(-17)),
        ("9223372036854775807", .integer(.max)),
        ("-9223372036854775808", .integer(.min)),
        ("9223372036854775808", .number("9223372036854775808")),
        ("1.0", .number("1.0")),
        ("-0.5", .number("-0.5")),
        ("1e2", .number("1e2")),
        ("1E+2", .number("1E+2")),
        ("2.5e-3", .number("2.5e-3")),
    ])
    func integersAreKeptApartFromOtherNumbers(text: String, expected: JSONValue) throws {
        #expect(try JSONParser.parse(text) == expected)
    }

    @Test(arguments: [
        ("01", "leading zero"),
        ("1.", "fraction without digits"),
        (".5", "no integer part"),
        ("+1", "plus sign"),
        ("-", "sign alone"),
        ("1e", "exponent without digits"),
        ("1e+", "signed exponent without digits"),
        ("0x10", "hexadecimal"),
        ("NaN", "NaN"),
        ("Infinity", "Infinity"),
        ("-Infinity", "negative Infinity"),
    ])
    func rejectsMalformedNumbers(text: String, why: String) {
        #expect(throws: JSONParser.SyntaxError.self, "\(why): \(text)") { try JSONParser.parse(text) }
    }

    @Test func rejectsDuplicateKeys() throws {
        let error = try #require(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(#"{"a":1,"a":2}"#) }
        #expect(error.reason.contains("duplicate"))
        #expect(error.offset == 7, "the offset points at the second key")
    }

    @Test func rejectsKeysThatAreDuplicatesOnlyAfterUnescaping() {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(#"{"a":1,"\u0061":2}"#) }
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(#"{"x":{"é":1,"\u00e9":2}}"#) }
    }

    @Test func acceptsEqualKeysInDifferentObjects() throws {
        #expect(try JSONParser.parse(#"{"a":{"a":1},"b":{"a":2}}"#) == .object(["a": .object(["a": .integer(1)]), "b": .object(["a": .integer(2)])]))
    }

    @Test(arguments: [#"[1,]"#, #"{"a":1,}"#, #"[1,,2]"#, #"[,1]"#, #"{,}"#])
    func rejectsTrailingAndStrayCommas(text: String) {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test(arguments: ["{} x", "1 2", "{}{}", "[1]]", "\"a\" \"b\"", "null,", "true\u{0}"])
    func rejectsTrailingContent(text: String) {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test(arguments: ["", "   ", "tru", "nul", "True", "NULL", "'a'", "{a:1}", "[1 2]", #"{"a" 1}"#, #"{"a":}"#, "[", "{", "\"abc"])
    func rejectsOtherSyntaxErrors(text: String) {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test(arguments: [#""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, #""\ud800x""#, #""\ud800\ud800""#, #""\udfff\ud800""#, #""x\ud83d""#])
    func rejectsLoneSurrogates(text: String) {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test func acceptsSurrogatePairs() throws {
        #expect(try JSONParser.parse(#""\ud83d\ude00\uD834\uDD1E""#) == .string("😀𝄞"))
    }

    @Test(arguments: [
        [0x22, 0xFF, 0x22],                   // never valid in UTF-8
        [0x22, 0xC0, 0xAF, 0x22],             // overlong encoding of '/'
        [0x22, 0xE2, 0x82, 0x22],             // truncated three-byte sequence
        [0x22, 0xED, 0xA0, 0x80, 0x22],       // a surrogate encoded directly (CESU-8)
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], // beyond U+10FFFF
        [0x22, 0x80, 0x22],                   // a lone continuation byte
        [0xFF],                               // outside any string
    ] as [[UInt8]])
    func rejectsInvalidUTF8(bytes: [UInt8]) {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(bytes) }
    }

    @Test func acceptsMultibyteUTF8() throws {
        #expect(try JSONParser.parse(Array("\"é€😀\"".utf8)) == .string("é€😀"))
    }

    @Test(arguments: Array(0x00..<0x20) as [UInt8])
    func rejectsUnescapedControlCharactersInStrings(byte: UInt8) {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse([0x22, 0x61, byte, 0x62, 0x22]) }
    }

    @Test(arguments: [#""\x""#, #""\u12""#, #""\u12G4""#, #""\'""#, #""\U0041""#, #""\"#])
    func rejectsInvalidEscapes(text: String) {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test(arguments: [#""\u+041""#, #""\u-000""#])
    func rejectsSignedHexInUnicodeEscapes(text: String) {
        // RFC 8259 §7: \u is followed by exactly four hex digits; a sign is not one.
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test func acceptsNestingUpToSixtyFourLevels() throws {
        let arrays = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        _ = try JSONParser.parse(arrays)
        let objects = String(repeating: #"{"a":"#, count: 63) + "{}" + String(repeating: "}", count: 63)
        _ = try JSONParser.parse(objects)
    }

    @Test(arguments: [65, 1_000, 100_000])
    func rejectsDeeperNesting(depth: Int) {
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(arrays) }
        let objects = String(repeating: #"{"a":"#, count: depth - 1) + "{}" + String(repeating: "}", count: depth - 1)
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(objects) }
    }

    @Test func reportsTheOffsetOfTheProblem() throws {
        let error = try #require(throws: JSONParser.SyntaxError.self) { try JSONParser.parse("[1, 2, x]") }
        #expect(error.offset == 7)
        #expect(error.description.hasPrefix("invalid JSON at byte 7"))
    }
}
