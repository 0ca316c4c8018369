import Foundation

/// A network as stored on disk: the MLP plus the metadata nnviz keeps beside it.
///
/// nnviz writes the layout PyTorch writes for `nn.Sequential(Linear(2,w), act, …, Linear(w,1))` with
/// `safetensors.torch.save_file`: `0.weight` `[out, in]`, `0.bias`, `2.weight`, …; it reads any state
/// dict `StateDictLayers` can chain (named modules, nested prefixes, BatchNorm1d, bias=False).
public struct ModelFile: Sendable {
    public var mlp: MLP
    /// What the network's outputs mean (metadata `task`, `classes`, `channels`).
    public var task: LearningTask
    /// The input rectangle the model was trained on, if the file records one.
    public var domain: Domain?
    /// Every metadata entry of the file, including the ones interpreted above.
    public var metadata: [String: String]
    /// Whether the activation came from the file's metadata (false: nnviz assumed ReLU).
    public var activationFromMetadata: Bool

    /// Without `task`, a one-output network is binary and a K-output one classes in the default palette.
    public init(mlp: MLP, domain: Domain?, task: LearningTask? = nil, metadata: [String: String] = [:]) {
        self.mlp = mlp
        self.task =
            task ?? (mlp.outputCount == 1 ? .binary : .classes(ClassColor.defaultPalette(count: mlp.outputCount)))
        self.domain = domain
        self.metadata = metadata
        self.activationFromMetadata = true
    }

    /// Reads a state dict (see `StateDictLayers` for the layouts it understands); `layerOrder` names
    /// the modules in order when the shapes alone leave it open. A network whose inputs are not
    /// (x, y) is refused here with a line saying how to open it on a plane (`NetworkFile`).
    public init(contentsOf url: URL, layerOrder: [String]? = nil) throws {
        try self.init(safetensors: SafetensorsFile(contentsOf: url), layerOrder: layerOrder)
    }

    public init(safetensors file: SafetensorsFile, layerOrder: [String]? = nil) throws {
        try self.init(NetworkFile(safetensors: file, layerOrder: layerOrder))
    }

    public init(_ file: NetworkFile) throws {
        self.mlp = try file.network.planeNetwork()
        self.task = file.task
        self.domain = file.domain
        self.metadata = file.metadata
        self.activationFromMetadata = file.activationFromMetadata
    }

    /// The safetensors form: `0.weight`, `0.bias`, `2.weight`, … plus metadata.
    public var safetensors: SafetensorsFile {
        var tensors: [String: Tensor] = [:]
        for (i, layer) in mlp.layers.enumerated() {
            tensors["\(2 * i).weight"] = Tensor(shape: [layer.outputs, layer.inputs], values: layer.weight)
            tensors["\(2 * i).bias"] = Tensor(shape: [layer.outputs], values: layer.bias)
        }
        var meta = metadata
        for key in ["task", "classes", "channels"] { meta.removeValue(forKey: key) }
        meta.merge(task.metadata) { _, new in new }
        meta["activation"] = mlp.activation.name
        meta["negative_slope"] = "\(mlp.activation.negativeSlope)"
        meta["hidden_widths"] = mlp.hiddenWidths.map(String.init).joined(separator: ",")
        if let domain { meta["domain"] = domain.metadataString } else { meta.removeValue(forKey: "domain") }
        return SafetensorsFile(metadata: meta, tensors: tensors)
    }

    /// Writes atomically (temporary file, then rename): a crash never leaves half a model.
    public func write(to url: URL, dtype: TensorDType = .f32) throws {
        let data = try safetensors.serialized(as: dtype)
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw ModelError.io("cannot write \(url.path): \(SafetensorsFile.reason(error))")
        }
    }
}
