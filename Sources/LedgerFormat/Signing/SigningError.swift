internal import CLibCrypto

/// Why a key could not be created or a signature could not be made.
public enum SigningError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An Ed25519 seed (private key) was not exactly 32 bytes.
    case invalidSeedLength(Int)

    /// An Ed25519 public key was not exactly 32 bytes.
    case invalidPublicKeyLength(Int)

    /// A libcrypto call failed; carries the function name and OpenSSL's own error text.
    case libcrypto(function: String, reason: String)

    /// A one-line rendering for messages and logs.
    public var description: String {
        switch self {
        case .invalidSeedLength(let count): "Ed25519 private key seed is \(count) bytes long, not 32"
        case .invalidPublicKeyLength(let count): "Ed25519 public key is \(count) bytes long, not 32"
        case let .libcrypto(function, reason): "\(function) failed: \(reason)"
        }
    }

    /// Captures and clears the calling thread's OpenSSL error queue for a failed call to `function`.
    static func fromLibcrypto(_ function: String) -> SigningError {
        let code = ERR_get_error()
        // Drain the rest so a later, unrelated failure does not report this one's cause.
        while ERR_get_error() != 0 {}
        guard code != 0 else { return .libcrypto(function: function, reason: "no OpenSSL error recorded") }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        let text = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return .libcrypto(function: function, reason: String(decoding: text, as: UTF8.self))
    }
}
