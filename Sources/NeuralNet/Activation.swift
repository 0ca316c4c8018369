/// The hidden-layer nonlinearity. ReLU is LeakyReLU with slope 0, so one type covers both;
/// the name is kept so a model file says what its author meant.
public struct Activation: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Multiplier for negative inputs: 0 for ReLU.
    public let negativeSlope: Double

    public static let relu = Activation(negativeSlope: 0)
    public static func leakyReLU(_ slope: Double) -> Activation { Activation(negativeSlope: slope) }

    public init(negativeSlope: Double) {
        self.negativeSlope = negativeSlope
    }

    /// Parses the names used in model metadata and on the command line.
    public init(name: String, negativeSlope: Double?) throws {
        switch name.lowercased().replacingOccurrences(of: "-", with: "_") {
        case "relu":
            self.init(negativeSlope: 0)
        case "leaky_relu", "leakyrelu":
            let slope = negativeSlope ?? 0.01  // PyTorch's default for nn.LeakyReLU
            guard slope.isFinite else { throw ModelError.invalidActivation("negative slope \(slope) is not finite") }
            self.init(negativeSlope: slope)
        default:
            throw ModelError.invalidActivation("unsupported activation '\(name)' (expected relu or leaky_relu)")
        }
    }

    public var isReLU: Bool { negativeSlope == 0 }
    public var name: String { isReLU ? "relu" : "leaky_relu" }
    public var description: String { isReLU ? "ReLU" : "LeakyReLU(\(negativeSlope))" }

    @inline(__always)
    public func apply(_ z: Double) -> Double { z > 0 ? z : negativeSlope * z }

    @inline(__always)
    public func derivative(active: Bool) -> Double { active ? 1 : negativeSlope }
}
