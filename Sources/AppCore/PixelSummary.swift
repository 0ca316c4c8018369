import Foundation

/// Training pixels in a region and how well the network fits them there.
public struct PixelSummary: Sendable, Equatable {
    public var count = 0
    /// Pixels whose class the network gets right (binary and classes).
    public var correct = 0
    /// Sum of squared errors over the pixels' channels, and how many values (regression).
    public var squaredError = 0.0
    public var values = 0

    /// Peak signal-to-noise ratio in dB for values in [0, 1] (regression).
    public var psnr: Double {
        guard values > 0 else { return 0 }
        let mse = squaredError / Double(values)
        return mse > 0 ? 10 * log10(1 / mse) : .infinity
    }
}
