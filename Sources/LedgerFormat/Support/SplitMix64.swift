/// A small seeded generator (SplitMix64), so samples and property tests are reproducible from a seed.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The current state: a test that fails reports it, and a generator seeded with it replays the rest.
    public private(set) var state: UInt64

    /// A generator whose whole output is determined by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next pseudo-random number.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
