import LedgerSample
import TransferLedger

/// Seeded mutations of valid inputs, the kinds of damage issue 11's review found: flipped bytes, cut
/// files, control bytes, numbers beyond every integer type, deep nesting, long strings, invalid UTF-8,
/// duplicate keys, and JSON members deleted or of the wrong type.
struct Mutator {
    var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int.random(in: 0..<bound, using: &random) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }

    /// Texts that overflow, underflow or bend a number field.
    static let numbers = ["18446744073709551615", "18446744073709551616", "9223372036854775807", "9223372036854775808",
                          "-9223372036854775808", "-1", "-0", "1e999", "0.5", "1E2", "00", "99999999999999999999999999999"]
    /// Byte runs that are not valid UTF-8: a lone continuation, an overlong NUL, a surrogate, a cut sequence.
    static let invalidUTF8: [[UInt8]] = [[0xFF], [0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80]]
    /// Control and formatting bytes: NUL, ESC, line breaks, DEL, a bidirectional override.
    static let controls: [[UInt8]] = [[0x00], [0x1B], [0x0A], [0x0D], [0x0B], [0x0C], [0x7F], [0xE2, 0x80, 0xAE], [0x09]]

    /// One byte-level mutation of `bytes`, or a few stacked.
    mutating func mutateBytes(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0...below(3) { bytes = mutateOnce(bytes) }
        return bytes
    }

    private mutating func mutateOnce(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        let at = below(bytes.count + 1)
        switch below(9) {
        case 0 where !bytes.isEmpty: bytes[min(at, bytes.count - 1)] ^= UInt8(1 << below(8))
        case 1: bytes = Array(bytes.prefix(at))
        case 2: bytes.insert(contentsOf: pick(Self.controls), at: at)
        case 3: bytes.insert(contentsOf: pick(Self.invalidUTF8), at: at)
        case 4: bytes = replacingDigits(bytes)
        case 5: bytes.insert(contentsOf: Array(repeating: UInt8(ascii: pick(["[", "{", "\""])), count: pick([70, 1_000, 100_000])), at: at)
        case 6: bytes.insert(contentsOf: Array(repeating: UInt8(ascii: "A"), count: pick([300, 70_000, 2_000_000])), at: at)
        case 7 where !bytes.isEmpty:
            let start = below(bytes.count), length = below(min(64, bytes.count - start) + 1)
            bytes.removeSubrange(start..<start + length)
        default:
            // A slice of the input repeated elsewhere: duplicated lines, members and signatures.
            let start = below(bytes.count + 1), length = below(min(200, bytes.count - start) + 1)
            bytes.insert(contentsOf: bytes[start..<start + length], at: below(bytes.count + 1))
        }
        return bytes
    }

    /// The input with one run of digits replaced by a number no field accepts as is.
    private mutating func replacingDigits(_ bytes: [UInt8]) -> [UInt8] {
        let digits = bytes.indices.filter { (0x30...0x39).contains(bytes[$0]) && ($0 == 0 || !(0x30...0x39).contains(bytes[$0 - 1])) }
        guard !digits.isEmpty else { return bytes + Array(pick(Self.numbers).utf8) }
        let start = pick(digits)
        var end = start
        while end < bytes.count, (0x30...0x39).contains(bytes[end]) { end += 1 }
        var result = bytes
        result.replaceSubrange(start..<end, with: Array(pick(Self.numbers).utf8))
        return result
    }

    /// One structural mutation of a JSON value: a member deleted, duplicated or of another type, somewhere
    /// in the tree; nil when `value` offers nothing to change.
    mutating func mutateJSON(_ value: JSONValue, depth: Int = 0) -> JSONValue {
        switch value {
        case .object(let object) where !object.isEmpty && (depth == 0 || chance(60)):
            var members = object
            let name = pick(object.keys.sorted())
            switch below(4) {
            case 0: members[name] = nil
            case 1: members[name] = replacement(for: object[name] ?? .null)
            case 2: members["x-" + name] = object[name]
            default: members[name] = mutateJSON(object[name] ?? .null, depth: depth + 1)
            }
            return .object(members)
        case .array(var elements) where !elements.isEmpty && chance(70):
            let index = below(elements.count)
            switch below(3) {
            case 0: elements.remove(at: index)
            case 1: elements.append(elements[index])
            default: elements[index] = mutateJSON(elements[index], depth: depth + 1)
            }
            return .array(elements)
        default:
            return replacement(for: value)
        }
    }

    /// A value of another type or shape where `value` stood.
    private mutating func replacement(for value: JSONValue) -> JSONValue {
        switch below(9) {
        case 0: return .null
        case 1: return .bool(chance(50))
        case 2: return .integer(pick([Int64.max, Int64.min, -1, 0, 1 << 62]))
        case 3: return .string(String(repeating: "x", count: pick([0, 1, 65, 5_000])))
        case 4: return .array([value, value])
        case 5: return .object(["value": value])
        case 6: return .string(pick(["2026-02-30T00:00:00Z", "9999-12-31T23:59:59.999999Z", "0000-01-01", "+10000-01-01T00:00:00Z"]))
        case 7: return .string("\u{1B}[31m\u{202E}\nError: forged")
        default: return .string(pick(["controller", "IN", "XK", "EEA", "b1k_10k", "scc2021_914", "NW-IN", "entity", "tia"]))
        }
    }

    /// A mutated line of JSON text: structural (then canonical) or byte-level, with duplicate keys too.
    mutating func mutateJSONLine(_ line: String) -> [UInt8] {
        guard chance(55), let value = try? JSONParser.parse(line) else { return mutateBytes(Array(line.utf8)) }
        var text = Array(CanonicalJSON.encode(mutateJSON(value)))
        if chance(20), let object = value.objectValue, let name = object.keys.sorted().first, text.first == UInt8(ascii: "{") {
            // The same member twice: a duplicate key, which no parser may resolve silently.
            text.insert(contentsOf: Array("\(JSONValue.string(name).canonicalText):1,".utf8), at: 1)
        }
        return chance(25) ? mutateBytes(text) : text
    }

    /// A mutated text of lines (checkpoints, keys, signatures, CSV): lines dropped, repeated or swapped, or bytes.
    mutating func mutateLines(_ bytes: [UInt8]) -> [UInt8] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        guard chance(40), lines.count > 1 else { return mutateBytes(bytes) }
        let index = below(lines.count)
        switch below(3) {
        case 0: lines.remove(at: index)
        case 1: lines.insert(lines[index], at: below(lines.count + 1))
        default: lines.swapAt(index, below(lines.count))
        }
        return Array(lines.joined(separator: [0x0A]))
    }
}
