import Foundation
import Testing
import LedgerTestSupport
import TransferLedger

/// Issue 11, item 11: bytes from input are escaped in every message, so input can neither forge a
/// second `Error:` line, nor drive the terminal (ESC, VT, FF, DEL), nor cut a message short (NUL).
@Suite("Untrusted text in messages is escaped and stays on one line")
struct UntrustedTextCLITests {
    /// Every control byte the review found reaching the terminal, plus a forged line.
    static let hostile = "\nError: forged second line\u{1B}[2J\u{0B}\u{0C}\u{7F}\u{0}tail"

    static func expectOneSafeLine(_ stderr: String, _ context: String) {
        let bytes = Array(stderr.utf8)
        #expect(bytes.last == 0x0A, "\(context)")
        #expect(!bytes.dropLast().contains { $0 < 0x20 || $0 == 0x7F }, "\(context): \(stderr.debugDescription)")
        // No line feed before the last byte: the forged "Error:" stays inside the one real line.
        #expect(stderr.hasPrefix("Error: "), "\(context)")
    }

    @Test func aKeyFileCannotForgeLinesOrReachTheTerminal() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.ledger()
        let key = session.write("forged.pub", Array("example.com/x+ZZ\(Self.hostile)+AAAA\n".utf8))
        let result = try await session.runGuarded(["verify", "--key", key, "--db", session.db])
        #expect(result.status != 0)
        Self.expectOneSafeLine(result.stderr, "verifier key")
        #expect(result.stderr.contains(#"\u{A}Error: forged second line\u{1B}[2J\u{B}\u{C}\u{7F}\u{0}tail"#), "\(result.stderr)")
    }

    @Test func aRecordCannotForgeLinesOrReachTheTerminal() async throws {
        let session = try CLISession()
        defer { session.remove() }
        try await session.initWithRegistry()
        let before = try session.entryCount()
        let json = JSONValue.object(["kind": .string("entity" + Self.hostile)]).canonicalText
        let result = try await session.runGuarded(["registry", "add", "--db", session.db], input: Array((json + "\n").utf8))
        #expect(result.status == 65)
        Self.expectOneSafeLine(result.stderr, "registry fact kind")
        #expect(result.stderr.contains("tail"), "a NUL must not cut the message: \(result.stderr)")
        #expect(try session.entryCount() == before)
    }

    @Test(arguments: [
        ("plain ASCII: 'x' [rule]", "plain ASCII: 'x' [rule]"),
        ("Zürich — “quoted” ×2 → €", "Zürich — “quoted” ×2 → €"),
        ("a\nb\r\tc", #"a\u{A}b\u{D}\u{9}c"#),
        ("\u{202E}evil\u{2028}\u{A0}", #"\u{202E}evil\u{2028}\u{A0}"#),
        ("\u{0}\u{7F}\u{9B}", #"\u{0}\u{7F}\u{9B}"#),
    ])
    func escapingKeepsLettersAndSymbolsAndEscapesTheRest(text: String, expected: String) {
        #expect(MessageText.escaped(text) == expected)
        #expect(MessageText.escaped(expected) == expected, "escaping twice changes nothing")
    }
}
