/// Removes passwords from text that may quote a connection string: libpq's and the server's messages,
/// and URIs the ledger prints. A password must never reach an error, a receipt or a log line.
package enum PostgresRedaction {
    /// What replaces a password.
    static let mask = "***"

    /// `text` with every occurrence of each of `secrets`, the password part of every `postgres://` or
    /// `postgresql://` URI, every `password=` key/value and every SQL `PASSWORD '…'` replaced by `***`.
    static func redact(_ text: String, secrets: [String] = []) -> String {
        var text = text
        // Longest first, so a password that contains another secret is masked whole.
        for secret in secrets.filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) {
            text = text.replacing(secret, with: mask)
        }
        for pattern in patterns(for: text) {
            text = text.replacing(pattern) { match in
                (match.output[1].substring.map(String.init) ?? "") + mask + (match.output[3].substring.map(String.init) ?? "")
            }
        }
        return text
    }

    /// The passwords written in a connection string, URI or key/value form, as written and
    /// percent-decoded: redacted by value too, because libpq quotes a malformed component (such as a
    /// bad percent escape in the password) on its own, out of the URI around it.
    static func passwords(in connectionString: String) -> [String] {
        var found: [String] = []
        let (userInfo, passwordWord) = mayHoldPassword(connectionString)
        if userInfo, let uriPassword, let match = connectionString.firstMatch(of: uriPassword), let password = match.output[2].substring, !password.isEmpty {
            found.append(String(password))
        }
        for match in (passwordWord ? keyValuePassword : nil).map({ connectionString.matches(of: $0) }) ?? [] {
            guard var value = match.output[2].substring.map(String.init), !value.isEmpty else { continue }
            if value.hasPrefix("'"), value.hasSuffix("'"), value.count >= 2 {
                value = String(value.dropFirst().dropLast()).replacing("\\'", with: "'").replacing("\\\\", with: "\\")
            }
            found.append(value)
        }
        return found + found.compactMap(percentDecoded).filter { !found.contains($0) }
    }

    /// A URI or key/value connection string fit to print: its passwords masked.
    package static func redactedConnectionString(_ connectionString: String) -> String {
        redact(connectionString, secrets: passwords(in: connectionString))
    }

    /// The patterns that could match `text`: none for the usual message or URI, which names no
    /// password and has no user info, since building a pattern costs far more than the match (an
    /// expected error, such as a refused link, is built on a hot path).
    private static func patterns(for text: String) -> [Regex<AnyRegexOutput>] {
        let (userInfo, passwordWord) = mayHoldPassword(text)
        return [userInfo ? uriPassword : nil, passwordWord ? keyValuePassword : nil, passwordWord ? sqlPassword : nil].compactMap { $0 }
    }

    /// Whether `text` has a URI whose user info holds a colon (where a URI password is), and the word
    /// "password" (the key/value and SQL forms), in any case.
    private static func mayHoldPassword(_ text: String) -> (userInfo: Bool, passwordWord: Bool) {
        var userInfo = false
        var rest = Substring(text)
        while !userInfo, let scheme = rest.firstRange(of: "://") {
            rest = rest[scheme.upperBound...]
            let authority = rest.prefix { $0 != "@" && $0 != "/" && !$0.isWhitespace }
            userInfo = authority.endIndex < rest.endIndex && rest[authority.endIndex] == "@" && authority.contains(":")
        }
        return (userInfo, text.lowercased().contains("password"))
    }

    // The patterns are built from strings when used: only on error paths, and a Regex is not
    // Sendable, so it cannot be a stored static. A malformed one is nil (and a test fails) instead of
    // a trap. Each captures the text before the password (group 1), the password (group 2) and the
    // text after it (group 3).

    /// `scheme://user:PASSWORD@`: libpq ends the user info at the first `@` before any `/`.
    private static var uriPassword: Regex<AnyRegexOutput>? { try? Regex("(?i)(postgres(?:ql)?://[^:@/\\s]*:)([^@/\\s]*)(@)") }
    /// `password=VALUE`, `password = 'quoted value'`, or `password=VALUE&` in a URI query.
    private static var keyValuePassword: Regex<AnyRegexOutput>? { try? Regex("(?i)(\\bpassword\\s*=\\s*)('(?:[^'\\\\]|\\\\.)*'|[^\\s&'\"]*)()") }
    /// SQL's `PASSWORD 'VALUE'` (CREATE or ALTER ROLE) echoed in a statement or message.
    private static var sqlPassword: Regex<AnyRegexOutput>? { try? Regex("(?i)(\\bpassword\\s+')((?:[^']|'')*)(')") }

    private static func percentDecoded(_ text: String) -> String? {
        guard text.contains("%") else { return nil }
        var bytes: [UInt8] = []
        var utf8 = text.utf8.makeIterator()
        while let byte = utf8.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = utf8.next(), let low = utf8.next(),
                  let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
