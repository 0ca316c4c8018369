import Foundation

/// A small, fast, seedable generator (SplitMix64): reproducible across platforms and runs,
/// which the system generator is not.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed &+ 0x9E37_79B9_7F4A_7C15
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in [-bound, bound).
    public mutating func symmetric(_ bound: Double) -> Double {
        (2 * unit() - 1) * bound
    }

    /// Standard normal (Box–Muller).
    public mutating func gaussian() -> Double {
        var u = unit()
        while u <= 0 { u = unit() }
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * unit())
    }
}
