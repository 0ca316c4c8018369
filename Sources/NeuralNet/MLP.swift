/// One affine layer, `y = W x + b`, with `W` stored row-major as `[outputs][inputs]`
/// (PyTorch's `nn.Linear.weight` layout).
public struct DenseLayer: Sendable, Equatable {
    public let inputs: Int
    public let outputs: Int
    public var weight: [Double]
    public var bias: [Double]

    public init(inputs: Int, outputs: Int, weight: [Double], bias: [Double]) {
        precondition(
            weight.count == inputs * outputs && bias.count == outputs, "layer storage does not match its shape")
        self.inputs = inputs
        self.outputs = outputs
        self.weight = weight
        self.bias = bias
    }

    @inline(__always)
    public func w(_ out: Int, _ inp: Int) -> Double { weight[out * inputs + inp] }
}

/// A multilayer perceptron from the plane to K outputs: 2 → hidden layers → K. One output is a
/// binary logit or a grey level; K outputs are class logits (argmax decides) or RGB channels.
/// Every hidden layer is followed by the same activation; the output layer is affine.
public struct MLP: Sendable, Equatable {
    public var layers: [DenseLayer]
    public var activation: Activation

    /// Layers this module built and checked itself (the trainer's, whose weights its divergence
    /// guard keeps finite): no validation.
    init(trustedLayers layers: [DenseLayer], activation: Activation) {
        self.layers = layers
        self.activation = activation
    }

    /// The most outputs a network may have (a 12-class task needs 12; models from elsewhere more).
    public static let maxOutputs = 256

    /// Validates the chain 2 → … → K (1 ≤ K ≤ `maxOutputs`) and that every parameter is finite.
    public init(layers: [DenseLayer], activation: Activation) throws {
        if let first = layers.first, first.inputs != 2 { throw ModelError.inputSize(first.inputs) }
        // Every other check (shapes chain, finite, 1…maxOutputs outputs, a hidden layer) is the
        // general network's.
        let checked = try GeneralNetwork(layers: layers, activation: activation)
        self.layers = checked.layers
        self.activation = checked.activation
    }

    /// Widths of the hidden layers, in order.
    public var hiddenWidths: [Int] { layers.dropLast().map(\.outputs) }
    public var hiddenLayerCount: Int { layers.count - 1 }
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.weight.count + $1.bias.count } }

    /// K, the number of outputs.
    public var outputCount: Int { layers[layers.count - 1].outputs }

    /// Every output at a point: a direct forward pass.
    public func outputs(_ x: Double, _ y: Double) -> [Double] {
        var h = [x, y]
        for (l, layer) in layers.enumerated() {
            h = Self.affine(layer, h)
            if l < layers.count - 1 { for i in h.indices { h[i] = activation.apply(h[i]) } }
        }
        return h
    }

    /// The first output at a point (the logit of a one-output network).
    public func logit(_ x: Double, _ y: Double) -> Double { outputs(x, y)[0] }

    /// The index of the largest output at a point (the first one on a tie), as argmax does.
    public func winner(_ x: Double, _ y: Double) -> Int {
        let z = outputs(x, y)
        var best = 0
        for i in z.indices where z[i] > z[best] { best = i }
        return best
    }

    /// Pre-activations of every hidden layer at a point (what decides the activation pattern).
    public func preActivations(_ x: Double, _ y: Double) -> [[Double]] {
        var h = [x, y]
        var out: [[Double]] = []
        for layer in layers.dropLast() {
            let z = Self.affine(layer, h)
            out.append(z)
            h = z.map(activation.apply)
        }
        return out
    }

    /// The activation pattern at a point: per hidden layer, 1 where the pre-activation is > 0.
    public func pattern(_ x: Double, _ y: Double) -> [[UInt8]] {
        preActivations(x, y).map { $0.map { $0 > 0 ? 1 : 0 } }
    }

    @inline(__always)
    static func affine(_ layer: DenseLayer, _ h: [Double]) -> [Double] {
        var z = layer.bias
        layer.weight.withUnsafeBufferPointer { w in
            for o in 0..<layer.outputs {
                var s = 0.0
                let row = o * layer.inputs
                for i in 0..<layer.inputs { s += w[row + i] * h[i] }
                z[o] += s
            }
        }
        return z
    }
}

extension MLP {
    /// A network initialised as PyTorch's `nn.Linear` does by default: weights and biases
    /// uniform in ±1/√fan_in.
    public static func pytorchDefault(
        hiddenWidths: [Int], outputs: Int = 1, activation: Activation, seed: UInt64
    ) throws -> MLP {
        guard !hiddenWidths.isEmpty else { throw ModelError.invalidArchitecture("at least one hidden layer is needed") }
        guard hiddenWidths.allSatisfy({ $0 > 0 }) else {
            throw ModelError.invalidArchitecture("layer widths must be positive")
        }
        var rng = SeededGenerator(seed: seed)
        let dims = [2] + hiddenWidths + [outputs]
        var layers: [DenseLayer] = []
        for i in 0..<(dims.count - 1) {
            let bound = 1 / Double(dims[i]).squareRoot()
            let w = (0..<(dims[i] * dims[i + 1])).map { _ in rng.symmetric(bound) }
            let b = (0..<dims[i + 1]).map { _ in rng.symmetric(bound) }
            layers.append(DenseLayer(inputs: dims[i], outputs: dims[i + 1], weight: w, bias: b))
        }
        return try MLP(layers: layers, activation: activation)
    }
}
