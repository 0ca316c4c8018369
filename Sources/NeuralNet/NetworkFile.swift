import Foundation

/// A network file with any number of inputs, as read: the network, what its outputs mean and the
/// metadata. `ModelFile` is the two-input case nnviz draws directly; a network with n ≠ 2 inputs
/// is drawn on a `PlaneSlice`.
public struct NetworkFile: Sendable {
    public var network: GeneralNetwork
    /// What the network's outputs mean (metadata `task`, `classes`, `channels`).
    public var task: LearningTask
    /// The input rectangle the model was trained on, if the file records one (two-input models).
    public var domain: Domain?
    public var metadata: [String: String]
    /// Whether the activation came from the file's metadata (false: nnviz assumed ReLU).
    public var activationFromMetadata: Bool
    /// The modules in the order they were chained (BatchNorm ones included).
    public var moduleOrder: [String]

    public init(contentsOf url: URL, layerOrder: [String]? = nil) throws {
        try self.init(safetensors: SafetensorsFile(contentsOf: url), layerOrder: layerOrder)
    }

    public init(safetensors file: SafetensorsFile, layerOrder: [String]? = nil) throws {
        let meta = file.metadata
        var slope: Double? = nil
        if let s = meta["negative_slope"] {
            guard let v = Double(s.trimmingCharacters(in: .whitespaces)), v.isFinite else {
                throw ModelError.invalidActivation("metadata negative_slope '\(s)' is not a finite number")
            }
            slope = v
        }
        let activation: Activation
        if let name = meta["activation"] {
            activation = try Activation(name: name, negativeSlope: slope)
        } else {
            activation = .relu
        }
        var domain: Domain? = nil
        if let d = meta["domain"] {
            guard let parsed = Domain(metadata: d) else {
                throw ModelError.badHeader("metadata domain '\(d)' is not 'x0,x1,y0,y1' with x0 < x1 and y0 < y1")
            }
            domain = parsed
        }
        let chain = try StateDictLayers(tensors: file.tensors, metadata: meta, layerOrder: layerOrder)
        self.network = try GeneralNetwork(layers: chain.layers, activation: activation)
        self.task = try LearningTask(metadata: meta, outputs: network.outputCount)
        self.domain = domain
        self.metadata = meta
        self.activationFromMetadata = meta["activation"] != nil
        self.moduleOrder = chain.moduleOrder
    }
}
