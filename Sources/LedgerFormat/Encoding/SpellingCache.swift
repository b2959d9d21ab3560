/// Values one decoder has read, by their canonical bytes: verdicts, parties, references and code
/// lists, which a ledger repeats from entry to entry. A hit costs a hash and a comparison instead of
/// a parse and its allocations; equal bytes read as equal values, so it is exactly what parsing
/// would give.
///
/// One slot per hash value, a later spelling replacing an earlier one in its slot: lookups stay
/// cheap, memory stays bounded, and a ledger with more distinct spellings than slots only misses more.
struct SpellingCache<Value> {
    /// Empty until the first value is remembered: a decoder that never meets a kind of value does not
    /// pay for its slots.
    private var slots: [(spelling: [UInt8], value: Value)?] = []
    private let slotCount: Int

    /// A cache of `count` slots, a power of two, or 0 for one that remembers nothing.
    init(slots count: Int) {
        slotCount = count
    }

    /// The value remembered for exactly `bytes`, if any.
    func value(spelledBy bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        guard !slots.isEmpty, let slot = slots[slot(of: bytes)], slot.spelling.isEqual(to: bytes) else { return nil }
        return slot.value
    }

    /// Remembers that `bytes` read as `value`.
    mutating func remember(_ value: Value, spelledBy bytes: UnsafeBufferPointer<UInt8>) {
        guard slotCount > 0 else { return }
        if slots.isEmpty { slots = Array(repeating: nil, count: slotCount) }
        slots[slot(of: bytes)] = (Array(bytes), value)
    }

    /// A quick 64-bit mix of the bytes, eight at a time, down to a slot index.
    private func slot(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let raw = UnsafeRawBufferPointer(bytes)
        var hash = UInt64(truncatingIfNeeded: bytes.count) &* 0x9E37_79B9_7F4A_7C15
        var offset = 0
        while offset + 8 <= raw.count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            offset += 8
        }
        while offset < raw.count {
            hash = (hash ^ UInt64(raw[offset])) &* 0xC4CE_B9FE_1A85_EC53
            offset += 1
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29)) & (slotCount - 1)
    }
}

extension CanonicalReader {
    /// Where the spelling of a value `cached(in:through:_:)` looks up ends.
    enum SpellingEnd {
        /// At the next `"`: a string's.
        case string
        /// At the next `]`: a list of codes or references.
        case list
        /// At the next `}`: a party's, an object without nested ones.
        case party
        /// At the bracket that closes the object or array, strings skipped: a verdict's.
        case container
    }

    /// The next value as `read` reads it, or as `cache` remembers its bytes: repeated spellings are
    /// neither parsed nor allocated again. The bytes looked up may not be the value's (the first `]`
    /// of a list whose strings hold one): then they match no remembered spelling, since each is a
    /// complete value `read` consumed, and the value is read and remembered by its real spelling.
    mutating func cached<Value>(in cache: inout SpellingCache<Value>, through end: SpellingEnd,
                                _ read: (inout CanonicalReader) -> Value?) -> Value? {
        let start = position
        let proposed = switch end {
        case .string: spelling(through: UInt8(ascii: "\""))
        case .list: spelling(through: UInt8(ascii: "]"))
        case .party: spelling(through: UInt8(ascii: "}"))
        case .container: containerAhead()
        }
        if let proposed, let value = cache.value(spelledBy: proposed) {
            skip(proposed.count)
            return value
        }
        guard let value = read(&self) else { return nil }
        cache.remember(value, spelledBy: spelling(from: start))
        return value
    }

    /// The bytes of the next object or array, by its brackets, without moving on.
    private func containerAhead() -> UnsafeBufferPointer<UInt8>? {
        var ahead = self
        return ahead.skipContainer()
    }
}
