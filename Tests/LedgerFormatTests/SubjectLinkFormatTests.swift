#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import LedgerFormat

/// Subject tokens and link commitments (FORMAT.md §4.7): HMAC known answers, the format's worked
/// example, the identifier normalisation and the key file.
@Suite struct SubjectLinkFormatTests {
    /// The worked example's key: the bytes 0x00 to 0x1f.
    static let key = SubjectKey(bytes: Array(0...31))!

    @Test func hmacMatchesRFC4231() {
        // Test case 2 (a short key) and test case 6 (a key longer than the block, hashed first).
        #expect(HMACSHA256.authenticationCode(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)).hex
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(HMACSHA256.authenticationCode(key: [UInt8](repeating: 0xaa, count: 131),
                                              message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)).hex
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func theWorkedExampleRecomputes() throws {
        let identifier = try SubjectIdentifier(" Alice.Martin@Example.COM ", kind: .email)
        #expect(String(decoding: identifier.normalised, as: UTF8.self) == "alice.martin@example.com")
        let token = SubjectToken(identifier: identifier, key: Self.key)
        #expect(token.description == "7b174a81e8eae133439c82f2e0796dec372b14c61fd40c89da6228e6f9e194b9")
        let link = SubjectLink(token: token, salt: Array(0xa0...0xaf))
        #expect(link.commitment().hex == "0036779ae45dfbeb0267873a9332726fa98ff2e2e29a6ac65ca60aa5b7967fc6")
        let employee = SubjectToken(identifier: try SubjectIdentifier("NW-FR:004711", kind: .employee), key: Self.key)
        #expect(employee.description == "b28ea11b0613729fc645012ae71801ed77d385cc1220966ff440d913b81a26f3")
        // A plain hash of the address, which anyone could compute, is not the token.
        #expect(SHA256.hash(Array("alice.martin@example.com".utf8)).hex != token.description)
        #expect(SubjectToken(hex: token.description) == token)
    }

    @Test func kindAndKeySeparateTokens() throws {
        let email = SubjectToken(identifier: try SubjectIdentifier("a@b.c", kind: .email), key: Self.key)
        let employee = SubjectToken(identifier: try SubjectIdentifier("a@b.c", kind: .employee), key: Self.key)
        let otherKey = SubjectToken(identifier: try SubjectIdentifier("a@b.c", kind: .email), key: SubjectKey.generate())
        #expect(email != employee && email != otherKey)
        // Employee numbers keep their case; e-mail addresses do not.
        #expect(try SubjectIdentifier("NW-FR:AB1", kind: .employee).normalised != SubjectIdentifier("nw-fr:ab1", kind: .employee).normalised)
        #expect(try SubjectIdentifier("A@B.C", kind: .email).normalised == SubjectIdentifier("a@b.c", kind: .email).normalised)
    }

    @Test(arguments: ["", "   ", "no-at-sign", "two@@example.com", "@example.com", "alice@", "a\u{7}b@example.com",
                      String(repeating: "x", count: 250) + "@example.com"])
    func malformedEmailIdentifiersAreRefusedWithoutEchoingThem(_ text: String) {
        #expect(throws: RecordError.self) { try SubjectIdentifier(text, kind: .email) }
        do {
            _ = try SubjectIdentifier(text, kind: .email)
        } catch {
            #expect(text.isEmpty || text.trimmingSpaces.isEmpty || !error.message.contains(text), "the message echoes the identifier")
        }
    }

    @Test(arguments: ["7B174A81E8EAE133439C82F2E0796DEC372B14C61FD40C89DA6228E6F9E194B9", "7b17", "", "zz" + String(repeating: "0", count: 62)])
    func tokensAreLowercaseHexOf32Bytes(_ text: String) {
        #expect(SubjectToken(hex: text) == nil)
    }

    @Test func theKeyFileIsWrittenPrivateAndRefusedWhenOthersMayReadIt() throws {
        let directory = "/tmp/subject-key-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        #expect(mkdir(directory, 0o700) == 0)
        defer { _ = unlink(directory + "/k"); _ = rmdir(directory) }
        let key = SubjectKey.generate()
        try key.write(to: directory + "/k")
        var status = stat()
        #expect(stat(directory + "/k", &status) == 0 && status.st_mode & 0o777 == 0o600)
        #expect(try SubjectKey.read(directory + "/k").bytes == key.bytes)
        #expect(throws: KeyFile.Failure.self) { try SubjectKey.generate().write(to: directory + "/k") }
        #expect(chmod(directory + "/k", 0o644) == 0)
        #expect { try SubjectKey.read(directory + "/k") } throws: { ($0 as? KeyFile.Failure)?.kind == .malformed }
    }
}

private extension String {
    var trimmingSpaces: String { String(unicodeScalars.filter { $0 != " " }) }
}

/// The BCR fact's optional `publicVersion` (FORMAT.md §4.2): where a data subject obtains the BCR.
@Suite struct BcrPublicVersionTests {
    static func bcr(_ publicVersion: String?) -> JSONValue {
        var members: JSONObject = [
            "id": .string("BCR-C-1"), "type": .string("controller"), "leadAuthority": .string("CNIL"), "validFrom": .string("2021-03-01"),
            "coveredCountries": .array([.string("IN")]), "dataCategories": .array([.string("identity")]), "purposes": .array([.string("payroll")]),
        ]
        members["publicVersion"] = publicVersion.map(JSONValue.string)
        return .object(members)
    }

    @Test func anHttpsURLIsKeptAndWrittenBack() throws {
        let bcr = try BcrInstrument(json: Self.bcr("https://group.example/bcr"))
        #expect(bcr.publicVersion == "https://group.example/bcr")
        #expect(bcr.jsonValue.objectValue?["publicVersion"] == .string("https://group.example/bcr"))
        #expect(try BcrInstrument(json: Self.bcr(nil)).jsonValue.objectValue?["publicVersion"] == nil, "absent stays absent")
    }

    @Test(arguments: ["http://group.example/bcr", "https://", "https://group.example/a b", "ftp://x", "https://x/" + String(repeating: "a", count: 200), ""])
    func anythingElseIsRefusedNamingTheField(_ url: String) {
        #expect { try BcrInstrument(json: Self.bcr(url)) } throws: { ($0 as? RecordError)?.field == "publicVersion" }
    }
}
