/// The C2SP signed-note signature types this library implements, and their key ID rule.
public enum NoteSignatureType: UInt8, Hashable, Sendable, CaseIterable {
    /// An Ed25519 signature over the note text (C2SP signed-note).
    case ed25519 = 0x01

    /// A timestamped Ed25519 checkpoint cosignature (C2SP tlog-cosignature, `cosignature/v1`).
    case ed25519Cosignature = 0x04
}

/// Key IDs and key names as C2SP signed-note defines them.
package enum NoteKeyID {
    /// SHA-256(name ‖ 0x0A ‖ type ‖ public key), first four bytes read big-endian.
    public static func compute(name: String, type: NoteSignatureType, publicKey: Ed25519PublicKey) -> UInt32 {
        let hash = SHA256().hash(Array(name.utf8), [0x0A, type.rawValue], publicKey.bytes)
        return hash.bytes.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The key ID as 8 lowercase hex digits, the form key texts use.
    public static func hex(_ keyID: UInt32) -> String {
        Hex.encode(bigEndianBytes(keyID))
    }

    /// The key ID's four bytes, most significant first, as signatures carry it.
    static func bigEndianBytes(_ keyID: UInt32) -> [UInt8] {
        [UInt8(truncatingIfNeeded: keyID >> 24), UInt8(truncatingIfNeeded: keyID >> 16),
         UInt8(truncatingIfNeeded: keyID >> 8), UInt8(truncatingIfNeeded: keyID)]
    }

    /// Parses exactly 8 hex digits into a key ID.
    static func parse(hex text: some StringProtocol) -> UInt32? {
        guard text.utf8.count == 8, let bytes = Hex.decode(String(text)) else { return nil }
        return bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Whether `name` is a valid key name: non-empty, no Unicode whitespace, no `+`.
    ///
    /// Control characters are excluded too, since a note may not contain them anywhere.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy {
            !$0.properties.isWhitespace && $0 != "+" && $0.value >= 0x20 && $0.value != 0x7F
        }
    }
}
