/// The parameters of a `BatchNorm1d` in eval mode, which then is the affine map
/// `y = γ (x − μ) / √(σ² + ε) + β` per feature and therefore folds exactly into the Linear before it.
public struct BatchNormFolding: Sendable, Equatable {
    public var gamma: [Double]
    public var beta: [Double]
    public var runningMean: [Double]
    public var runningVariance: [Double]
    public var eps: Double

    /// PyTorch's default `eps` for BatchNorm1d.
    public static let defaultEps = 1e-5

    public init(gamma: [Double], beta: [Double], runningMean: [Double], runningVariance: [Double], eps: Double) {
        precondition(
            [beta.count, runningMean.count, runningVariance.count].allSatisfy { $0 == gamma.count },
            "BatchNorm parameters of different lengths")
        self.gamma = gamma
        self.beta = beta
        self.runningMean = runningMean
        self.runningVariance = runningVariance
        self.eps = eps
    }

    public var features: Int { gamma.count }

    /// `W' = diag(γ/√(σ²+ε)) W`, `b' = γ (b − μ)/√(σ²+ε) + β`, all in Double: the folded layer computes
    /// what Linear followed by BatchNorm computes, up to rounding.
    public func folded(into layer: DenseLayer) -> DenseLayer {
        precondition(layer.outputs == features, "BatchNorm features do not match the layer's outputs")
        var weight = layer.weight
        var bias = layer.bias
        for o in 0..<layer.outputs {
            let scale = gamma[o] / (runningVariance[o] + eps).squareRoot()
            for i in 0..<layer.inputs { weight[o * layer.inputs + i] *= scale }
            bias[o] = scale * (bias[o] - runningMean[o]) + beta[o]
        }
        return DenseLayer(inputs: layer.inputs, outputs: layer.outputs, weight: weight, bias: bias)
    }
}
