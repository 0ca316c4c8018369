extension MLP {
    /// The network cut after its first `k` hidden layers, with one constant output (z ≡ 1): its
    /// exact partition is the plane as those layers alone carve it — the refinement seen after
    /// layer k — and it has no decision boundary. `k` is clamped to 1…`hiddenLayerCount`.
    public func prefix(hiddenLayers k: Int) -> MLP {
        let k = min(max(k, 1), hiddenLayerCount)
        let width = layers[k - 1].outputs
        let constant = DenseLayer(inputs: width, outputs: 1, weight: [Double](repeating: 0, count: width), bias: [1])
        return MLP(trustedLayers: Array(layers.prefix(k)) + [constant], activation: activation)
    }
}
