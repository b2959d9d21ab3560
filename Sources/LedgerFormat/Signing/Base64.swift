/// Standard RFC 4648 §4 base64 with padding, strict in both directions, as signed notes and checkpoints use.
///
/// The decoder rejects what lenient decoders quietly accept (missing or extra padding, whitespace, the URL
/// alphabet, non-zero bits after the last byte), so each byte string has exactly one accepted text form and
/// a tampered note cannot be re-encoded into an equal-looking one.
package enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let padding = UInt8(ascii: "=")

    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, symbol) in alphabet.enumerated() { table[Int(symbol)] = UInt8(value) }
        return table
    }()

    /// Encodes `bytes` as padded standard base64.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity((input.count + 2) / 3 * 4)
        var index = 0
        while index < input.count {
            let remaining = input.count - index
            let b0 = input[index]
            let b1 = remaining > 1 ? input[index + 1] : 0
            let b2 = remaining > 2 ? input[index + 2] : 0
            output.append(alphabet[Int(b0 >> 2)])
            output.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            output.append(remaining > 1 ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : padding)
            output.append(remaining > 2 ? alphabet[Int(b2 & 0x3F)] : padding)
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes padded standard base64, or returns nil unless `text` is the canonical encoding of some bytes.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let input = Array(text.utf8)
        guard input.count % 4 == 0 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        var index = 0
        while index < input.count {
            let isLast = index + 4 == input.count
            let pads = isLast ? input[index...].reversed().prefix { $0 == padding }.count : 0
            guard pads <= 2 else { return nil }
            var group: UInt32 = 0
            for offset in 0..<(4 - pads) {
                let value = values[Int(input[index + offset])]
                guard value != 0xFF else { return nil }
                group = group << 6 | UInt32(value)
            }
            // Canonical form: the bits below the last encoded byte must be zero.
            switch pads {
            case 0:
                output += [UInt8(truncatingIfNeeded: group >> 16), UInt8(truncatingIfNeeded: group >> 8),
                           UInt8(truncatingIfNeeded: group)]
            case 1:
                guard group & 0x03 == 0 else { return nil }
                output += [UInt8(truncatingIfNeeded: group >> 10), UInt8(truncatingIfNeeded: group >> 2)]
            default:
                guard group & 0x0F == 0 else { return nil }
                output.append(UInt8(truncatingIfNeeded: group >> 4))
            }
            index += 4
        }
        return output
    }
}
