/// A ReLU/LeakyReLU network with any number of inputs: n → hidden layers → K. nnviz draws the
/// plane, so a network with n ≠ 2 inputs is looked at through a `PlaneSlice`, which folds the
/// plane's affine map into the first layer and gives an exact two-input `MLP`.
public struct GeneralNetwork: Sendable, Equatable {
    public var layers: [DenseLayer]
    public var activation: Activation

    /// Validates the chain n → … → K (1 ≤ K ≤ `MLP.maxOutputs`), at least one hidden layer and finite parameters.
    public init(layers: [DenseLayer], activation: Activation) throws {
        guard let last = layers.last else { throw ModelError.invalidArchitecture("no layers") }
        guard (1...MLP.maxOutputs).contains(last.outputs) else { throw ModelError.outputSize(last.outputs) }
        for i in layers.indices.dropFirst() where layers[i].inputs != layers[i - 1].outputs {
            throw ModelError.shapeMismatch(
                "layer \(i - 1) has \(layers[i - 1].outputs) outputs but layer \(i) takes \(layers[i].inputs) inputs")
        }
        for (i, layer) in layers.enumerated() {
            guard layer.outputs > 0, layer.inputs > 0 else {
                throw ModelError.invalidArchitecture("layer \(i) is empty")
            }
            if !layer.weight.allSatisfy(\.isFinite) { throw ModelError.nonFinite("layer \(i) weight") }
            if !layer.bias.allSatisfy(\.isFinite) { throw ModelError.nonFinite("layer \(i) bias") }
        }
        guard activation.negativeSlope.isFinite else {
            throw ModelError.invalidActivation("negative slope \(activation.negativeSlope) is not finite")
        }
        guard layers.count >= 2 else {
            throw ModelError.invalidArchitecture(
                "the network has no hidden layer (a single Linear layer is one region)")
        }
        self.layers = layers
        self.activation = activation
    }

    public init(_ mlp: MLP) {
        self.layers = mlp.layers
        self.activation = mlp.activation
    }

    public var inputCount: Int { layers[0].inputs }
    public var outputCount: Int { layers[layers.count - 1].outputs }
    public var hiddenWidths: [Int] { layers.dropLast().map(\.outputs) }

    /// The network itself when it takes (x, y); otherwise the one-line refusal that says how to open it.
    public func planeNetwork() throws -> MLP {
        guard inputCount == 2 else { throw ModelError.inputSize(inputCount) }
        return try MLP(layers: layers, activation: activation)
    }

    /// The exact restriction to a plane: `x = O + s u + t v` turns the first layer `W x + b` into
    /// `(W [u v]) (s, t) + (W O + b)`; every later layer is unchanged.
    public func restricted(to plane: PlaneSlice) throws -> MLP {
        guard plane.dimension == inputCount else {
            throw ModelError.invalidPlane(
                "the points have \(plane.dimension) coordinates but the model takes \(inputCount) inputs")
        }
        return try MLP(layers: [plane.folded(into: layers[0])] + layers.dropFirst(), activation: activation)
    }

    /// Every output at a point of the input space: a direct forward pass.
    public func outputs(_ x: [Double]) -> [Double] {
        precondition(x.count == inputCount, "point dimension does not match the network")
        var h = x
        for (l, layer) in layers.enumerated() {
            h = MLP.affine(layer, h)
            if l < layers.count - 1 { for i in h.indices { h[i] = activation.apply(h[i]) } }
        }
        return h
    }
}
